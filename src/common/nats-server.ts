// Starts a real nats-server with JetStream on loopback: used by `gantry up`
// and by every integration test. It never falls back to anything else: a
// missing binary is an error that says how to install it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './net.ts';
import type { TlsFiles } from './tls.ts';

export interface NatsServerHandle {
  url: string;
  port: number;
  storeDir: string;
  /** SIGKILL-free restart on the same port and store (for fault tests). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function natsServerBinary(): string {
  const candidates = [process.env.NATS_SERVER_BIN, ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'nats-server')), '/usr/sbin/nats-server', '/usr/bin/nats-server'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('nats-server not found: run `bash scripts/setup.sh` (installs Debian\'s nats-server) or set NATS_SERVER_BIN');
}

export interface NatsServerOptions {
  port?: number;
  storeDir?: string;
  /** Keep the store dir on stop (gantry up keeps its state). */
  keepStore?: boolean;
  logFile?: string;
  /** Require TLS with a client certificate signed by tls.caFile on every connection. */
  tls?: TlsFiles;
}

/** nats-server's own handshake deadline is short for a loaded machine; a slow handshake must not drop a client. */
const tlsHandshakeTimeoutSeconds = 5;

/** The config file of a nats-server that requires TLS and verifies client certificates (2.9 syntax). */
export function natsServerTlsConfig(tls: TlsFiles): string {
  return [
    '# Written by gantry: every client must present a certificate signed by ca_file.',
    'tls {',
    `  cert_file: ${JSON.stringify(tls.certFile)}`,
    `  key_file: ${JSON.stringify(tls.keyFile)}`,
    `  ca_file: ${JSON.stringify(tls.caFile)}`,
    '  verify: true',
    `  timeout: ${tlsHandshakeTimeoutSeconds}`,
    '}',
    '',
  ].join('\n');
}

export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const bin = natsServerBinary();
  const port = opts.port ?? (await freePort());
  const storeDir = opts.storeDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-nats-'));
  let child: ChildProcess | undefined;
  // TLS goes in a config file, the same block as in production (docs/security.md),
  // which can also set the handshake timeout; the rest stay flags.
  const confDir = opts.tls ? fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-nats-conf-')) : undefined;
  const confArgs = confDir ? ['-c', path.join(confDir, 'nats-server.conf')] : [];
  if (confDir) fs.writeFileSync(confArgs[1]!, natsServerTlsConfig(opts.tls!));

  const launch = async () => {
    const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
    child = spawn(bin, [...confArgs, '-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', out, out] });
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`nats-server exited with ${code} before it was ready`))));
    await Promise.race([waitForPort('127.0.0.1', port, 10_000), exited]);
    child.removeAllListeners('exit');
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      // This process, not `child`: after a restart `child` is the new server, which the
      // SIGKILL meant for a stuck old one must never reach.
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      const force = setTimeout(() => c.kill('SIGKILL'), 5000);
      force.unref();
      c.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      c.kill('SIGTERM');
    });

  try {
    await launch();
  } catch (err) {
    if (confDir) fs.rmSync(confDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      if (confDir) fs.rmSync(confDir, { recursive: true, force: true });
      if (!opts.keepStore && !opts.storeDir) fs.rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
