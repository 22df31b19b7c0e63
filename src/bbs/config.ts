// The BBS's settings (defaults < --config file < GANTRY_* env < flags).
import { ConfigError, loadConfig, setting, type ConfigOf } from '../common/config.ts';
import { checkAddresses } from '../common/grpc-target.ts';
import { tlsConfigSpec } from '../common/tls.ts';

export const bbsConfigSpec = {
  listen: setting.string('127.0.0.1:8889', 'host:port of the BBS gRPC API (port 0 picks a free one)'),
  metricsListen: setting.string('127.0.0.1:8890', 'host:port of the Prometheus /metrics endpoint; empty turns it off'),
  natsUrl: setting.list(['nats://127.0.0.1:4222'], 'NATS server URLs (state in JetStream KV, leader lock, cell presence)'),
  natsUser: setting.string('', 'NATS user (empty: none)'),
  natsPass: setting.string('', 'NATS password'),
  kvReplicas: setting.number(1, 'JetStream replicas of each state bucket (1 on a single nats-server; 3 on a cluster)'),
  kvWriteTimeoutMs: setting.number(5000, 'how long a state write may wait for JetStream; past it the request fails UNAVAILABLE'),
  auctioneerAddress: setting.string('127.0.0.1:9016', 'host:port of the auctioneer, or of every auctioneer comma-separated (only the leader listens; the BBS talks to whichever accepts)'),
  auctionBatchWindowMs: setting.number(5, 'how long auction requests are gathered before one call to the auctioneer'),
  auctionMaxPending: setting.number(100_000, 'most instances + tasks waiting to be sent to the auctioneer; more are dropped (convergence asks again)'),
  auctionMaxInFlight: setting.number(4, 'most calls to the auctioneer in flight at once'),
  auctioneerDeadlineMs: setting.number(10_000, 'deadline of one call to the auctioneer'),
  repDeadlineMs: setting.number(5000, 'deadline of a stop or cancel request to a cell\'s rep'),
  convergenceIntervalMs: setting.number(30_000, 'interval of the periodic convergence pass'),
  cellLostTimeoutMs: setting.number(3000, 'a cell whose heartbeats stop for this long is lost (and convergence runs at once)'),
  cellCheckIntervalMs: setting.number(250, 'how often cell heartbeats are checked for staleness'),
  cellProbeAfterMs: setting.number(0, 'a cell silent this long has its rep address probed; a refused connection (its process is gone) loses it at once, before the lost timeout. 0 = half the lost timeout; -1 = never'),
  staleUnclaimedMs: setting.number(30_000, 'an UNCLAIMED instance older than this is auctioned again'),
  pendingTaskMaxAgeMs: setting.number(30 * 60_000, 'a PENDING task older than this fails'),
  completedTaskTtlMs: setting.number(2 * 60_000, 'a COMPLETED task nobody resolves is deleted after this long'),
  resolvingTaskTimeoutMs: setting.number(30_000, 'a RESOLVING task older than this goes back to COMPLETED'),
  maxTaskRetries: setting.number(3, 'rejections a task survives before the next one fails it'),
  lockTtlMs: setting.number(3000, 'leader lock TTL: a standby takes over at most about this long after the leader dies'),
  lockRefreshMs: setting.number(500, 'how often the leader refreshes its lock (and a standby tries to take it); the event loop may stall for the TTL minus this without losing the lock'),
  lockBucket: setting.string('gantry-locks-bbs', 'JetStream KV bucket of the leader lock'),
  auctioneerLockBucket: setting.string('gantry-locks-auctioneer', 'JetStream KV bucket of the auctioneer\'s leader lock, read (never written) to notice a new auctioneer leader'),
  takeoverReauctionMs: setting.number(2000, 'after this BBS takes over, or a new auctioneer leads, UNCLAIMED instances from before the change that are still UNCLAIMED this long after it are auctioned again (their auction may have died with the old leader); 0 leaves them to staleUnclaimedMs'),
  owner: setting.string('', 'name of this BBS in the leader lock (default host:pid)'),
  subscriberBufferSize: setting.number(10_000, 'events one subscriber may have waiting before it is cut off as too slow (RESOURCE_EXHAUSTED)'),
  maxRequestBytes: setting.number(4 * 1024 * 1024, 'largest request message the gRPC API accepts; larger ones are refused RESOURCE_EXHAUSTED unread (answers such as listings may be larger)'),
  clientRateLimit: setting.number(10_000, 'requests per second one client connection may send (a token bucket per connection; the default sits above what a cell, the auctioneer or a bulk import sends); over it requests are refused RESOURCE_EXHAUSTED; 0 turns the limit off'),
  clientRateBurst: setting.number(20_000, 'requests a quiet client connection may send at once before clientRateLimit applies'),
  countsIntervalMs: setting.number(5000, 'how often the instance-count gauges are refreshed from the model'),
  ...tlsConfigSpec,
};

export type BbsConfig = ConfigOf<typeof bbsConfigSpec>;

/** Defaults for anything not given (tests, the bench and `gantry up` pass partial configs). */
export function bbsConfig(overrides: Partial<BbsConfig> = {}): BbsConfig {
  return { ...loadConfig(bbsConfigSpec, [], {}), ...overrides };
}

/** Settings that must make sense, checked before anything starts. */
export function checkConfig(config: BbsConfig): void {
  const positive: (keyof BbsConfig)[] = [
    'kvReplicas', 'kvWriteTimeoutMs', 'auctionMaxPending', 'auctionMaxInFlight', 'auctioneerDeadlineMs', 'repDeadlineMs',
    'convergenceIntervalMs', 'cellLostTimeoutMs', 'cellCheckIntervalMs', 'lockTtlMs', 'lockRefreshMs', 'subscriberBufferSize', 'countsIntervalMs',
    'maxRequestBytes',
  ];
  for (const name of positive) {
    if (!((config[name] as number) > 0)) throw new ConfigError(`${name}: must be more than 0, got ${config[name]}`);
  }
  const nonNegative: (keyof BbsConfig)[] = [
    'auctionBatchWindowMs', 'staleUnclaimedMs', 'takeoverReauctionMs', 'pendingTaskMaxAgeMs', 'completedTaskTtlMs', 'resolvingTaskTimeoutMs', 'maxTaskRetries',
  ];
  for (const name of nonNegative) {
    if (!((config[name] as number) >= 0)) throw new ConfigError(`${name}: must not be negative, got ${config[name]}`);
  }
  if (!(config.clientRateLimit >= 0)) throw new ConfigError(`clientRateLimit: must not be negative (0 turns the limit off), got ${config.clientRateLimit}`);
  if (config.clientRateLimit > 0 && !(config.clientRateBurst >= 1)) throw new ConfigError(`clientRateBurst: must be at least 1, got ${config.clientRateBurst}`);
  if (config.natsUrl.length === 0) throw new ConfigError('natsUrl: at least one URL is needed');
  checkAddresses('auctioneerAddress', config.auctioneerAddress);
  if (config.lockRefreshMs >= config.lockTtlMs) throw new ConfigError(`lockRefreshMs: must be less than lockTtlMs (${config.lockTtlMs}), got ${config.lockRefreshMs}`);
}
