// Which cluster a command talks to: the BBS's gRPC address and the NATS URL,
// from (highest precedence first) flags, environment, the config file that
// `gantry up` writes, then the defaults of ARCHITECTURE.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { usageError } from './exit.ts';

export const defaultBbsAddress = '127.0.0.1:8889';
export const defaultNatsUrl = 'nats://127.0.0.1:4222';

export type TargetSource = 'flag' | 'env' | 'file' | 'default';

export interface Target {
  bbsAddress: string;
  natsUrl: string;
  /** Where each value came from, so an error can say what to change. */
  sources: { bbs: TargetSource; nats: TargetSource };
  /** The config file consulted (whether or not it existed). */
  configFile: string;
}

/** What the config file holds; `gantry up` writes it. */
export interface TargetFile {
  bbsAddress?: string;
  natsUrl?: string;
  /** The state dir of the local cluster that wrote this file. */
  stateDir?: string;
}

type Env = Record<string, string | undefined>;

function home(env: Env): string {
  return env.HOME || os.homedir();
}

/** $XDG_CONFIG_HOME/gantry/config.json, else ~/.config/gantry/config.json. */
export function configFilePath(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(home(env), '.config');
  return path.join(base, 'gantry', 'config.json');
}

/** $XDG_STATE_HOME/gantry, else ~/.local/state/gantry: the local cluster's data, logs and pid file. */
export function stateDirPath(env: Env = process.env): string {
  const base = env.XDG_STATE_HOME || path.join(home(env), '.local', 'state');
  return path.join(base, 'gantry');
}

export function validateBbsAddress(address: string, from: string): string {
  if (!/^[^\s:]+:\d{1,5}$/.test(address) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(address)) {
    throw usageError(`${from}: expected HOST:PORT for the BBS address, got ${JSON.stringify(address)}`);
  }
  return address;
}

export function validateNatsUrl(url: string, from: string): string {
  const parts = url.split(',').map((s) => s.trim());
  for (const p of parts) {
    if (!/^(nats|tls|ws|wss):\/\/[^\s/]+$/.test(p) && !/^[^\s:/]+:\d{1,5}$/.test(p)) {
      throw usageError(`${from}: expected a NATS URL like nats://127.0.0.1:4222, got ${JSON.stringify(url)}`);
    }
  }
  return url;
}

/** Pure resolution: flags over environment over file over defaults. */
export function resolveTarget(input: { flags: { bbs?: string; nats?: string }; env: Env; file: TargetFile | null; configFile: string }): Target {
  const { flags, env, file } = input;
  let bbs: [string, TargetSource];
  if (flags.bbs) bbs = [validateBbsAddress(flags.bbs, '--bbs'), 'flag'];
  else if (env.GANTRY_BBS_ADDRESS) bbs = [validateBbsAddress(env.GANTRY_BBS_ADDRESS, 'GANTRY_BBS_ADDRESS'), 'env'];
  else if (file?.bbsAddress) bbs = [validateBbsAddress(file.bbsAddress, input.configFile), 'file'];
  else bbs = [defaultBbsAddress, 'default'];
  let nats: [string, TargetSource];
  if (flags.nats) nats = [validateNatsUrl(flags.nats, '--nats'), 'flag'];
  else if (env.GANTRY_NATS_URL) nats = [validateNatsUrl(env.GANTRY_NATS_URL, 'GANTRY_NATS_URL'), 'env'];
  else if (file?.natsUrl) nats = [validateNatsUrl(file.natsUrl, input.configFile), 'file'];
  else nats = [defaultNatsUrl, 'default'];
  return { bbsAddress: bbs[0], natsUrl: nats[0], sources: { bbs: bbs[1], nats: nats[1] }, configFile: input.configFile };
}

/** A target given in code (the supervisor, benches): both addresses as if from flags. */
export function targetAt(bbsAddress: string, natsUrl = defaultNatsUrl): Target {
  return { bbsAddress, natsUrl, sources: { bbs: 'flag', nats: 'flag' }, configFile: '' };
}

/** Reads the config file; null when it does not exist. A file that is not JSON is a usage error. */
export function readTargetFile(file: string): TargetFile | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as TargetFile;
  } catch (err) {
    throw usageError(`${file}: ${(err as Error).message}; fix it or delete it (\`gantry up\` writes a new one)`);
  }
}

export function writeTargetFile(file: string, target: TargetFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(target, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

/** The target of this invocation. */
export function loadTarget(flags: { bbs?: string; nats?: string }, env: Env = process.env): Target {
  const configFile = configFilePath(env);
  return resolveTarget({ flags, env, file: readTargetFile(configFile), configFile });
}

/** A hint for errors: how the BBS address was chosen, so the user knows what to change. */
export function describeSource(target: Target, which: 'bbs' | 'nats'): string {
  switch (target.sources[which]) {
    case 'flag':
      return `from --${which}`;
    case 'env':
      return `from ${which === 'bbs' ? 'GANTRY_BBS_ADDRESS' : 'GANTRY_NATS_URL'}`;
    case 'file':
      return `from ${target.configFile}`;
    case 'default':
      return 'the default';
  }
}
