// The life of one LRP instance on this cell, from the auction's reservation to
// the container's end: claim it in the BBS, fetch its run info, start the
// container, wait until it is healthy, report RUNNING with its address and
// ports, watch it (exit, liveness), and when it ends destroy the container,
// give back its resources and report why (crash, stop, evacuation).
//
// Each step is awaited in turn; a stop request (StopLRPInstance, sync,
// evacuation) is noticed between steps and cuts short the waits that can be
// cut (health, running). The container is destroyed and the resources released
// exactly once, in finish().
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { statusOf } from '../common/errors.ts';
import { counter, histogram } from '../common/metrics.ts';
import type { ActualLRP, ActualLRPNetInfo, DesiredLRP, PortMapping } from '../common/models.ts';
import type { LrpRef } from './bbs-client.ts';
import type { InstanceState, RunnerContext } from './context.ts';
import type { ContainerExit, ContainerInfo, ContainerSpec } from './executor/types.ts';
import type { ResourceNeed } from './resources.ts';

/** How a stopped instance is reported to the BBS. */
export type LrpStopMode =
  /** StopLRPInstance: the BBS wants it gone → RemoveActualLRP. */
  | 'remove'
  /** The BBS no longer has it on this cell (sync) → nothing to report. */
  | 'silent'
  /** Evacuation of an instance that was not running yet → EvacuateClaimedActualLRP. */
  | 'evacuate-claimed'
  /** Evacuation timed out while its replacement was not running → EvacuateStoppedActualLRP. */
  | 'evacuate-stopped'
  /** EvacuateRunningActualLRP answered keep_container=false → nothing more to report. */
  | 'evacuated'
  /** The rep shuts down without evacuating: leave the container running for the next rep to adopt. */
  | 'detach';

type Outcome =
  | { kind: 'stop'; mode: LrpStopMode; note?: string }
  | { kind: 'crash'; reason: string }
  /** The claim failed: nothing ran, nothing to report. */
  | { kind: 'abandon'; reason: string };

type Entry = 'claim' | 'health' | 'running';

const outcomes = counter('gantry_cell_lrp_instances_ended_total', 'LRP instances that ended on this cell, by outcome', ['outcome']);
const startSeconds = histogram('gantry_cell_lrp_start_duration_seconds', 'Time from Perform (or adoption) to RUNNING reported, per instance', [],
  [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30, 60]);
const reportErrors = counter('gantry_cell_bbs_report_errors_total', 'BBS calls of the rep that failed, by method', ['method']);

/**
 * How long a call the BBS does not answer is tried again: longer than a BBS
 * failover (the lock TTL, then the new leader's reload), so a claim or a
 * report made during one lands on the new leader instead of being lost.
 */
const reportRetryForMs = 10_000;

/** Retry a report the BBS did not answer (UNAVAILABLE, deadline); a definite answer is final. */
function transient(err: unknown): boolean {
  const code = statusOf(err);
  return code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED || code === status.UNKNOWN;
}

/** How long a failed check waits for the process's exit to tell the real reason. */
const exitGraceMs = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const msg = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface LrpInstanceInit {
  processGuid: string;
  index: number;
  domain: string;
  rootfs: string;
  need: ResourceNeed;
  instanceGuid?: string;
}

export class LrpInstance {
  readonly kind = 'lrp' as const;
  readonly processGuid: string;
  readonly index: number;
  readonly domain: string;
  readonly rootfs: string;
  readonly instanceGuid: string;
  readonly need: ResourceNeed;
  readonly createdAt = Date.now();

  state: InstanceState = 'RESERVED';
  ports: PortMapping[] = [];
  /** The BBS has this instance as ours (claimed, maybe running). */
  claimed = false;
  /** StartActualLRP succeeded. */
  running = false;
  /** The executor was asked to create a container (it may exist). */
  private container = false;
  private desired: DesiredLRP | null = null;
  private logGuid: string;
  private stopMode: LrpStopMode | null = null;
  private ending = false;
  private signalStop!: () => void;
  private stopRequested = this.armStop();
  private exit: Promise<ContainerExit> | null = null;
  private resolveDone!: () => void;
  /** Settles when the instance is gone from the cell (or detached). */
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(private readonly ctx: RunnerContext, init: LrpInstanceInit) {
    this.processGuid = init.processGuid;
    this.index = init.index;
    this.domain = init.domain;
    this.rootfs = init.rootfs;
    this.need = init.need;
    this.instanceGuid = init.instanceGuid ?? randomUUID();
    this.logGuid = init.processGuid;
  }

  get guid(): string {
    return this.instanceGuid;
  }

  /** A fresh stop signal (re-armed when a stop turns out not to apply, see below). */
  private armStop(): Promise<{ k: 'stop' }> {
    return new Promise((resolve) => (this.signalStop = () => resolve({ k: 'stop' })));
  }

  get ref(): LrpRef {
    return {
      key: { process_guid: this.processGuid, index: this.index, domain: this.domain },
      instanceKey: { instance_guid: this.instanceGuid, cell_id: this.ctx.settings.cellId },
    };
  }

  netInfo(): ActualLRPNetInfo {
    const address = this.ctx.settings.hostAddress;
    return { address, ports: this.ports.map((p) => ({ ...p })), instance_address: address };
  }

  get stopping(): boolean {
    return this.stopMode !== null || this.ending;
  }

  /** Start the lifecycle of freshly reserved work (its resources are already held in the ledger). */
  begin(): void {
    void this.run('claim');
  }

  /**
   * Take over a container found on the cell (a restarted rep): hold its
   * resources and ports, and resume where its ActualLRP says it is: CLAIMED →
   * wait until healthy then report RUNNING; RUNNING → watch it.
   */
  adopt(container: ContainerInfo, lrp: ActualLRP): void {
    this.container = true;
    this.claimed = true;
    this.ports = container.ports.map((p) => ({ ...p }));
    this.ctx.ports.adopt(this.guid, this.ports.map((p) => p.host_port));
    this.ctx.ledger.hold({ key: this.guid, ...this.need });
    this.exit = this.ctx.executor.waitForExit(this.guid);
    this.exit.catch(() => {});
    const entry: Entry = lrp.state === 'RUNNING' ? 'running' : 'health';
    this.running = entry === 'running';
    this.state = entry === 'running' ? 'RUNNING' : 'STARTING';
    void this.run(entry);
  }

  /** Ask the instance to stop; resolves once it is gone. A second request keeps the first mode. */
  requestStop(mode: LrpStopMode): Promise<void> {
    if (this.stopMode === null && !this.ending) {
      this.stopMode = mode;
      if (mode !== 'detach') this.state = 'STOPPING';
      this.signalStop();
    }
    return this.done;
  }

  private async run(entry: Entry): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.lifecycle(entry);
    } catch (err) {
      outcome = { kind: 'crash', reason: `cell error: ${msg(err)}` };
      this.ctx.log.error('instance lifecycle failed', { instanceGuid: this.guid, error: err as Error });
    }
    try {
      await this.finish(outcome);
    } catch (err) {
      // Nobody awaits run(): a throw here would be an unhandled rejection, which ends the whole cell.
      this.ctx.log.error('instance end failed', { instanceGuid: this.guid, error: err as Error });
    }
  }

  private stopOutcome(note?: string): Outcome {
    return { kind: 'stop', mode: this.stopMode ?? 'silent', ...(note ? { note } : {}) };
  }

  private async lifecycle(entry: Entry): Promise<Outcome> {
    const log = this.ctx.log;
    const { bbs, executor, settings } = this.ctx;
    let startTimeoutMs = settings.defaultStartTimeoutMs;

    if (entry === 'claim') {
      // The run info is read while the claim is made: one round trip to the BBS before the container, not two.
      const desiredRead = bbs.getDesiredLRP(this.processGuid);
      desiredRead.catch(() => {});
      // Retried while unanswered (a claim is idempotent for the same instance key).
      const claim = await this.report('ClaimActualLRP', () => bbs.claimActualLRP(this.processGuid, this.index, this.ref.instanceKey));
      if (claim !== true) return { kind: 'abandon', reason: `claim failed: ${msg(claim)}` };
      this.claimed = true;
      if (this.stopMode) return this.stopOutcome();
      try {
        this.desired = await desiredRead;
      } catch (err) {
        // Its desire is gone (or unreadable): nothing to run. Give the claim back.
        this.stopMode ??= 'remove';
        return this.stopOutcome(`run info unavailable: ${msg(err)}`);
      }
      if (this.stopMode) return this.stopOutcome();
      const desired = this.desired;
      this.logGuid = desired.log_guid || this.processGuid;
      const ports = this.ctx.ports.allocate(this.guid, desired.ports);
      if (!ports) return { kind: 'crash', reason: `no free host ports on cell ${settings.cellId} for ${desired.ports.length} container port(s)` };
      this.ports = ports;
      startTimeoutMs = desired.start_timeout_ms > 0 ? desired.start_timeout_ms : settings.defaultStartTimeoutMs;
      this.state = 'STARTING';
      this.ctx.logs.cell(this.logGuid, this.index, `Cell ${settings.cellId} creating container for instance ${this.guid}`);
      this.container = true;
      try {
        await executor.start(this.spec(desired, startTimeoutMs));
      } catch (err) {
        if (this.stopMode) return this.stopOutcome();
        return { kind: 'crash', reason: msg(err) || 'container failed to start' };
      }
      this.exit = executor.waitForExit(this.guid);
      this.exit.catch(() => {});
      if (this.stopMode) return this.stopOutcome();
    } else {
      // Adopted: its run info (check, log guid) comes from the BBS; without it, the process staying alive is the check.
      try {
        this.desired = await bbs.getDesiredLRP(this.processGuid);
        this.logGuid = this.desired.log_guid || this.processGuid;
        if (this.desired.start_timeout_ms > 0) startTimeoutMs = this.desired.start_timeout_ms;
      } catch (err) {
        log.warn('adopted instance has no readable desired LRP; watching its process only', { instanceGuid: this.guid, error: err as Error });
      }
      this.ctx.executor.followLogs?.(this.guid, this.ctx.logs.sink(this.logGuid, 'APP/PROC/WEB', this.index));
      if (this.stopMode) return this.stopOutcome();
    }

    const exit = this.exit!.then((e) => ({ k: 'exit' as const, e }), (err) => ({ k: 'exit' as const, e: lostExit(err) }));
    const check = this.desired?.check ?? null;

    if (entry !== 'running') {
      // As in Diego, the start timeout counts from the process's start (the droplet download is the executor's).
      const abort = new AbortController();
      const healthy = this.ctx.health.waitUntilHealthy(check, this.ports, startTimeoutMs, abort.signal).then(
        () => ({ k: 'healthy' as const }),
        (err) => ({ k: 'unhealthy' as const, reason: msg(err) }),
      );
      const r = await Promise.race([healthy, exit, this.stopRequested]);
      abort.abort();
      if (r.k === 'stop') return this.stopOutcome();
      if (r.k === 'exit') return { kind: 'crash', reason: r.e.reason };
      if (r.k === 'unhealthy') return { kind: 'crash', reason: await this.exitReasonOr(exit, r.reason) };
      this.ctx.logs.cell(this.logGuid, this.index, `Container became healthy`);
      const started = await this.report('StartActualLRP', () => bbs.startActualLRP(this.ref, this.netInfo(), settings.zone));
      if (started !== true) {
        // The BBS refused: the ActualLRP is no longer this instance's (removed, or its desire changed). Nothing runs for it.
        this.stopMode ??= 'silent';
        return this.stopOutcome(`StartActualLRP refused: ${msg(started)}`);
      }
      this.running = true;
      if (this.stopMode === 'evacuate-claimed') {
        // The evacuator saw it starting, but the BBS now has it RUNNING: evacuate it as a running
        // instance (kept until its replacement runs) rather than dropping it with no replacement.
        this.stopMode = null;
        this.stopRequested = this.armStop();
      }
      if (this.stopMode) return this.stopOutcome();
      this.state = 'RUNNING';
      startSeconds.observe((Date.now() - this.createdAt) / 1000);
      log.info('instance running', { processGuid: this.processGuid, index: this.index, instanceGuid: this.guid, ports: this.ports, ms: Date.now() - this.createdAt });
    }

    let signalUnhealthy!: (reason: string) => void;
    const unhealthy = new Promise<{ k: 'unhealthy'; reason: string }>((resolve) => (signalUnhealthy = (reason) => resolve({ k: 'unhealthy', reason })));
    const interval = check && check.interval_ms > 0 ? check.interval_ms : settings.defaultCheckIntervalMs;
    const stopMonitor = this.ctx.health.monitor(check, this.ports, interval, (reason) => signalUnhealthy(reason));
    try {
      const r = await Promise.race([exit, unhealthy, this.stopRequested]);
      if (r.k === 'stop') return this.stopOutcome();
      if (r.k === 'exit') return { kind: 'crash', reason: r.e.reason };
      return { kind: 'crash', reason: await this.exitReasonOr(exit, r.reason) };
    } finally {
      stopMonitor();
    }
  }

  /**
   * A process that died also fails its check, and the probe often notices
   * first: wait a moment for the exit, whose reason (exit code, OOM) says more.
   */
  private async exitReasonOr(exit: Promise<{ k: 'exit'; e: ContainerExit }>, checkReason: string): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([exit, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), exitGraceMs)))]);
    clearTimeout(timer);
    return r ? r.e.reason : checkReason;
  }

  private spec(desired: DesiredLRP, startTimeoutMs: number): ContainerSpec {
    return {
      guid: this.guid,
      tags: { kind: 'lrp', processGuid: this.processGuid, index: this.index, instanceGuid: this.guid, domain: this.domain },
      stack: desired.rootfs || this.rootfs,
      // What was reserved (the auction's copy of the desire's numbers), so the books match the container.
      memoryMb: this.need.memoryMb,
      diskMb: this.need.diskMb,
      maxPids: this.need.maxPids,
      ports: this.ports.map((p) => ({ ...p })),
      env: desired.env.map((e) => ({ ...e })),
      command: desired.start_command,
      droplet: desired.droplet,
      downloads: [],
      resultFile: '',
      user: desired.user || 'vcap',
      logGuid: this.logGuid,
      startTimeoutMs,
      check: desired.check,
      onLog: this.ctx.logs.sink(this.logGuid, 'APP/PROC/WEB', this.index),
    };
  }

  /**
   * Calls the BBS, retrying what it did not answer; true, or the final error.
   * goneIsFine: NOT_FOUND means the record is already gone, which is what the call wanted.
   */
  private async report(method: string, call: () => Promise<unknown>, goneIsFine = false): Promise<true | unknown> {
    const giveUpAt = Date.now() + reportRetryForMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await call();
        return true;
      } catch (err) {
        if (goneIsFine && statusOf(err) === status.NOT_FOUND) return true;
        reportErrors.inc({ method });
        if (!transient(err) || Date.now() >= giveUpAt) {
          this.ctx.log.warn('BBS report failed', { method, instanceGuid: this.guid, attempt, error: err as Error });
          return err;
        }
        await sleep(Math.min(1000, 200 * attempt));
      }
    }
  }

  private async finish(outcome: Outcome): Promise<void> {
    this.ending = true;
    const { ctx } = this;
    const log = ctx.log.child({ processGuid: this.processGuid, index: this.index, instanceGuid: this.guid });
    if (outcome.kind === 'stop' && outcome.mode === 'detach') {
      ctx.forget(this.guid);
      this.resolveDone();
      return;
    }
    this.state = 'STOPPING';
    if (this.container) {
      try {
        await ctx.executor.destroy(this.guid, ctx.settings.stopGraceMs);
      } catch (err) {
        log.error('destroying container failed', { error: err as Error });
      }
    }
    ctx.ledger.release(this.guid);
    ctx.ports.release(this.guid);
    ctx.forget(this.guid);

    switch (outcome.kind) {
      case 'abandon':
        log.info('instance abandoned', { reason: outcome.reason });
        outcomes.inc({ outcome: 'abandoned' });
        break;
      case 'crash': {
        log.info('instance crashed', { reason: outcome.reason, running: this.running });
        ctx.logs.cell(this.logGuid, this.index, `Instance crashed: ${outcome.reason}`);
        outcomes.inc({ outcome: 'crashed' });
        if (!this.claimed) break;
        if (ctx.isEvacuating()) await this.report('EvacuateCrashedActualLRP', () => ctx.bbs.evacuateCrashed(this.ref, outcome.reason));
        else await this.report('CrashActualLRP', () => ctx.bbs.crashActualLRP(this.ref, outcome.reason));
        break;
      }
      case 'stop': {
        log.info('instance stopped', { mode: outcome.mode, ...(outcome.note ? { note: outcome.note } : {}) });
        ctx.logs.cell(this.logGuid, this.index, `Instance stopped (${outcome.mode})`);
        outcomes.inc({ outcome: `stopped_${outcome.mode}` });
        if (!this.claimed) break;
        if (outcome.mode === 'remove') await this.report('RemoveActualLRP', () => ctx.bbs.removeActualLRP(this.ref), true);
        else if (outcome.mode === 'evacuate-claimed') await this.report('EvacuateClaimedActualLRP', () => ctx.bbs.evacuateClaimed(this.ref));
        else if (outcome.mode === 'evacuate-stopped') await this.report('EvacuateStoppedActualLRP', () => ctx.bbs.evacuateStopped(this.ref));
        break;
      }
    }
    this.resolveDone();
  }
}

/** An executor that lost track of a container cannot say how it ended. */
function lostExit(err: unknown): ContainerExit {
  return { exitCode: -1, oomKilled: false, reason: `container lost: ${msg(err)}` };
}

