// NATS connection and the subjects every process agrees on.
import { connect, type NatsConnection } from 'nats';
import type { Logger } from './log.ts';
import { natsTlsOptions, type Tls } from './tls.ts';

export const subjects = {
  /** Cells publish a CellPresence here at every heartbeat. */
  cellPresence: 'gantry.cells.presence',
  /** A cell shutting down cleanly publishes its CellPresence here once. */
  cellGoodbye: 'gantry.cells.goodbye',
  /** An instance's or task's stdout/stderr lines, per log guid. */
  logs: (logGuid: string) => `gantry.logs.${logGuid}`,
  /** gorouter's registration subjects, so a real gorouter could sit in front. */
  routerRegister: 'router.register',
  routerUnregister: 'router.unregister',
} as const;

export interface NatsOptions {
  servers: string | string[];
  name: string;
  log: Logger;
  user?: string;
  pass?: string;
  /** Client certificate and CA for a nats-server that requires TLS (the URL stays nats://: the client upgrades). */
  tls?: Tls;
}

/** Connect and keep reconnecting forever: a restarted nats-server must not kill a process. */
export async function connectNats(opts: NatsOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: opts.servers,
    name: opts.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
    ...(opts.user ? { user: opts.user, pass: opts.pass } : {}),
    ...natsTlsOptions(opts.tls),
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'pingTimer') continue;
      opts.log.info('nats status', { type: s.type, data: typeof s.data === 'string' ? s.data : undefined });
    }
  })();
  return nc;
}
