// The plan of a local cluster (`gantry up`): which processes, with which
// ports, zones, host port ranges, data dirs and flags. Pure: options and
// ports in, the processes to start out.
import path from 'node:path';
import type { TlsFiles } from '../../common/tls.ts';
import { certFiles, tlsFilesFor } from '../certs/plan.ts';

export type ExecutorName = 'docker' | 'process' | 'sim';
export const executors: readonly ExecutorName[] = ['docker', 'process', 'sim'];

/** Cells are spread round-robin over this many zones: z1, z2, z3, z1, ... */
export const zoneCount = 3;
/**
 * Cell ids carry the cluster's id: the docker executor finds (adopts, and
 * destroys when unknown to the BBS) containers by cell id, so two clusters on
 * one Docker engine must never share one.
 */
export const cellIdOf = (clusterId: string, i: number) => (clusterId ? `${clusterId}-cell-${i}` : `cell-${i}`);
export const zoneOf = (i: number) => `z${((i - 1) % zoneCount) + 1}`;

export interface PortRange {
  first: number;
  last: number;
}

/** Host ports the cells hand to instances (above Linux's ephemeral ports): cell i gets its own slice. */
export const hostPortRange: PortRange = { first: 61000, last: 64999 };

/** "61000-64999" → a range, or an Error saying what is wrong. */
export function parsePortRange(text: string): PortRange {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  const first = Number(m?.[1]);
  const last = Number(m?.[2]);
  if (!m || first < 1024 || last > 65535 || last < first) throw new Error(`expected FIRST-LAST within 1024-65535, got ${JSON.stringify(text)}`);
  return { first, last };
}

/**
 * A random window of host ports below the ephemeral range, for clusters
 * started with --random-ports: tests running side by side on one machine
 * then rarely share host ports (60 windows of 200).
 */
export function randomHostPortRange(random: () => number = Math.random): PortRange {
  const windows = 60;
  const first = 20_000 + Math.floor(random() * windows) * 200;
  return { first, last: first + 199 };
}

export interface ClusterPorts {
  nats: number;
  bbs: number;
  bbsMetrics: number;
  auctioneer: number;
  auctioneerMetrics: number;
  cells: Array<{ grpc: number; metrics: number }>;
}

/** ARCHITECTURE.md's default ports (BBS 8889, auctioneer 9016, cells from 1800), so a bare `gantry` finds the cluster. */
export function defaultPorts(cells: number): ClusterPorts {
  return {
    nats: 4222,
    bbs: 8889,
    bbsMetrics: 8890,
    auctioneer: 9016,
    auctioneerMetrics: 9017,
    cells: Array.from({ length: cells }, (_, i) => ({ grpc: 1800 + i, metrics: 1900 + i })),
  };
}

export function allPorts(p: ClusterPorts): number[] {
  return [p.nats, p.bbs, p.bbsMetrics, p.auctioneer, p.auctioneerMetrics, ...p.cells.flatMap((c) => [c.grpc, c.metrics])];
}

/** Cell i's (1-based) slice of the host port range; slices never overlap. */
export function cellPortRange(i: number, cells: number, range: PortRange = hostPortRange): PortRange {
  const size = Math.floor((range.last - range.first + 1) / Math.max(1, cells));
  if (size < 1) throw new Error(`too many cells (${cells}) for the host port range ${range.first}-${range.last}`);
  const first = range.first + (i - 1) * size;
  return { first, last: first + size - 1 };
}

export interface ClusterOptions {
  /** A short id of this cluster's state dir, in every cell id. */
  clusterId: string;
  cells: number;
  executor: ExecutorName;
  stateDir: string;
  host: string;
  /** Host ports for instances, shared out among the cells. */
  hostPorts: PortRange;
  /** Per-cell capacity; 0 leaves the cell's own default. */
  cellMemoryMb: number;
  cellDiskMb: number;
  cellContainers: number;
  /** Local-cluster timings: a cell is declared lost after this long without heartbeats. */
  heartbeatIntervalMs: number;
  cellLostTimeoutMs: number;
  convergenceIntervalMs: number;
  evacuationTimeoutMs: number;
  /** Where `gantry certs` made the cluster's certificates: every process and nats-server use mutual TLS. Absent: plaintext (--insecure). */
  certsDir?: string;
}

export type ProcessKind = 'bbs' | 'auctioneer' | 'cell';

export interface ProcessPlan {
  name: string;
  kind: ProcessKind;
  /** argv after `gantry`. */
  args: string[];
  address: string;
  metricsAddress: string;
  logFile: string;
  /** Cells only. */
  cellId?: string;
  zone?: string;
  dataDir?: string;
}

export interface ClusterPlan {
  natsUrl: string;
  natsPort: number;
  natsStoreDir: string;
  natsLogFile: string;
  bbsAddress: string;
  auctioneerAddress: string;
  /** Mutual TLS: nats-server's files, and the client's (the supervisor's health checks, the target config). */
  tls?: { nats: TlsFiles; client: TlsFiles };
  /** Started in this order; stopped in the reverse (cells first). */
  processes: ProcessPlan[];
}

/** The flags that give a process its certificate (the processes' tlsCaFile, tlsCertFile, tlsKeyFile settings). */
export function tlsArgs(tls: TlsFiles | undefined): string[] {
  return tls ? ['--tls-ca-file', tls.caFile, '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile] : [];
}

export function logDir(stateDir: string): string {
  return path.join(stateDir, 'logs');
}

export function planCluster(opts: ClusterOptions, ports: ClusterPorts): ClusterPlan {
  if (!Number.isInteger(opts.cells) || opts.cells < 1) throw new Error(`cells: expected a whole number ≥ 1, got ${opts.cells}`);
  if (ports.cells.length !== opts.cells) throw new Error(`ports for ${ports.cells.length} cells, but ${opts.cells} cells planned`);
  const at = (port: number) => `${opts.host}:${port}`;
  const logs = logDir(opts.stateDir);
  const natsUrl = `nats://${opts.host}:${ports.nats}`;
  const bbsAddress = at(ports.bbs);
  const auctioneerAddress = at(ports.auctioneer);
  const certs = opts.certsDir ? certFiles(opts.certsDir) : undefined;
  const tlsOf = (component: 'bbs' | 'auctioneer' | 'cell') => tlsArgs(certs && tlsFilesFor(certs, component));

  const bbs: ProcessPlan = {
    name: 'bbs',
    kind: 'bbs',
    address: bbsAddress,
    metricsAddress: at(ports.bbsMetrics),
    logFile: path.join(logs, 'bbs.log'),
    args: [
      'bbs',
      '--listen', bbsAddress,
      '--metrics-listen', at(ports.bbsMetrics),
      '--nats-url', natsUrl,
      '--auctioneer-address', auctioneerAddress,
      '--cell-lost-timeout-ms', String(opts.cellLostTimeoutMs),
      '--convergence-interval-ms', String(opts.convergenceIntervalMs),
      ...tlsOf('bbs'),
    ],
  };
  const auctioneer: ProcessPlan = {
    name: 'auctioneer',
    kind: 'auctioneer',
    address: auctioneerAddress,
    metricsAddress: at(ports.auctioneerMetrics),
    logFile: path.join(logs, 'auctioneer.log'),
    args: [
      'auctioneer',
      '--listen', auctioneerAddress,
      '--metrics-listen', at(ports.auctioneerMetrics),
      '--nats-url', natsUrl,
      '--bbs-address', bbsAddress,
      '--cell-timeout-ms', String(opts.cellLostTimeoutMs),
      ...tlsOf('auctioneer'),
    ],
  };
  const cells: ProcessPlan[] = ports.cells.map((p, n) => {
    const i = n + 1;
    const cellId = cellIdOf(opts.clusterId, i);
    const zone = zoneOf(i);
    const range = cellPortRange(i, opts.cells, opts.hostPorts);
    const dataDir = path.join(opts.stateDir, 'cells', cellId);
    const args = [
      'cell',
      '--cell-id', cellId,
      '--zone', zone,
      '--listen-address', at(p.grpc),
      '--host-address', opts.host,
      '--metrics-host', opts.host,
      '--metrics-port', String(p.metrics),
      '--nats-url', natsUrl,
      '--bbs-address', bbsAddress,
      '--executor', opts.executor,
      '--port-range-start', String(range.first),
      '--port-range-end', String(range.last),
      '--data-dir', dataDir,
      '--heartbeat-interval-ms', String(opts.heartbeatIntervalMs),
      '--evacuation-timeout-ms', String(opts.evacuationTimeoutMs),
      ...tlsOf('cell'),
    ];
    if (opts.cellMemoryMb) args.push('--memory-mb', String(opts.cellMemoryMb));
    if (opts.cellDiskMb) args.push('--disk-mb', String(opts.cellDiskMb));
    if (opts.cellContainers) args.push('--containers', String(opts.cellContainers));
    return { name: `cell-${i}`, kind: 'cell', address: at(p.grpc), metricsAddress: at(p.metrics), logFile: path.join(logs, `cell-${i}.log`), args, cellId, zone, dataDir };
  });
  return {
    natsUrl,
    natsPort: ports.nats,
    natsStoreDir: path.join(opts.stateDir, 'nats'),
    natsLogFile: path.join(logs, 'nats.log'),
    bbsAddress,
    auctioneerAddress,
    ...(certs ? { tls: { nats: tlsFilesFor(certs, 'nats'), client: tlsFilesFor(certs, 'client') } } : {}),
    processes: [bbs, auctioneer, ...cells],
  };
}
