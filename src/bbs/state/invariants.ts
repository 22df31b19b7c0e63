// The invariants of the BBS's state, as a pure check over its records: the
// desired LRPs, actual LRPs and tasks of a model (or of a BBS's listings of
// them) in, a list of readable violations out (empty when all is well). Every
// rule is one the model's operations promise (src/bbs/lrp, tasks, convergence);
// tests and the fuzz test (test/integration/bbs/fuzz.test.ts) run it.
//
// At any time:
// - one actual row per (process_guid, index, presence), with a well-formed key;
// - an instance key exactly on CLAIMED and RUNNING rows, an address only on
//   RUNNING ones; EVACUATING and SUSPECT copies are RUNNING instances;
// - a placement error only on an UNCLAIMED row; crash counts non-negative;
// - a row of a desired LRP is in that LRP's domain;
// - every stored desired LRP and task passes the validation it was admitted by;
// - tasks: PENDING and RUNNING have no outcome, RUNNING has a cell, COMPLETED
//   and RESOLVING have none, a completion time and a coherent outcome (failed
//   with a reason and no result, or succeeded without a failure reason).
//
// Right after a convergence pass (given the live cells and fresh domains it
// saw, and no change since), also:
// - no orphans and no extra indices, except rows convergence may not or cannot
//   remove: in a stale domain, or CLAIMED/RUNNING ones on a live cell whose
//   stop was asked, or EVACUATING copies on a live cell (their cell removes them);
// - each desired index 0..instances-1 has exactly one ORDINARY row, so the
//   ORDINARY rows of a desired LRP number its instances (SUSPECT copies are
//   counted apart: each stands beside the replacement that will succeed it);
// - no EVACUATING copy and no CLAIMED/RUNNING ORDINARY row on a lost cell, no
//   SUSPECT copy on a live cell or beside a RUNNING replacement;
// - no RUNNING task on a lost cell.
import type { ActualLRP, DesiredLRP, Task } from '../../common/models.ts';
import { validateDesiredLRP, validateGuid } from '../lrp/validation.ts';
import { validateTask } from '../tasks/validation.ts';

export interface InvariantState {
  desired: readonly DesiredLRP[];
  actual: readonly ActualLRP[];
  tasks: readonly Task[];
}

/** What the convergence pass just before saw (the checker's "after convergence" mode). */
export interface ConvergedContext {
  liveCells: ReadonlySet<string>;
  freshDomains: ReadonlySet<string>;
}

const ACTUAL_STATES = new Set(['UNCLAIMED', 'CLAIMED', 'RUNNING', 'CRASHED']);
const PRESENCES = new Set(['ORDINARY', 'EVACUATING', 'SUSPECT']);
const TASK_STATES = new Set(['PENDING', 'RUNNING', 'COMPLETED', 'RESOLVING']);

function problem(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function nameOf(lrp: ActualLRP): string {
  return `actual LRP ${lrp.key?.process_guid ?? '?'}/${lrp.key?.index ?? '?'}/${lrp.presence}`;
}

function cellOf(lrp: ActualLRP): string {
  return lrp.instance_key?.cell_id ?? '';
}

function hasInstanceKey(lrp: ActualLRP): boolean {
  return !!lrp.instance_key?.instance_guid && !!lrp.instance_key?.cell_id;
}

function hasNoInstanceKey(lrp: ActualLRP): boolean {
  return !lrp.instance_key?.instance_guid && !lrp.instance_key?.cell_id;
}

function checkActual(lrp: ActualLRP, desired: DesiredLRP | undefined, out: string[]): void {
  const name = nameOf(lrp);
  if (!lrp.key) {
    out.push(`${name}: no key`);
    return;
  }
  const guidProblem = problem(() => validateGuid(lrp.key!.process_guid, 'process_guid'));
  if (guidProblem) out.push(`${name}: ${guidProblem}`);
  if (!Number.isInteger(lrp.key.index) || lrp.key.index < 0) out.push(`${name}: index ${lrp.key.index} is not a non-negative integer`);
  if (!lrp.key.domain) out.push(`${name}: no domain`);
  if (!ACTUAL_STATES.has(lrp.state)) out.push(`${name}: unknown state ${String(lrp.state)}`);
  if (!PRESENCES.has(lrp.presence)) out.push(`${name}: unknown presence ${String(lrp.presence)}`);

  const claimedOrRunning = lrp.state === 'CLAIMED' || lrp.state === 'RUNNING';
  if (claimedOrRunning && !hasInstanceKey(lrp)) out.push(`${name}: ${lrp.state} without an instance key`);
  if (!claimedOrRunning && !hasNoInstanceKey(lrp)) {
    out.push(`${name}: ${lrp.state} with instance key ${lrp.instance_key?.instance_guid}/${lrp.instance_key?.cell_id}`);
  }
  const address = lrp.net_info?.address ?? '';
  const ports = lrp.net_info?.ports.length ?? 0;
  if (lrp.state === 'RUNNING' && !address) out.push(`${name}: RUNNING without an address`);
  if (lrp.state !== 'RUNNING' && (address || ports > 0)) out.push(`${name}: ${lrp.state} with net info (address ${JSON.stringify(address)}, ${ports} ports)`);
  if (lrp.presence !== 'ORDINARY' && lrp.state !== 'RUNNING') out.push(`${name}: an ${lrp.presence} copy must be a RUNNING instance, is ${lrp.state}`);

  if (!Number.isInteger(lrp.crash_count) || lrp.crash_count < 0) out.push(`${name}: crash_count ${lrp.crash_count} is not a non-negative integer`);
  if (lrp.placement_error && lrp.state !== 'UNCLAIMED') out.push(`${name}: placement_error on a ${lrp.state} row`);
  if (!lrp.modification_tag?.epoch) out.push(`${name}: no modification tag epoch`);
  if (desired && lrp.key.domain !== desired.domain) {
    out.push(`${name}: domain ${JSON.stringify(lrp.key.domain)} is not its desired LRP's ${JSON.stringify(desired.domain)}`);
  }
}

function checkTask(task: Task, out: string[]): void {
  const name = `task ${task.task_guid}`;
  const invalid = problem(() => validateTask(task));
  if (invalid) out.push(`${name}: fails validation: ${invalid}`);
  if (!TASK_STATES.has(task.state)) {
    out.push(`${name}: state ${String(task.state)}`);
    return;
  }
  const finished = task.state === 'COMPLETED' || task.state === 'RESOLVING';
  if (!finished) {
    if (task.failed || task.failure_reason || task.result) out.push(`${name}: ${task.state} with an outcome (failed ${task.failed}, failure_reason ${JSON.stringify(task.failure_reason)}, result ${task.result.length} bytes)`);
    if (task.first_completed_at !== 0) out.push(`${name}: ${task.state} with first_completed_at ${task.first_completed_at}`);
    if (task.state === 'PENDING' && task.cell_id) out.push(`${name}: PENDING on cell ${task.cell_id}`);
    if (task.state === 'RUNNING' && !task.cell_id) out.push(`${name}: RUNNING on no cell`);
  } else {
    if (task.cell_id) out.push(`${name}: ${task.state} still on cell ${task.cell_id}`);
    if (!(task.first_completed_at > 0)) out.push(`${name}: ${task.state} without first_completed_at`);
    if (task.failed && !task.failure_reason) out.push(`${name}: failed without a failure_reason`);
    if (task.failed && task.result) out.push(`${name}: failed with a result`);
    if (!task.failed && task.failure_reason) out.push(`${name}: succeeded with failure_reason ${JSON.stringify(task.failure_reason)}`);
  }
  if (!Number.isInteger(task.rejection_count) || task.rejection_count < 0) out.push(`${name}: rejection_count ${task.rejection_count}`);
  if (task.updated_at < task.created_at) out.push(`${name}: updated_at ${task.updated_at} before created_at ${task.created_at}`);
}

function checkConverged(state: InvariantState, desiredByGuid: Map<string, DesiredLRP>, ctx: ConvergedContext, out: string[]): void {
  const ordinaryAt = new Map<string, ActualLRP>();
  for (const lrp of state.actual) if (lrp.presence === 'ORDINARY') ordinaryAt.set(`${lrp.key?.process_guid}\u0000${lrp.key?.index}`, lrp);

  for (const lrp of state.actual) {
    const name = nameOf(lrp);
    const guid = lrp.key?.process_guid ?? '';
    const index = lrp.key?.index ?? 0;
    const desired = desiredByGuid.get(guid);
    const domain = desired?.domain ?? lrp.key?.domain ?? '';
    const live = ctx.liveCells.has(cellOf(lrp));
    const beingStopped = live && lrp.presence === 'ORDINARY' && (lrp.state === 'CLAIMED' || lrp.state === 'RUNNING');
    const leftToItsCell = live && lrp.presence === 'EVACUATING';
    const mayStay = !ctx.freshDomains.has(domain) || beingStopped || leftToItsCell;
    if (!desired && !mayStay) out.push(`${name}: orphan (no desired LRP) after convergence, ${lrp.state} on ${cellOf(lrp) || 'no cell'}`);
    if (desired && index >= desired.instances && !mayStay) out.push(`${name}: index ${index} ≥ ${desired.instances} instances after convergence`);

    if (lrp.presence === 'EVACUATING' && !live) out.push(`${name}: EVACUATING copy on lost cell ${cellOf(lrp)} after convergence`);
    if (desired && lrp.presence === 'ORDINARY' && (lrp.state === 'CLAIMED' || lrp.state === 'RUNNING') && !live) {
      out.push(`${name}: ${lrp.state} on lost cell ${cellOf(lrp)} after convergence`);
    }
    if (desired && lrp.presence === 'SUSPECT') {
      if (live) out.push(`${name}: SUSPECT copy on live cell ${cellOf(lrp)} after convergence (it is promoted back)`);
      if (ordinaryAt.get(`${guid}\u0000${index}`)?.state === 'RUNNING') out.push(`${name}: SUSPECT copy beside a RUNNING replacement after convergence`);
    }
  }

  for (const desired of state.desired) {
    let ordinaries = 0;
    for (let index = 0; index < desired.instances; index++) {
      if (ordinaryAt.has(`${desired.process_guid}\u0000${index}`)) ordinaries++;
    }
    if (ordinaries !== desired.instances) {
      out.push(`desired LRP ${desired.process_guid}: ${ordinaries} ORDINARY instances at indices 0..${desired.instances - 1} after convergence, ${desired.instances} desired`);
    }
  }

  for (const task of state.tasks) {
    if (task.state === 'RUNNING' && !ctx.liveCells.has(task.cell_id)) out.push(`task ${task.task_guid}: RUNNING on lost cell ${task.cell_id} after convergence`);
  }
}

/**
 * The violations of the BBS's invariants in this state; empty when there are
 * none. With `converged`, the state must be exactly what a convergence pass
 * that saw these live cells and fresh domains left.
 */
export function checkInvariants(state: InvariantState, converged?: ConvergedContext): string[] {
  const out: string[] = [];

  const desiredByGuid = new Map<string, DesiredLRP>();
  for (const desired of state.desired) {
    const name = `desired LRP ${desired.process_guid}`;
    if (desiredByGuid.has(desired.process_guid)) out.push(`${name}: listed twice`);
    desiredByGuid.set(desired.process_guid, desired);
    const invalid = problem(() => validateDesiredLRP(desired));
    if (invalid) out.push(`${name}: fails validation: ${invalid}`);
    if (!desired.modification_tag?.epoch) out.push(`${name}: no modification tag epoch`);
  }

  const rows = new Set<string>();
  for (const lrp of state.actual) {
    const id = `${lrp.key?.process_guid}\u0000${lrp.key?.index}\u0000${lrp.presence}`;
    if (rows.has(id)) out.push(`${nameOf(lrp)}: more than one row`);
    rows.add(id);
    checkActual(lrp, desiredByGuid.get(lrp.key?.process_guid ?? ''), out);
  }

  const tasks = new Set<string>();
  for (const task of state.tasks) {
    if (tasks.has(task.task_guid)) out.push(`task ${task.task_guid}: listed twice`);
    tasks.add(task.task_guid);
    checkTask(task, out);
  }

  if (converged) checkConverged(state, desiredByGuid, converged, out);
  return out;
}
