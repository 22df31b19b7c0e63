// Which cluster a command talks to: the BBS's gRPC address, the NATS URL and
// the client certificate for mutual TLS, from (highest precedence first) flags,
// environment, the config file that `gantry up` writes, then the defaults of
// ARCHITECTURE.md (and no TLS).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../common/config.ts';
import { loadTls, tlsFilesOf, type Tls, type TlsFieldNames, type TlsFiles } from '../common/tls.ts';
import { usageError } from './exit.ts';

export const defaultBbsAddress = '127.0.0.1:8889';
export const defaultNatsUrl = 'nats://127.0.0.1:4222';

export type TargetSource = 'flag' | 'env' | 'file' | 'default';

export interface Target {
  bbsAddress: string;
  natsUrl: string;
  /** The operator's certificate, its key and the cluster's CA; undefined: plaintext. */
  tls?: TlsFiles;
  /** Where each value came from, so an error can say what to change (tls: the first of the three files' sources). */
  sources: { bbs: TargetSource; nats: TargetSource; tls: TargetSource };
  /** The config file consulted (whether or not it existed). */
  configFile: string;
}

/** What the config file holds; `gantry up` writes it. */
export interface TargetFile {
  bbsAddress?: string;
  natsUrl?: string;
  /** The state dir of the local cluster that wrote this file. */
  stateDir?: string;
  /** The client certificate of a cluster with mutual TLS (absolute paths). */
  tlsCaFile?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
}

/** The TLS settings as flags, environment variables and config-file keys name them. */
const tlsSettings = [
  { field: 'caFile', key: 'tlsCaFile', flag: 'tls-ca-file', env: 'GANTRY_TLS_CA_FILE' },
  { field: 'certFile', key: 'tlsCertFile', flag: 'tls-cert-file', env: 'GANTRY_TLS_CERT_FILE' },
  { field: 'keyFile', key: 'tlsKeyFile', flag: 'tls-key-file', env: 'GANTRY_TLS_KEY_FILE' },
] as const;

export interface TargetFlags {
  bbs?: string;
  nats?: string;
  'tls-ca-file'?: string;
  'tls-cert-file'?: string;
  'tls-key-file'?: string;
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

/** HOST:PORT, or a comma-separated list of them (every BBS of the cluster: the client uses whichever leads). */
export function validateBbsAddress(address: string, from: string): string {
  const parts = address.split(',').map((s) => s.trim());
  for (const p of parts) {
    if (!/^[^\s:]+:\d{1,5}$/.test(p) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(p)) {
      throw usageError(`${from}: expected HOST:PORT for the BBS address (or several, comma-separated), got ${JSON.stringify(address)}`);
    }
  }
  return parts.join(',');
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

/** Each TLS file on its own, flags over environment over file; then all three or none. */
function resolveTls(flags: TargetFlags, env: Env, file: TargetFile | null, configFile: string): { tls?: TlsFiles; source: TargetSource } {
  const values = { tlsCaFile: '', tlsCertFile: '', tlsKeyFile: '' };
  const names = {} as TlsFieldNames;
  const order: TargetSource[] = ['flag', 'env', 'file', 'default'];
  let source: TargetSource = 'default';
  for (const s of tlsSettings) {
    let found: [string, TargetSource, string] | undefined;
    if (flags[s.flag]) found = [flags[s.flag]!, 'flag', `--${s.flag}`];
    else if (env[s.env]) found = [env[s.env]!, 'env', s.env];
    else if (file?.[s.key]) found = [file[s.key]!, 'file', `${s.key} in ${configFile}`];
    values[s.key] = found?.[0] ?? '';
    names[s.field] = found?.[2] ?? `--${s.flag}`;
    if (found && order.indexOf(found[1]) < order.indexOf(source)) source = found[1];
  }
  try {
    const tls = tlsFilesOf(values, names);
    return tls ? { tls, source } : { source: 'default' };
  } catch (err) {
    if (err instanceof ConfigError) throw usageError(err.message);
    throw err;
  }
}

/** Pure resolution: flags over environment over file over defaults. */
export function resolveTarget(input: { flags: TargetFlags; env: Env; file: TargetFile | null; configFile: string }): Target {
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
  const tls = resolveTls(flags, env, file, input.configFile);
  return {
    bbsAddress: bbs[0],
    natsUrl: nats[0],
    ...(tls.tls ? { tls: tls.tls } : {}),
    sources: { bbs: bbs[1], nats: nats[1], tls: tls.source },
    configFile: input.configFile,
  };
}

/** A target given in code (the supervisor, benches): everything as if from flags. */
export function targetAt(bbsAddress: string, natsUrl = defaultNatsUrl, tls?: TlsFiles): Target {
  return { bbsAddress, natsUrl, ...(tls ? { tls } : {}), sources: { bbs: 'flag', nats: 'flag', tls: tls ? 'flag' : 'default' }, configFile: '' };
}

const loaded = new WeakMap<Target, Tls>();
/** The target's TLS material, read once per command; an unreadable file is a usage error naming it. */
export function targetTls(target: Target): Tls | undefined {
  if (!target.tls) return undefined;
  let tls = loaded.get(target);
  if (!tls) {
    try {
      tls = loadTls(target.tls, { caFile: '--tls-ca-file', certFile: '--tls-cert-file', keyFile: '--tls-key-file' });
    } catch (err) {
      if (err instanceof ConfigError) throw usageError(`${err.message} (${describeSource(target, 'tls')})`);
      throw err;
    }
    loaded.set(target, tls);
  }
  return tls;
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
export function loadTarget(flags: TargetFlags, env: Env = process.env): Target {
  const configFile = configFilePath(env);
  return resolveTarget({ flags, env, file: readTargetFile(configFile), configFile });
}

/** A hint for errors: how the BBS address (or NATS URL, or certificate) was chosen, so the user knows what to change. */
export function describeSource(target: Target, which: 'bbs' | 'nats' | 'tls'): string {
  switch (target.sources[which]) {
    case 'flag':
      return `from ${which === 'tls' ? 'the --tls-* flags' : `--${which}`}`;
    case 'env':
      return `from ${{ bbs: 'GANTRY_BBS_ADDRESS', nats: 'GANTRY_NATS_URL', tls: 'GANTRY_TLS_*_FILE' }[which]}`;
    case 'file':
      return `from ${target.configFile}`;
    case 'default':
      return 'the default';
  }
}

/** The problem of a TLS client talking to a server without TLS: no certificate will help. */
export const plaintextServer = 'it does not use TLS (drop the --tls-* settings, or the tls* keys of the config file, to talk to it)';

/** A failed TLS handshake with `server` (e.g. "the BBS at H:P (from --bbs)"), and what to do about it. */
export function tlsFailure(server: string, target: Target, problem: string, what?: string): string {
  const first = `${server} refused the connection's TLS handshake${what ? `, so could not ${what}` : ''}: ${problem}.`;
  if (problem === plaintextServer) return first;
  const fix = 'set --tls-ca-file, --tls-cert-file and --tls-key-file (or GANTRY_TLS_*_FILE) to the cluster\'s CA and a client certificate it signed, or run against the cluster `gantry up` made (its config file names them)';
  if (!target.tls) return `${first}\nThe cluster requires mutual TLS: ${fix}.`;
  return `${first}\nThe client certificate ${target.tls.certFile} (${describeSource(target, 'tls')}) may be signed by another CA than the cluster's: ${fix}.`;
}
