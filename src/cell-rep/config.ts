// The settings of `gantry cell`, with their defaults. Flags are the names in
// kebab case (--heartbeat-interval-ms), environment variables GANTRY_<NAME>
// (GANTRY_HEARTBEAT_INTERVAL_MS), or a JSON file with --config.
import os from 'node:os';
import path from 'node:path';
import { setting, type ConfigOf } from '../common/config.ts';
import { tlsConfigSpec } from '../common/tls.ts';
import { defaultEvacuationDrainMs, defaultEvacuationPollIntervalMs, defaultEvacuationTimeoutMs } from './evacuation.ts';
import { HEALTH_DEFAULTS } from './health/decisions.ts';

export const cellConfigSpec = {
  cellId: setting.string(os.hostname(), 'this cell\'s id, unique in the cluster'),
  zone: setting.string('z1', 'availability zone of the cell'),
  listenAddress: setting.string('127.0.0.1:1800', 'host:port of the rep\'s gRPC server (port 0 picks one)'),
  advertiseAddress: setting.string('', 'host:port the BBS and auctioneer reach the rep on; empty = the listen address'),
  hostAddress: setting.string('127.0.0.1', 'address the instances\' host ports are reachable on (net_info.address)'),
  metricsHost: setting.string('127.0.0.1', 'host of the Prometheus /metrics server'),
  metricsPort: setting.number(1801, 'port of the Prometheus /metrics server (0 picks one, -1 disables it)'),
  natsUrl: setting.string('nats://127.0.0.1:4222', 'NATS server URL(s), comma-separated'),
  natsUser: setting.string('', 'NATS user (optional)'),
  natsPass: setting.string('', 'NATS password (optional)'),
  bbsAddress: setting.string('127.0.0.1:8889', 'host:port of the BBS gRPC API, or of every BBS comma-separated (only the leader listens; the rep talks to whichever accepts)'),
  bbsDeadlineMs: setting.number(10_000, 'deadline of each call to the BBS'),
  executor: setting.string('docker', 'how instances run: docker | process | sim'),
  memoryMb: setting.number(0, 'memory the cell offers in MB; 0 = the machine\'s total memory'),
  diskMb: setting.number(0, 'disk the cell offers in MB; 0 = the free space of the data dir\'s filesystem'),
  containers: setting.number(250, 'most containers the cell runs at once'),
  pids: setting.number(100_000, 'pid budget shared by the containers\' pid limits'),
  stacks: setting.list([], 'stacks the cell serves; empty = the ones its executor has'),
  placementTags: setting.list([], 'required placement tags (work must ask for each)'),
  optionalPlacementTags: setting.list([], 'optional placement tags'),
  portRangeStart: setting.number(61000, 'first host port handed to containers'),
  portRangeEnd: setting.number(61999, 'last host port handed to containers'),
  heartbeatIntervalMs: setting.number(1000, 'interval of the CellPresence heartbeat on NATS'),
  syncIntervalMs: setting.number(30_000, 'interval of the sync pass against the BBS'),
  evacuationTimeoutMs: setting.number(defaultEvacuationTimeoutMs, 'longest an evacuation waits for replacements before stopping what is left'),
  evacuationPollIntervalMs: setting.number(defaultEvacuationPollIntervalMs, 'how often an evacuating cell asks whether a replacement runs'),
  evacuationDrainMs: setting.number(defaultEvacuationDrainMs, 'how long an evacuating instance keeps serving after its replacement runs (and its route is gone) before it is stopped'),
  defaultStartTimeoutMs: setting.number(HEALTH_DEFAULTS.startTimeoutMs, 'start timeout of an LRP whose DesiredLRP has none'),
  defaultCheckIntervalMs: setting.number(HEALTH_DEFAULTS.livenessIntervalMs, 'liveness probe interval of a check that has none'),
  stopGraceMs: setting.number(10_000, 'SIGTERM → SIGKILL grace when a container is destroyed'),
  dataDir: setting.string(path.join(os.tmpdir(), 'gantry-cell'), 'where the cell keeps its droplet cache and instance directories'),
  dropletCacheMinFreeMb: setting.number(0, 'free space the droplet cache always leaves on the data dir\'s disk; below it the cell takes no new work (0 = only a full disk stops it)'),
  dockerSocket: setting.string('', 'docker executor: the engine\'s unix socket; empty = DOCKER_HOST\'s, else /var/run/docker.sock'),
  dockerTimeoutMs: setting.number(30_000, 'docker executor: deadline of every engine call; one that does not answer marks the cell unhealthy (no new work) until the engine answers again'),
  resourceCheckIntervalMs: setting.number(5000, 'interval of the cell\'s resource check (Docker engine ping, droplet cache disk space) that marks it unhealthy or healthy again'),
  simStartDelayMs: setting.number(0, 'sim executor: how long each start takes'),
  simCrashAfterMs: setting.number(0, 'sim executor: instances exit this long after they start (0 = never)'),
  ...tlsConfigSpec,
};

export type CellConfig = ConfigOf<typeof cellConfigSpec>;

/** Every setting at its default, with overrides (tests and `gantry up`). */
export function cellConfig(overrides: Partial<CellConfig> = {}): CellConfig {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(cellConfigSpec)) out[name] = Array.isArray(s.default) ? [...s.default] : s.default;
  return { ...(out as CellConfig), ...overrides };
}
