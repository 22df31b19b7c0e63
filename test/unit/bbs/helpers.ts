// Builders for the BBS model's unit tests.
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type {
  ActualLRP, ActualLRPInstanceKey, ActualLRPKey, ActualLRPNetInfo, BbsEventInput, CellPresence, DesiredLRP, Task,
} from '../../../src/common/models.ts';
import { InMemoryBbsModel } from '../../../src/bbs/state/model.ts';
import { sequentialEpochs } from '../../../src/bbs/state/context.ts';
import type { ConvergenceConfig, ConvergenceInput } from '../../../src/bbs/state/types.ts';
import { RpcError } from '../../../src/common/errors.ts';

export const DOMAIN = 'apps';
export const GUID = 'app-1';

export function newModel(options: { maxTaskRetries?: number } = {}): InMemoryBbsModel {
  return new InMemoryBbsModel({ newEpoch: sequentialEpochs(), ...options });
}

export function desiredLRP(overrides: Partial<DesiredLRP> = {}): DesiredLRP {
  return {
    process_guid: GUID,
    domain: DOMAIN,
    instances: 1,
    rootfs: 'bookworm',
    memory_mb: 128,
    disk_mb: 256,
    max_pids: 0,
    ports: [8080],
    routes: [{ hostnames: ['app-1.example.com'], port: 8080 }],
    env: [{ name: 'GREETING', value: 'hello' }],
    start_command: './run',
    droplet: null,
    check: { type: 'HTTP', port: 8080, path: '/health', timeout_ms: 1000, interval_ms: 5000 },
    start_timeout_ms: 60_000,
    placement_tags: [],
    annotation: '',
    modification_tag: null,
    log_guid: '',
    user: '',
    created_at: 0,
    ...overrides,
  };
}

export function task(overrides: Partial<Task> = {}): Task {
  return {
    task_guid: 'task-1',
    domain: DOMAIN,
    rootfs: 'bookworm',
    memory_mb: 64,
    disk_mb: 64,
    max_pids: 0,
    env: [],
    command: 'echo hi',
    downloads: [],
    result_file: '',
    uploads: [],
    placement_tags: [],
    annotation: '',
    log_guid: '',
    user: '',
    state: 'INVALID',
    cell_id: '',
    result: '',
    failed: false,
    failure_reason: '',
    created_at: 0,
    updated_at: 0,
    first_completed_at: 0,
    rejection_count: 0,
    rejection_reason: '',
    ...overrides,
  };
}

export function lrpKey(index = 0, processGuid = GUID, domain = DOMAIN): ActualLRPKey {
  return { process_guid: processGuid, index, domain };
}

export function instanceKey(instanceGuid: string, cellId: string): ActualLRPInstanceKey {
  return { instance_guid: instanceGuid, cell_id: cellId };
}

export function netInfo(hostPort = 61000, address = '10.0.0.1'): ActualLRPNetInfo {
  return { address, ports: [{ container_port: 8080, host_port: hostPort }], instance_address: '' };
}

export function cell(cellId: string): CellPresence {
  return {
    cell_id: cellId, rep_address: `${cellId}:1800`, zone: 'z1', capacity: null, stacks: ['bookworm'], placement_tags: [],
    optional_placement_tags: [], evacuating: false, sent_at: 0,
  };
}

export const CONFIG: ConvergenceConfig = {
  staleUnclaimedMs: 30_000,
  pendingTaskMaxAgeMs: 30 * 60_000,
  completedTaskTtlMs: 2 * 60_000,
  resolvingTaskTimeoutMs: 60_000,
};

export function convergenceInput(now: number, liveCellIds: string[], config: Partial<ConvergenceConfig> = {}): ConvergenceInput {
  return { now, liveCells: new Map(liveCellIds.map((id) => [id, cell(id)])), config: { ...CONFIG, ...config } };
}

/** The event kinds of a change, e.g. ['actual_lrp_crashed', 'actual_lrp_instance_changed']. */
export function kinds(events: BbsEventInput[]): string[] {
  return events.map((e) => e.event ?? '?');
}

function byId<T>(records: T[], id: (record: T) => string): T[] {
  return [...records].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

const actualId = (l: ActualLRP) => `${l.key?.process_guid}.${String(l.key?.index).padStart(6, '0')}.${l.presence}`;

/**
 * Everything observable in a model, for "nothing changed" and "revert
 * restores" comparisons. Lists are compared in a canonical order: list order
 * is not part of the contract (a record put back after a revert is listed last).
 */
export function snapshot(model: InMemoryBbsModel, cells: string[] = []) {
  return {
    desired: byId(model.listDesiredLRPs({ domain: '', process_guids: [] }), (d) => d.process_guid),
    actual: byId(model.listActualLRPs(null), actualId),
    byCell: Object.fromEntries(cells.map((c) => [c, byId(model.listActualLRPs({ domain: '', cell_id: c, process_guid: '' }), actualId)])),
    byDomain: byId(model.listActualLRPs({ domain: DOMAIN, cell_id: '', process_guid: '' }), actualId),
    tasks: byId(model.listTasks(null), (t) => t.task_guid),
    domains: byId(model.listDomains(0), (d) => d.domain),
    counts: model.counts(),
  };
}

export function assertRpcError(fn: () => unknown, code: status, messagePart?: string | RegExp): RpcError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof RpcError, `expected an RpcError, got ${caught === undefined ? 'no error' : String(caught)}`);
  assert.equal(caught.code, code, `expected code ${status[code]}, got ${status[caught.code]}: ${caught.message}`);
  if (typeof messagePart === 'string') assert.ok(caught.message.includes(messagePart), `message ${JSON.stringify(caught.message)} lacks ${JSON.stringify(messagePart)}`);
  else if (messagePart) assert.match(caught.message, messagePart);
  return caught;
}

/** Call fn, expect the RpcError, and check the model is exactly as before. */
export function assertRefusedUnchanged(model: InMemoryBbsModel, fn: () => unknown, code: status, messagePart?: string | RegExp): RpcError {
  const before = snapshot(model, ['cell-a', 'cell-b']);
  const err = assertRpcError(fn, code, messagePart);
  assert.deepStrictEqual(snapshot(model, ['cell-a', 'cell-b']), before, 'the model changed on error');
  return err;
}

/** The only ORDINARY record of an index (fails if absent). */
export function ordinary(model: InMemoryBbsModel, index = 0, processGuid = GUID): ActualLRP {
  const lrp = model.instancesOf(processGuid, index).find((l) => l.presence === 'ORDINARY');
  assert.ok(lrp, `no ORDINARY record for ${processGuid}/${index}`);
  return lrp;
}

/** Desire one instance and bring it to RUNNING on a cell. */
export function runningInstance(model: InMemoryBbsModel, cellId = 'cell-a', instanceGuid = 'inst-a', now = 1_000, index = 0): void {
  const key = instanceKey(instanceGuid, cellId);
  model.claimActualLRP(GUID, index, key, now);
  model.startActualLRP(lrpKey(index), key, netInfo(), 'z1', now);
}
