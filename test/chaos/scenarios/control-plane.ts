// Control-plane faults (issue 6): each scenario starts its own ChaosCluster of
// real processes — two BBSes, one or two auctioneers, two cells with the sim
// executor (instances that only hold resources, so the scenarios are about
// the control plane, and quick) — and faults the BBS leader, the auctioneer
// leader or nats-server. Clients are given every BBS's address, as cells,
// auctioneers and the CLI are (src/common/grpc-target.ts): only the leader
// listens. The tests (test/chaos/control-plane-faults.test.ts) assert the
// invariants; bench/reliability.ts prints the same results as rows of the
// reliability table. No scenario asserts timing.
//
// - BBS leader SIGKILL in the middle of a burst of DesireLRP calls: every
//   desire acknowledged before the kill is on the new leader, every error the
//   client saw is one to retry (UNAVAILABLE, DEADLINE_EXCEEDED), the client
//   retries those (ALREADY_EXISTS on a retry means the first try was stored
//   after all), and every instance ends RUNNING, once. Measured: kill → the
//   first DesireLRP (sent after the kill) the new leader acknowledges.
// - auctioneer leader SIGKILL while it holds a batch (its batch window is
//   long, so the kill lands after it acknowledged the BBS's requests and
//   before it placed anything): the standby takes over and the BBS, seeing a
//   new auctioneer leader, auctions the lost batch's UNCLAIMED instances
//   again; all end RUNNING, once.
// - nats-server restarted (same port, same store) while desires arrive and
//   instances start: every process reconnects, no acknowledged desire is
//   lost (a write that failed during the outage answered UNAVAILABLE, never a
//   false OK), and convergence ends with every instance RUNNING once.
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { callUnary, channelOptions } from '../../../src/common/grpc.ts';
import { grpcTarget } from '../../../src/common/grpc-target.ts';
import type { ActualLRP, DesiredLRP } from '../../../src/common/models.ts';
import { bbsProto, repProto } from '../../../src/common/proto.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import type { RepClient } from '../../../src/generated/gantry/rep/Rep.ts';
import { ChaosCluster, until, type ChaosClusterOptions, type GantryProcess } from '../harness.ts';
import type { FaultResult, FaultScenario } from '../result.ts';

const DOMAIN = 'chaos';
/** How long a scenario waits for every instance to run before it counts the missing ones as lost. */
const settleTimeoutMs = 60_000;
const RETRYABLE = new Set<number>([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Where every instance stands, in the BBS and on the cells (their reps' State: the ground truth). */
export interface PlacementVerdict {
  /** Instances desired (sum over the scenario's desired LRPs). */
  desired: number;
  /** Indices with an ORDINARY RUNNING record. */
  running: number;
  /** Records that are not ORDINARY RUNNING (UNCLAIMED, CLAIMED, CRASHED, SUSPECT, EVACUATING). */
  otherRecords: number;
  /** Indices some cell runs more than once (over all cells). */
  runningTwice: number;
  /** Instances a cell runs that the BBS does not name. */
  strays: number;
  /** Desired indices no cell runs. */
  missing: number;
  settled: boolean;
}

export function describePlacement(v: PlacementVerdict): string {
  return `${v.running}/${v.desired} RUNNING, ${v.otherRecords} other records, ${v.runningTwice} running twice, ${v.strays} strays, ${v.missing} missing on cells`;
}

/** What a control-plane scenario measured, beyond the table's row: the tests assert on these. */
export interface ControlPlaneResult extends FaultResult {
  final: PlacementVerdict;
  /** Calls acknowledged (DesireLRP OK, or ALREADY_EXISTS on a retry). */
  acked: number;
  /** Error codes the client saw, by name. */
  errors: Record<string, number>;
  /** Errors a client must not see in a failover (anything but UNAVAILABLE / DEADLINE_EXCEEDED, or a wrong answer). */
  wrongErrors: string[];
  /** Processes not running at the end (other than the one the scenario killed). */
  deadProcesses: string[];
  /** BBS leader kill: fault → first acknowledged DesireLRP sent after it; → the standby's health SERVING. */
  takeoverMs?: number;
  servingMs?: number;
  /** Before the fault: the standby BBS bound no port, and its /metrics said gantry_leader 0. */
  standby?: { listening: boolean; leaderGauge: number | undefined };
  /** Auctioneer kill: instances UNCLAIMED (the lost batch) when it was killed. */
  unclaimedAtKill?: number;
  /** BBS log lines "cells lost" during the run. */
  cellsLost?: number;
}

/** A BBS client of every BBS of the cluster. */
function bbsClientOf(cluster: ChaosCluster): BBSClient {
  return new (bbsProto().gantry.bbs.BBS)(grpcTarget(cluster.bbsAddresses), grpc.credentials.createInsecure(), channelOptions) as unknown as BBSClient;
}

function desiredLRP(guid: string, instances: number, startDelayMs = 0): DesiredLRP {
  return {
    process_guid: guid,
    domain: DOMAIN,
    instances,
    rootfs: 'bookworm',
    memory_mb: 1,
    disk_mb: 1,
    ports: [],
    start_command: 'sim',
    log_guid: guid,
    env: startDelayMs > 0 ? [{ name: 'GANTRY_SIM_START_DELAY_MS', value: String(startDelayMs) }] : [],
  } as unknown as DesiredLRP;
}

/**
 * Sends DesireLRPs the way a careful client does: an error that means "not
 * answered" (UNAVAILABLE, DEADLINE_EXCEEDED) is retried until a deadline;
 * ALREADY_EXISTS on a retry means an earlier try was stored after all (checked
 * against the stored desire). Anything else is recorded as wrong.
 */
class Desirer {
  /** Guid → instances, for every desire acknowledged. */
  readonly acked = new Map<string, number>();
  /** Acknowledgements: when the acknowledged try was sent, and when its answer came. */
  readonly acks: Array<{ sentAt: number; at: number }> = [];
  readonly errors: Record<string, number> = {};
  readonly wrong: string[] = [];
  /** Desires stored although the try that stored them failed (found by ALREADY_EXISTS on a retry). */
  storedDespiteError = 0;
  onAck: (guid: string) => void = () => {};

  constructor(private readonly client: BBSClient, private readonly deadlineMs = 8000, private readonly retryForMs = 60_000) {}

  async desire(guid: string, instances: number, startDelayMs = 0): Promise<void> {
    const giveUpAt = Date.now() + this.retryForMs;
    let retried = false;
    for (let attempt = 1; ; attempt++) {
      const sentAt = Date.now();
      try {
        await callUnary(this.client, 'DesireLRP', { desired_lrp: desiredLRP(guid, instances, startDelayMs) }, { deadlineMs: this.deadlineMs });
        return this.ack(guid, instances, sentAt);
      } catch (err) {
        const code = (err as grpc.ServiceError).code;
        const name = grpc.status[code] ?? String(code);
        this.errors[name] = (this.errors[name] ?? 0) + 1;
        if (code === grpc.status.ALREADY_EXISTS && retried) {
          const stored = await this.stored(guid);
          if (stored === instances) {
            this.storedDespiteError++;
            return this.ack(guid, instances, sentAt);
          }
          this.wrong.push(`${guid}: ALREADY_EXISTS on a retry, but the stored desire has ${stored} instances`);
          return;
        }
        if (!RETRYABLE.has(code)) {
          this.wrong.push(`${guid}: ${name}: ${(err as grpc.ServiceError).details}`);
          return;
        }
        if (Date.now() > giveUpAt) {
          this.wrong.push(`${guid}: still ${name} after retrying for ${this.retryForMs} ms`);
          return;
        }
        retried = true;
        await sleep(Math.min(200, 50 * attempt));
      }
    }
  }

  private ack(guid: string, instances: number, sentAt: number): void {
    this.acked.set(guid, instances);
    this.acks.push({ sentAt, at: Date.now() });
    this.onAck(guid);
  }

  private async stored(guid: string): Promise<number | undefined> {
    for (let i = 0; i < 20; i++) {
      try {
        const r = await callUnary<BBSClient, 'GetDesiredLRP', { desired_lrp: DesiredLRP | null }>(this.client, 'GetDesiredLRP', { process_guid: guid }, { deadlineMs: 5000 });
        return r.desired_lrp?.instances;
      } catch {
        await sleep(200);
      }
    }
    return undefined;
  }

  /** When the first acknowledged call sent at or after `t` was answered. */
  firstAckSentAfter(t: number): number | undefined {
    let first: number | undefined;
    for (const a of this.acks) if (a.sentAt >= t && (first === undefined || a.at < first)) first = a.at;
    return first;
  }
}

/** Runs `work` over items with `concurrency` workers. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** Desired LRPs the BBS has (guid → instances), retrying through a failover. */
async function storedDesires(client: BBSClient): Promise<Map<string, number>> {
  const r = await until('a listing of the desired LRPs', () =>
    callUnary<BBSClient, 'ListDesiredLRPs', { desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs', { domain: DOMAIN }, { deadlineMs: 10_000 }), 30_000, 200);
  return new Map(r.desired_lrps.filter((d) => d.domain === DOMAIN).map((d) => [d.process_guid, d.instances]));
}

/** The BBS's records and every live cell's instances, judged against `desired` (guid → instances). */
async function placement(cluster: ChaosCluster, client: BBSClient, desired: ReadonlyMap<string, number>): Promise<PlacementVerdict> {
  const rows = (await callUnary<BBSClient, 'ListActualLRPs', { actual_lrps: ActualLRP[] }>(client, 'ListActualLRPs', { filter: { domain: DOMAIN } }, { deadlineMs: 10_000 })).actual_lrps;
  const key = (guid: string, index: number) => `${guid}/${index}`;
  const named = new Map<string, string>();
  let otherRecords = 0;
  for (const a of rows) {
    const k = key(a.key!.process_guid, a.key!.index);
    const want = desired.get(a.key!.process_guid) ?? 0;
    if (a.presence === 'ORDINARY' && a.state === 'RUNNING' && a.key!.index < want && !named.has(k)) named.set(k, a.instance_key!.instance_guid);
    else otherRecords++;
  }
  const onCells = new Map<string, string[]>();
  for (const cell of cluster.cells.filter((c) => c.running)) {
    const rep = new (repProto().gantry.rep.Rep)(cell.address, grpc.credentials.createInsecure()) as unknown as RepClient;
    try {
      const state = await callUnary<RepClient, 'State', { lrps: Array<{ process_guid: string; index: number; instance_guid: string; state: string }> }>(rep, 'State', {}, { deadlineMs: 5000 });
      for (const l of state.lrps) {
        if (l.state !== 'RUNNING' || !l.process_guid.startsWith('cp-')) continue;
        const k = key(l.process_guid, l.index);
        onCells.set(k, [...(onCells.get(k) ?? []), l.instance_guid]);
      }
    } finally {
      rep.close();
    }
  }
  let total = 0;
  let missing = 0;
  for (const [guid, n] of desired) {
    total += n;
    for (let i = 0; i < n; i++) if (!onCells.has(key(guid, i))) missing++;
  }
  let runningTwice = 0;
  let strays = 0;
  for (const [k, guids] of onCells) {
    if (guids.length > 1) runningTwice++;
    strays += guids.filter((g) => named.get(k) !== g).length;
  }
  const v = { desired: total, running: named.size, otherRecords, runningTwice, strays, missing, settled: false };
  v.settled = v.running === total && otherRecords === 0 && runningTwice === 0 && strays === 0 && missing === 0;
  return v;
}

/** Waits until every instance runs once; the last verdict and when it settled (undefined if it never did). */
async function settle(cluster: ChaosCluster, client: BBSClient, desired: ReadonlyMap<string, number>, timeoutMs = settleTimeoutMs): Promise<{ verdict: PlacementVerdict; at?: number }> {
  let last: PlacementVerdict | undefined;
  try {
    return await until('every instance RUNNING once', async () => {
      last = await placement(cluster, client, desired);
      return last.settled ? { verdict: last, at: Date.now() } : undefined;
    }, timeoutMs, 200);
  } catch {
    return { verdict: last ?? (await placement(cluster, client, desired)) };
  }
}

/** Desired instances with no ORDINARY RUNNING record and nothing running on a cell: lost. */
const lostInstances = (v: PlacementVerdict) => Math.max(v.desired - v.running, v.missing);

/** A process's metrics endpoint, from its arguments. */
function metricsUrl(p: GantryProcess): string {
  const at = (flag: string) => p.args[p.args.indexOf(flag) + 1];
  const hostPort = p.kind === 'cell' ? `${at('--metrics-host')}:${at('--metrics-port')}` : at('--metrics-listen');
  return `http://${hostPort}/metrics`;
}

/** The process's gantry_leader gauge, once its metrics endpoint is up (a standby may still be starting when the leader already serves). */
async function leaderGauge(p: GantryProcess, lock: string): Promise<number | undefined> {
  const text = await until(`${p.name}'s metrics endpoint`, async () => (await fetch(metricsUrl(p))).text(), 30_000, 100);
  const m = new RegExp(`^gantry_leader\\{lock="${lock}"\\} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Log lines of a process whose message is `msg`. */
function logLines(p: GantryProcess, msg: string): number {
  try {
    return fs.readFileSync(p.logFile, 'utf8').split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length;
  } catch {
    return 0;
  }
}

/** Runs `body` on a fresh cluster (ChaosCluster.run) with a BBS client of every BBS, closed after. */
function withCluster<T>(opts: ChaosClusterOptions, body: (cluster: ChaosCluster, client: BBSClient) => Promise<T>): Promise<T> {
  return ChaosCluster.run(opts, async (cluster) => {
    const client = bbsClientOf(cluster);
    try {
      return await body(cluster, client);
    } finally {
      client.close();
    }
  });
}

const simCluster = (overrides: Partial<ChaosClusterOptions>): ChaosClusterOptions => ({
  cells: 2,
  executor: 'sim',
  bbs: 2,
  auctioneers: 2,
  heartbeatIntervalMs: 500,
  cellLostTimeoutMs: 2000,
  convergenceIntervalMs: 5000,
  ...overrides,
  extraArgs: { ...overrides.extraArgs, cell: ['--containers', '1000', ...(overrides.extraArgs?.cell ?? [])] },
});

/** Processes that died by themselves (not the scenario's victims), each with its last log lines: a dead process is a bug to read about. */
const dead = (cluster: ChaosCluster, except: GantryProcess[] = []) => cluster.all.filter((p) => !p.running && !except.includes(p)).map((p) => `${p.name}:\n${p.tail(25)}`);

export async function bbsLeaderKillMidBurst(opts: { desires?: number; concurrency?: number } = {}): Promise<ControlPlaneResult> {
  const n = opts.desires ?? 240;
  return withCluster(simCluster({}), async (cluster, client) => {
    const leader = (await cluster.leader('bbs'))!;
    const standby = cluster.bbs.find((b) => b !== leader)!;
    const standbyState = { listening: (await standby.health()) !== 'UNREACHABLE', leaderGauge: await leaderGauge(standby, 'bbs') };
    const desirer = new Desirer(client);
    let killAt = 0;
    let killing: Promise<void> | undefined;
    const killAfter = Math.floor(n / 3);
    desirer.onAck = () => {
      if (!killing && desirer.acked.size >= killAfter) {
        killAt = Date.now();
        killing = leader.kill();
      }
    };
    // The standby's health, polled: when it reports SERVING.
    let servingAt: number | undefined;
    const watching = (async () => {
      while (servingAt === undefined && Date.now() - (killAt || Date.now()) < 30_000) {
        if (killAt && (await standby.health(500)) === 'SERVING') servingAt = Date.now();
        else await sleep(50);
      }
    })();
    const guids = Array.from({ length: n }, (_, i) => `cp-burst-${i}`);
    const started = Date.now();
    await pool(guids, opts.concurrency ?? 8, (g) => desirer.desire(g, 1));
    const burstMs = Date.now() - started;
    await killing;
    await watching;
    const ackedBeforeKill = desirer.acks.filter((a) => a.at <= killAt).length;

    const stored = await storedDesires(client);
    const lostDesires = [...desirer.acked.keys()].filter((g) => stored.get(g) !== desirer.acked.get(g)).length;
    const end = await settle(cluster, client, desirer.acked);
    const takeoverMs = (desirer.firstAckSentAfter(killAt) ?? NaN) - killAt;
    return {
      fault: `BBS leader SIGKILL mid-burst (${n} desires)`,
      affected: n - ackedBeforeKill,
      recoverMs: takeoverMs,
      lost: lostDesires + lostInstances(end.verdict),
      notes: `takeover ${takeoverMs} ms (standby SERVING after ${servingAt ? servingAt - killAt : '?'} ms); ` +
        `${ackedBeforeKill} acked before the kill; burst took ${burstMs} ms; errors ${JSON.stringify(desirer.errors)}; ` +
        `${desirer.storedDespiteError} stored despite an error; all RUNNING ${end.at ? end.at - killAt : '?'} ms after the kill; ${describePlacement(end.verdict)}`,
      final: end.verdict,
      acked: desirer.acked.size,
      errors: desirer.errors,
      wrongErrors: desirer.wrong,
      deadProcesses: dead(cluster, [leader]),
      takeoverMs,
      servingMs: servingAt ? servingAt - killAt : undefined,
      standby: standbyState,
    };
  });
}

export async function auctioneerLeaderKillMidBatch(opts: { apps?: number; instances?: number } = {}): Promise<ControlPlaneResult> {
  const apps = opts.apps ?? 20;
  const perApp = opts.instances ?? 5;
  // A long batch window: the leader acknowledges the BBS's requests and holds them for
  // 1.5 s before auctioning, so the kill lands with the whole batch in its hands.
  return withCluster(simCluster({ bbs: 1, extraArgs: { auctioneer: ['--batch-window-ms', '1500'] } }), async (cluster, client) => {
    const leader = (await cluster.leader('auctioneer'))!;
    const desirer = new Desirer(client);
    const guids = Array.from({ length: apps }, (_, i) => `cp-batch-${i}`);
    await pool(guids, 4, (g) => desirer.desire(g, perApp));
    // The BBS sends its auction requests within a few ms of each desire.
    await sleep(300);
    const rows = (await callUnary<BBSClient, 'ListActualLRPs', { actual_lrps: ActualLRP[] }>(client, 'ListActualLRPs', { filter: { domain: DOMAIN } })).actual_lrps;
    const unclaimedAtKill = rows.filter((a) => a.state === 'UNCLAIMED').length;
    const killAt = Date.now();
    await leader.kill();
    const end = await settle(cluster, client, desirer.acked);
    const bbs = cluster.bbs[0]!;
    const noticed = logLines(bbs, 'the auctioneer leader changed');
    return {
      fault: `auctioneer leader SIGKILL mid-batch (${apps * perApp} instances)`,
      affected: unclaimedAtKill,
      recoverMs: end.at ? end.at - killAt : NaN,
      lost: lostInstances(end.verdict) + (desirer.acked.size < apps ? apps - desirer.acked.size : 0),
      notes: `${unclaimedAtKill} UNCLAIMED at the kill; the BBS noticed the new auctioneer leader: ${noticed ? 'yes' : 'no'}; ` +
        `all RUNNING ${end.at ? end.at - killAt : '?'} ms after the kill; ${describePlacement(end.verdict)}`,
      final: end.verdict,
      acked: desirer.acked.size,
      errors: desirer.errors,
      wrongErrors: desirer.wrong,
      deadProcesses: dead(cluster, [leader]),
      unclaimedAtKill,
    };
  });
}

export async function natsRestartUnderLoad(opts: { concurrency?: number; startDelayMs?: number } = {}): Promise<ControlPlaneResult> {
  return withCluster(simCluster({}), async (cluster, client) => {
    // Instances take a while to start, so starts are under way when NATS goes.
    const desirer = new Desirer(client);
    let seq = 0;
    let loading = true;
    const load = (async () => {
      await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, async () => {
        while (loading) {
          await desirer.desire(`cp-nats-${seq++}`, 2, opts.startDelayMs ?? 1000);
          await sleep(20);
        }
      }));
    })();
    await sleep(2000);
    const restartAt = Date.now();
    await cluster.nats.restart();
    const upAt = Date.now();
    // Keep the load on until writes are acknowledged again, and a moment more.
    await until('a desire acknowledged after the restart', () => desirer.firstAckSentAfter(upAt), 30_000, 50).catch(() => undefined);
    const writableAt = desirer.firstAckSentAfter(upAt);
    await sleep(1000);
    loading = false;
    await load;

    const stored = await storedDesires(client);
    const lostDesires = [...desirer.acked.keys()].filter((g) => stored.get(g) !== desirer.acked.get(g)).length;
    const end = await settle(cluster, client, desirer.acked);
    await cluster.ready(30_000).catch(() => undefined);
    const bbsLeader = await cluster.leader('bbs');
    const auctioneerLeader = await cluster.leader('auctioneer');
    const cells = (await callUnary<BBSClient, 'ListCells', { cells: unknown[] }>(client, 'ListCells', {})).cells.length;
    const cellsLost = cluster.bbs.reduce((n, b) => n + logLines(b, 'cells lost: heartbeats stopped'), 0);
    const instances = [...desirer.acked.values()].reduce((a, b) => a + b, 0);
    return {
      fault: `nats-server restart under load (${desirer.acked.size} desires)`,
      affected: instances,
      recoverMs: end.at ? end.at - restartAt : NaN,
      lost: lostDesires + lostInstances(end.verdict),
      notes: `nats down for ${upAt - restartAt} ms; writes acknowledged again ${writableAt ? writableAt - upAt : '?'} ms after it was back; ` +
        `errors ${JSON.stringify(desirer.errors)}; ${desirer.storedDespiteError} stored despite an error; ${cellsLost} cells judged lost; ` +
        `${cells} cells listed; leaders: BBS ${bbsLeader?.name ?? 'none'}, auctioneer ${auctioneerLeader?.name ?? 'none'}; ` +
        `all RUNNING ${end.at ? end.at - restartAt : '?'} ms after the restart; ${describePlacement(end.verdict)}`,
      final: end.verdict,
      acked: desirer.acked.size,
      errors: desirer.errors,
      wrongErrors: desirer.wrong,
      deadProcesses: [...dead(cluster), ...(bbsLeader ? [] : ['(no BBS leader)']), ...(auctioneerLeader ? [] : ['(no auctioneer leader)'])],
      cellsLost,
    };
  });
}

export const scenarios: FaultScenario[] = [
  { name: 'bbs-leader-kill', target: '0 lost; takeover < 5 s', run: () => bbsLeaderKillMidBurst() },
  { name: 'auctioneer-leader-kill', target: '0 lost; lost batch re-auctioned', run: () => auctioneerLeaderKillMidBatch() },
  { name: 'nats-restart', target: '0 lost; all reconnect', run: () => natsRestartUnderLoad() },
];
