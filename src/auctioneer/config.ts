// The auctioneer's settings (defaults < --config file < GANTRY_* env < flags).
import { ConfigError, setting, type ConfigOf } from '../common/config.ts';
import { checkAddresses } from '../common/grpc-target.ts';
import { tlsConfigSpec } from '../common/tls.ts';
import { DEFAULT_MAX_RETRIES, DEFAULT_STRATEGY, type AuctionStrategy } from './auction/index.ts';

export const auctioneerConfigSpec = {
  listen: setting.string('127.0.0.1:9016', 'host:port of the Auctioneer gRPC API (port 0 picks a free one)'),
  metricsListen: setting.string('127.0.0.1:9017', 'host:port of the Prometheus /metrics endpoint; empty turns it off'),
  natsUrl: setting.list(['nats://127.0.0.1:4222'], 'NATS server URLs (cell presence heartbeats, leader lock)'),
  natsUser: setting.string('', 'NATS user (empty: none)'),
  natsPass: setting.string('', 'NATS password'),
  bbsAddress: setting.string('127.0.0.1:8889', 'host:port of the BBS, or of every BBS comma-separated (only the leader listens), where placement failures are reported'),
  bbsDeadlineMs: setting.number(5000, 'deadline of one failure report to the BBS'),
  bbsReportConcurrency: setting.number(32, 'failure reports in flight to the BBS at once'),
  batchWindowMs: setting.number(50, 'how long an idle auctioneer gathers requests before auctioning them together'),
  maxBatchSize: setting.number(50_000, 'most pieces of work per batch (0: no limit); a backlog drains over consecutive batches'),
  stateTimeoutMs: setting.number(1000, 'how long to wait for a cell\'s State; a cell slower than this is left out of the batch'),
  performTimeoutMs: setting.number(5000, 'deadline of a Perform call; a cell that misses it counts as refusing the work'),
  cellTimeoutMs: setting.number(3000, 'a cell not heard from (presence heartbeat) for this long is dropped'),
  cellDiscoveryMs: setting.number(1500, 'after starting, how long to listen for cell heartbeats before the first batch'),
  strategy: setting.string(DEFAULT_STRATEGY, 'auction strategy: gantry (default) or diego'),
  auctionWorker: setting.boolean(true, 'run the auction (and the decoding of cell states) in a worker thread, so the service stays responsive meanwhile'),
  maxRetries: setting.number(DEFAULT_MAX_RETRIES, 'times work a cell refused at Perform is offered to other cells before it fails'),
  lockTtlMs: setting.number(3000, 'leader lock TTL: a standby takes over at most about this long after the leader dies'),
  lockBucket: setting.string('gantry-locks-auctioneer', 'JetStream KV bucket of the leader lock'),
  owner: setting.string('', 'name of this auctioneer in the leader lock (default host:pid)'),
  ...tlsConfigSpec,
};

export type AuctioneerConfig = ConfigOf<typeof auctioneerConfigSpec>;

export const STRATEGIES: readonly AuctionStrategy[] = ['gantry', 'diego'];

/** Settings that must make sense together, checked before anything starts. */
export function checkConfig(config: AuctioneerConfig): AuctionStrategy {
  if (!STRATEGIES.includes(config.strategy as AuctionStrategy)) {
    throw new ConfigError(`strategy: expected one of ${STRATEGIES.join(', ')}, got ${JSON.stringify(config.strategy)}`);
  }
  const positive: (keyof AuctioneerConfig)[] = ['stateTimeoutMs', 'performTimeoutMs', 'cellTimeoutMs', 'lockTtlMs', 'bbsDeadlineMs', 'bbsReportConcurrency'];
  for (const name of positive) {
    if (!((config[name] as number) > 0)) throw new ConfigError(`${name}: must be more than 0, got ${config[name]}`);
  }
  const nonNegative: (keyof AuctioneerConfig)[] = ['batchWindowMs', 'maxBatchSize', 'maxRetries', 'cellDiscoveryMs'];
  for (const name of nonNegative) {
    const v = config[name] as number;
    if (!(v >= 0) || !Number.isInteger(v)) throw new ConfigError(`${name}: must be a whole number, 0 or more, got ${v}`);
  }
  checkAddresses('bbsAddress', config.bbsAddress);
  return config.strategy as AuctionStrategy;
}
