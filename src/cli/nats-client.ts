// The CLI's NATS connection (logs, droplet uploads): fail fast with a message
// that says what to do, rather than reconnecting forever as a server process does.
import { connect, type NatsConnection } from 'nats';
import { CliError, exitCodes } from './exit.ts';
import { describeSource, type Target } from './target.ts';

export async function connectCliNats(target: Target, timeoutMs = 5000): Promise<NatsConnection> {
  try {
    return await connect({
      servers: target.natsUrl.split(',').map((s) => s.trim()),
      name: `gantry-cli-${process.pid}`,
      timeout: timeoutMs,
      maxReconnectAttempts: 10,
      reconnectTimeWait: 250,
    });
  } catch (err) {
    throw new CliError(
      `cannot reach NATS at ${target.natsUrl} (${describeSource(target, 'nats')}): ${(err as Error).message}.\n` +
        'Is the cluster up? Run `gantry up` (or point at another NATS with --nats URL or GANTRY_NATS_URL).',
      exitCodes.failure,
    );
  }
}
