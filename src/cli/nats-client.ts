// The CLI's NATS connection (logs, droplet uploads): fail fast with a message
// that says what to do, rather than reconnecting forever as a server process does.
import { connect, type NatsConnection } from 'nats';
import { natsTlsOptions } from '../common/tls.ts';
import { CliError, exitCodes } from './exit.ts';
import { describeSource, plaintextServer, targetTls, tlsFailure, type Target } from './target.ts';

/** A TLS failure in nats.js's words, or null. */
function natsTlsProblem(err: { code?: string; message?: string }, withTls: boolean): string | null {
  const text = `${err.code ?? ''} ${err.message ?? ''}`;
  if (/SERVER_OPT_NA/.test(text) && withTls) return plaintextServer;
  if (/UNABLE_TO_VERIFY|SELF_SIGNED|CERT_|self.signed|unable to (verify|get local issuer)/i.test(text)) {
    return withTls ? 'its certificate is not signed by the CA given (--tls-ca-file)' : 'it requires TLS';
  }
  if (/altnames|does not match certificate/i.test(text)) return 'its certificate is not for this host (see `gantry certs --host`)';
  return null;
}

export async function connectCliNats(target: Target, timeoutMs = 5000): Promise<NatsConnection> {
  const tls = targetTls(target);
  try {
    return await connect({
      servers: target.natsUrl.split(',').map((s) => s.trim()),
      name: `gantry-cli-${process.pid}`,
      timeout: timeoutMs,
      maxReconnectAttempts: 10,
      reconnectTimeWait: 250,
      ...natsTlsOptions(tls),
    });
  } catch (err) {
    const server = `NATS at ${target.natsUrl} (${describeSource(target, 'nats')})`;
    // nats-server with `verify` closes the connection after the handshake when
    // it does not accept the client certificate, which nats.js sees only as a TIMEOUT.
    if (tls && (err as { code?: string }).code === 'TIMEOUT') {
      const problem = `it did not complete the connection within ${timeoutMs} ms: it does not accept the client certificate, or it is unreachable`;
      throw new CliError(tlsFailure(server, target, problem), exitCodes.failure);
    }
    const problem = natsTlsProblem(err as { code?: string; message?: string }, !!tls);
    if (problem) throw new CliError(tlsFailure(server, target, problem), exitCodes.failure);
    throw new CliError(
      `cannot reach NATS at ${target.natsUrl} (${describeSource(target, 'nats')}): ${(err as Error).message}.\n` +
        'Is the cluster up? Run `gantry up` (or point at another NATS with --nats URL or GANTRY_NATS_URL).',
      exitCodes.failure,
    );
  }
}
