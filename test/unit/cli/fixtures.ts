// Small builders of the models the CLI formats, for the CLI's unit tests.
import type { ActualLRP, CellPresence, DesiredLRP, Task } from '../../../src/common/models.ts';

export function desired(over: Partial<DesiredLRP> = {}): DesiredLRP {
  return {
    process_guid: 'web',
    domain: 'gantry',
    instances: 3,
    rootfs: 'bookworm',
    memory_mb: 256,
    disk_mb: 1024,
    max_pids: 1024,
    ports: [8080],
    routes: [],
    env: [],
    start_command: '',
    droplet: { digest: 'sha256:' + 'a'.repeat(64), url: '' },
    check: { type: 'HTTP', port: 8080, path: '/health', timeout_ms: 1000, interval_ms: 2000 },
    start_timeout_ms: 60000,
    placement_tags: [],
    annotation: '',
    modification_tag: { epoch: 'e', index: 0 },
    log_guid: 'web',
    user: '',
    created_at: 1_000_000,
    ...over,
  };
}

export function actual(index: number, state: ActualLRP['state'], over: Partial<ActualLRP> & { cell?: string; hostPort?: number; guid?: string } = {}): ActualLRP {
  const { cell, hostPort, guid, ...rest } = over;
  const placed = state === 'CLAIMED' || state === 'RUNNING';
  return {
    key: { process_guid: 'web', index, domain: 'gantry' },
    instance_key: placed || cell ? { instance_guid: guid ?? `ig-${index}`, cell_id: cell ?? 'cell-1' } : { instance_guid: '', cell_id: '' },
    net_info: state === 'RUNNING' ? { address: '127.0.0.1', ports: [{ container_port: 8080, host_port: hostPort ?? 61000 + index }], instance_address: '' } : null,
    state,
    presence: 'ORDINARY',
    crash_count: 0,
    crash_reason: '',
    placement_error: '',
    since: 1_000_000,
    modification_tag: { epoch: 'e', index: 1 },
    availability_zone: '',
    ...rest,
  };
}

export function cell(id: string, over: Partial<CellPresence> = {}): CellPresence {
  return {
    cell_id: id,
    rep_address: '127.0.0.1:1800',
    zone: 'z1',
    capacity: { memory_mb: 4096, disk_mb: 20480, containers: 100, pids: 10000 },
    stacks: ['bookworm'],
    placement_tags: [],
    optional_placement_tags: [],
    evacuating: false,
    sent_at: 0,
    ...over,
  };
}

export function task(guid: string, over: Partial<Task> = {}): Task {
  return {
    task_guid: guid,
    domain: 'gantry',
    rootfs: 'bookworm',
    memory_mb: 512,
    disk_mb: 2048,
    max_pids: 1024,
    env: [],
    command: 'builder.sh',
    downloads: [],
    result_file: '/tmp/result.json',
    uploads: [],
    placement_tags: [],
    annotation: '',
    log_guid: '',
    user: '',
    state: 'PENDING',
    cell_id: '',
    result: '',
    failed: false,
    failure_reason: '',
    created_at: 1_000_000,
    updated_at: 1_000_000,
    first_completed_at: 0,
    rejection_count: 0,
    rejection_reason: '',
    ...over,
  };
}

/** No colours, so the text can be compared. */
export const plain = (_c: string, t: string) => t;
