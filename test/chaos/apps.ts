// Apps on a ChaosCluster, for fault scenarios: desire and scale them with the
// real `gantry` CLI (test/e2e/harness.ts's Gantry, pointed at the cluster),
// read their ActualLRPs through the CLI's BBS client, follow the BBS's events,
// and count their Docker containers by label — the ground truth of what runs,
// whatever the BBS believes.
import Docker from 'dockerode';
import { connectBbs, type Bbs } from '../../src/cli/bbs-client.ts';
import { targetAt } from '../../src/cli/target.ts';
import { LABEL } from '../../src/cell-rep/executor/docker/labels.ts';
import type { ActualLRP, BbsEvent } from '../../src/common/models.ts';
import { buildHttpdDroplet, Gantry } from '../e2e/harness.ts';
import type { ChaosCluster } from './harness.ts';

/** The ActualLRP an event leaves behind (null for a removal or a non-LRP event). */
export function actualAfter(e: BbsEvent): ActualLRP | null {
  return e.actual_lrp_instance_changed?.after ?? e.actual_lrp_instance_created?.actual_lrp ?? null;
}

export const cellOf = (a: ActualLRP): string => a.instance_key?.cell_id ?? '';
export const guidOf = (a: ActualLRP): string => a.instance_key?.instance_guid ?? '';
export const sinceOf = (a: ActualLRP): number => Number(a.since ?? 0);

/** One of an app's containers on the Docker engine. */
export interface AppContainer {
  id: string;
  cellId: string;
  index: number;
  instanceGuid: string;
  running: boolean;
}

/** What an app looks like at one moment, in the BBS and on the engine. */
export interface AppSnapshot {
  desired: number;
  rows: ActualLRP[];
  containers: AppContainer[];
}

/**
 * How far an app is from "exactly as desired": every index 0..desired-1 has
 * one ORDINARY RUNNING instance on a live cell and no other record; exactly
 * one running container per index on the live cells, the one the BBS names;
 * nothing else runs there.
 */
export interface AppVerdict {
  /** Indices with an ORDINARY RUNNING record on a live cell. */
  running: number;
  /** Records that are not ORDINARY RUNNING (SUSPECT, EVACUATING, UNCLAIMED, CLAIMED, CRASHED) or sit on a dead cell. */
  otherRecords: number;
  /** Indices with more than one running container. */
  runningTwice: number[];
  /** Running containers the BBS does not name as the instance of their index. */
  strays: AppContainer[];
  /** Indices with no running container at all. */
  missing: number[];
  settled: boolean;
}

export function judge(s: AppSnapshot, liveCells: ReadonlySet<string>): AppVerdict {
  const byIndex = new Map<number, ActualLRP>();
  let otherRecords = 0;
  for (const a of s.rows) {
    const idx = a.key?.index ?? -1;
    if (a.presence === 'ORDINARY' && a.state === 'RUNNING' && liveCells.has(cellOf(a)) && idx < s.desired && !byIndex.has(idx)) byIndex.set(idx, a);
    else otherRecords++;
  }
  // A dead cell's containers are not counted: its machine is gone with them (the SIGKILL scenario removes
  // them, but a create the engine was still carrying out at the kill may land a moment later).
  const runningContainers = s.containers.filter((c) => c.running && liveCells.has(c.cellId));
  const perIndex = new Map<number, number>();
  for (const c of runningContainers) perIndex.set(c.index, (perIndex.get(c.index) ?? 0) + 1);
  const runningTwice = [...perIndex.entries()].filter(([, n]) => n > 1).map(([i]) => i).sort((a, b) => a - b);
  const strays = runningContainers.filter((c) => guidOf(byIndex.get(c.index) ?? ({} as ActualLRP)) !== c.instanceGuid);
  const missing: number[] = [];
  for (let i = 0; i < s.desired; i++) if (!perIndex.has(i)) missing.push(i);
  const settled = byIndex.size === s.desired && otherRecords === 0 && runningTwice.length === 0 && strays.length === 0 && missing.length === 0;
  return { running: byIndex.size, otherRecords, runningTwice, strays, missing, settled };
}

export function describeVerdict(v: AppVerdict): string {
  return `${v.running} running, ${v.otherRecords} other records, running twice: [${v.runningTwice.join(',')}], ` +
    `strays: [${v.strays.map((c) => `${c.index}@${c.cellId}`).join(',')}], missing containers: [${v.missing.join(',')}]`;
}

export class ChaosApps {
  readonly gantry: Gantry;
  readonly bbs: Bbs;
  private readonly docker = new Docker();
  private droplet: string | null = null;

  constructor(readonly cluster: ChaosCluster) {
    this.gantry = Gantry.temp('gantry-chaos-cli-');
    this.gantry.env.GANTRY_BBS_ADDRESS = cluster.bbsAddresses.split(',')[0]!;
    this.gantry.env.GANTRY_NATS_URL = cluster.nats.url;
    this.bbs = connectBbs(targetAt(cluster.bbsAddresses.split(',')[0]!, cluster.nats.url));
  }

  /** Desire an httpd app (busybox httpd on $PORT, port health check) and, unless wait is false, wait until all run. */
  async create(name: string, instances: number, opts: { memoryMb?: number; wait?: boolean } = {}): Promise<void> {
    this.droplet ??= buildHttpdDroplet(this.gantry.home, `hello from ${name}\n`);
    await this.gantry.ok([
      'create', name, '--droplet', this.droplet, '-i', String(instances), '-m', `${opts.memoryMb ?? 32}M`, '-k', '64M',
      ...(opts.wait === false ? ['--no-wait'] : ['--timeout', '3m']),
    ], { timeoutMs: 200_000 });
  }

  async scale(name: string, instances: number, opts: { wait?: boolean } = {}): Promise<void> {
    await this.gantry.ok(['scale', name, String(instances), ...(opts.wait === false ? ['--no-wait'] : ['--timeout', '3m'])], { timeoutMs: 200_000 });
  }

  rows(name: string): Promise<ActualLRP[]> {
    return this.bbs.listActualLRPs({ process_guid: name });
  }

  /** The app's containers on the engine, on every cell of the cluster (dead ones included). */
  async containers(name: string): Promise<AppContainer[]> {
    const found = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.processGuid}=${name}`] } });
    const ours = new Set(this.cluster.cells.map((_, i) => this.cluster.cellId(i)));
    return found
      .filter((c) => ours.has(c.Labels?.[LABEL.cellId] ?? ''))
      .map((c) => ({
        id: c.Id,
        cellId: c.Labels[LABEL.cellId]!,
        index: Number(c.Labels[LABEL.index]),
        instanceGuid: c.Labels[LABEL.instanceGuid] ?? '',
        running: c.State === 'running',
      }));
  }

  async snapshot(name: string, desired: number): Promise<AppSnapshot> {
    // Containers first, then the BBS: a container started in between has its record already.
    const containers = await this.containers(name);
    const rows = await this.rows(name);
    return { desired, rows, containers };
  }

  /** Cell ids of the cells whose process runs (and is not stopped: the caller says which are cut off). */
  liveCells(except: string[] = []): Set<string> {
    const out = new Set<string>();
    this.cluster.cells.forEach((c, i) => {
      const id = this.cluster.cellId(i);
      if (c.running && !except.includes(id)) out.add(id);
    });
    return out;
  }

  /** The BBS's events for one app, each with the time it arrived; resolves once the stream is open. */
  async follow(name: string): Promise<EventLog> {
    const log = new EventLog();
    const abort = new AbortController();
    log.stop = () => abort.abort();
    const stream = this.bbs.subscribe({ process_guid: name, cell_id: '', lrp_events: true, task_events: false }, (e) => log.push(e), abort.signal);
    stream.catch((err: Error) => (log.error = err));
    // No "open" signal on the stream: a listing after a short pause means events from here on are seen.
    await new Promise((r) => setTimeout(r, 300));
    return log;
  }

  close(): void {
    this.bbs.close();
    this.gantry.cleanup();
  }
}

export class EventLog {
  readonly events: Array<{ at: number; event: BbsEvent }> = [];
  error: Error | null = null;
  stop: () => void = () => {};
  private listeners: Array<(e: BbsEvent, at: number) => void> = [];

  push(event: BbsEvent): void {
    const at = Date.now();
    this.events.push({ at, event });
    for (const l of this.listeners) l(event, at);
  }

  on(listener: (e: BbsEvent, at: number) => void): void {
    this.listeners.push(listener);
  }

  /** When the first event matching `pred` arrived at or after `from`, or undefined. */
  firstAt(pred: (after: ActualLRP, e: BbsEvent) => boolean, from = 0): number | undefined {
    for (const { at, event } of this.events) {
      const a = actualAfter(event);
      if (at >= from && a && pred(a, event)) return at;
    }
    return undefined;
  }
}
