// A small real gRPC BBS for the rep's integration tests: the calls a cell
// makes, over the wire, on an in-memory table with Diego's rules in their
// simplest form. It records every call so tests can see what the rep
// reported. (Not a test file: the rep tests start it.)
import { status } from '@grpc/grpc-js';
import type * as grpc from '@grpc/grpc-js';
import { bbsProto } from '../../../src/common/proto.ts';
import { RpcError, notFound } from '../../../src/common/errors.ts';
import { startServer, unary, type ServerHandle } from '../../../src/common/grpc.ts';
import { createLogger } from '../../../src/common/log.ts';
import type { ActualLRP, ActualLRPInstanceKey, ActualLRPKey, DesiredLRP, Task } from '../../../src/common/models.ts';

export interface PeerCall {
  method: string;
  request: Record<string, unknown>;
  at: number;
}

export function desiredLRP(processGuid: string, overrides: Partial<DesiredLRP> = {}): DesiredLRP {
  return {
    process_guid: processGuid, domain: 'test', instances: 1, rootfs: 'bookworm', memory_mb: 64, disk_mb: 64, max_pids: 0,
    ports: [8080], routes: [], env: [], start_command: '', droplet: null, check: null, start_timeout_ms: 0, placement_tags: [],
    annotation: '', modification_tag: null, log_guid: '', user: '', created_at: Date.now(), ...overrides,
  };
}

function row(key: ActualLRPKey): ActualLRP {
  return {
    key: { ...key }, instance_key: null, net_info: null, state: 'UNCLAIMED', presence: 'ORDINARY', crash_count: 0, crash_reason: '',
    placement_error: '', since: Date.now(), modification_tag: null, availability_zone: '',
  };
}

export class BbsPeer {
  readonly calls: PeerCall[] = [];
  readonly desired = new Map<string, DesiredLRP>();
  actual: ActualLRP[] = [];
  readonly tasks = new Map<string, Task>();
  /** Make the next N calls of a method fail with this code. */
  readonly failures = new Map<string, { code: status; times: number }>();
  /** Answer a method this much later, after its change is applied (a slow network). */
  readonly delays = new Map<string, number>();
  private server!: ServerHandle;

  get address(): string {
    return `127.0.0.1:${this.server.port}`;
  }

  async start(): Promise<this> {
    const log = createLogger('bbs-peer');
    const h = (method: string, fn: (req: any) => unknown) =>
      unary('gantry.bbs.BBS', method, log, (req: any) => {
        this.calls.push({ method, request: req, at: Date.now() });
        const f = this.failures.get(method);
        if (f && f.times > 0) {
          f.times--;
          throw new RpcError(f.code, `${method} failed on purpose`);
        }
        const res = fn(req);
        const delay = this.delays.get(method);
        return delay ? new Promise((r) => setTimeout(() => r(res), delay)) : res;
      });
    const impl = {
      Ping: h('Ping', () => ({ available: true })),
      GetDesiredLRP: h('GetDesiredLRP', (r) => {
        const d = this.desired.get(r.process_guid);
        if (!d) throw notFound(`desired LRP ${r.process_guid}`);
        return { desired_lrp: d };
      }),
      ListActualLRPs: h('ListActualLRPs', (r) => ({
        actual_lrps: this.actual.filter((a) => !r.filter?.cell_id || a.instance_key?.cell_id === r.filter.cell_id),
      })),
      ClaimActualLRP: h('ClaimActualLRP', (r) => {
        const a = this.ordinary(r.process_guid, r.index);
        if (!a) throw notFound(`actual LRP ${r.process_guid}/${r.index}`);
        if (a.state === 'UNCLAIMED' || (a.state === 'CLAIMED' && a.instance_key?.instance_guid === r.instance_key.instance_guid)) {
          a.state = 'CLAIMED';
          a.instance_key = { ...r.instance_key };
          a.placement_error = '';
          return {};
        }
        throw new RpcError(status.FAILED_PRECONDITION, `cannot claim ${r.process_guid}/${r.index} in state ${a.state}`);
      }),
      StartActualLRP: h('StartActualLRP', (r) => {
        const a = this.ordinary(r.key.process_guid, r.key.index);
        if (!a) throw notFound('actual LRP');
        const mine = a.instance_key?.instance_guid === r.instance_key.instance_guid;
        if (!mine && a.state !== 'UNCLAIMED') throw new RpcError(status.FAILED_PRECONDITION, `instance ${r.instance_key.instance_guid} does not hold ${r.key.process_guid}/${r.key.index}`);
        a.state = 'RUNNING';
        a.instance_key = { ...r.instance_key };
        a.net_info = r.net_info;
        a.availability_zone = r.availability_zone;
        // The replacement runs: the evacuating instance may go.
        this.actual = this.actual.filter((x) => !(x.presence === 'EVACUATING' && x.key!.process_guid === r.key.process_guid && x.key!.index === r.key.index));
        return {};
      }),
      CrashActualLRP: h('CrashActualLRP', (r) => {
        const a = this.ordinary(r.key.process_guid, r.key.index);
        if (!a || a.instance_key?.instance_guid !== r.instance_key.instance_guid) throw new RpcError(status.FAILED_PRECONDITION, 'not this instance');
        a.state = 'CRASHED';
        a.crash_count++;
        a.crash_reason = r.error_message;
        a.instance_key = null;
        a.net_info = null;
        return {};
      }),
      RemoveActualLRP: h('RemoveActualLRP', (r) => {
        const before = this.actual.length;
        this.actual = this.actual.filter((a) => !(a.presence === 'ORDINARY' && a.key!.process_guid === r.process_guid && a.key!.index === r.index
          && (!r.instance_key?.instance_guid || a.instance_key?.instance_guid === r.instance_key.instance_guid)));
        if (this.actual.length === before) throw notFound('actual LRP');
        return {};
      }),
      EvacuateRunningActualLRP: h('EvacuateRunningActualLRP', (r) => {
        const guid = r.instance_key.instance_guid;
        const evac = this.actual.find((a) => a.presence === 'EVACUATING' && a.instance_key?.instance_guid === guid);
        if (evac) return { keep_container: true };
        const a = this.ordinary(r.key.process_guid, r.key.index);
        if (a && a.instance_key?.instance_guid === guid && a.state === 'RUNNING') {
          this.actual.push({ ...a, presence: 'EVACUATING', key: { ...a.key! }, instance_key: { ...a.instance_key! } });
          a.state = 'UNCLAIMED';
          a.instance_key = null;
          a.net_info = null;
          return { keep_container: true };
        }
        return { keep_container: false };
      }),
      EvacuateClaimedActualLRP: h('EvacuateClaimedActualLRP', (r) => {
        const a = this.ordinary(r.key.process_guid, r.key.index);
        if (a && a.instance_key?.instance_guid === r.instance_key.instance_guid) {
          a.state = 'UNCLAIMED';
          a.instance_key = null;
        }
        return { keep_container: false };
      }),
      EvacuateCrashedActualLRP: h('EvacuateCrashedActualLRP', (r) => {
        this.removeEvacuating(r.instance_key);
        return { keep_container: false };
      }),
      EvacuateStoppedActualLRP: h('EvacuateStoppedActualLRP', (r) => {
        this.removeEvacuating(r.instance_key);
        return { keep_container: false };
      }),
      RemoveEvacuatingActualLRP: h('RemoveEvacuatingActualLRP', (r) => {
        this.removeEvacuating(r.instance_key);
        return {};
      }),
      StartTask: h('StartTask', (r) => {
        const t = this.tasks.get(r.task_guid);
        if (!t) throw notFound(`task ${r.task_guid}`);
        if (t.state === 'PENDING') {
          t.state = 'RUNNING';
          t.cell_id = r.cell_id;
          return { should_start: true };
        }
        return { should_start: t.state === 'RUNNING' && t.cell_id === r.cell_id };
      }),
      GetTask: h('GetTask', (r) => {
        const t = this.tasks.get(r.task_guid);
        if (!t) throw notFound(`task ${r.task_guid}`);
        return { task: t };
      }),
      ListTasks: h('ListTasks', (r) => ({ tasks: [...this.tasks.values()].filter((t) => !r.filter?.cell_id || t.cell_id === r.filter.cell_id) })),
      CompleteTask: h('CompleteTask', (r) => {
        const t = this.tasks.get(r.task_guid);
        if (!t) throw notFound(`task ${r.task_guid}`);
        if (t.state !== 'RUNNING' || t.cell_id !== r.cell_id) throw new RpcError(status.FAILED_PRECONDITION, `task is ${t.state} on ${t.cell_id}`);
        Object.assign(t, { state: 'COMPLETED', failed: r.failed, failure_reason: r.failure_reason, result: r.result });
        return {};
      }),
      FailTask: h('FailTask', (r) => {
        const t = this.tasks.get(r.task_guid);
        if (!t) throw notFound(`task ${r.task_guid}`);
        Object.assign(t, { state: 'COMPLETED', failed: true, failure_reason: r.failure_reason });
        return {};
      }),
    };
    this.server = await startServer({
      address: '127.0.0.1:0',
      services: [[bbsProto().gantry.bbs.BBS.service, impl as unknown as grpc.UntypedServiceImplementation]],
      healthNames: ['gantry.bbs.BBS'],
    });
    this.server.setServing(true);
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop(500);
  }

  /** A DesiredLRP and its UNCLAIMED instances. */
  desire(d: DesiredLRP): void {
    this.desired.set(d.process_guid, d);
    for (let i = 0; i < d.instances; i++) this.actual.push(row({ process_guid: d.process_guid, index: i, domain: d.domain }));
  }

  addTask(guid: string, overrides: Partial<Task> = {}): Task {
    const t = {
      task_guid: guid, domain: 'test', rootfs: 'bookworm', memory_mb: 32, disk_mb: 32, max_pids: 0, env: [], command: 'true', downloads: [],
      result_file: '', placement_tags: [], annotation: '', log_guid: '', user: '', state: 'PENDING', cell_id: '', result: '', failed: false,
      failure_reason: '', created_at: Date.now(), updated_at: Date.now(), first_completed_at: 0, rejection_count: 0, rejection_reason: '', ...overrides,
    } as Task;
    this.tasks.set(guid, t);
    return t;
  }

  ordinary(processGuid: string, index: number): ActualLRP | undefined {
    return this.actual.find((a) => a.presence === 'ORDINARY' && a.key!.process_guid === processGuid && a.key!.index === index);
  }

  evacuating(processGuid: string, index: number): ActualLRP | undefined {
    return this.actual.find((a) => a.presence === 'EVACUATING' && a.key!.process_guid === processGuid && a.key!.index === index);
  }

  callsOf(method: string): PeerCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private removeEvacuating(ik: ActualLRPInstanceKey): void {
    this.actual = this.actual.filter((a) => !(a.presence === 'EVACUATING' && a.instance_key?.instance_guid === ik.instance_guid));
  }
}

/** Poll until fn returns a truthy value, or fail after timeoutMs. */
export async function eventually<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
