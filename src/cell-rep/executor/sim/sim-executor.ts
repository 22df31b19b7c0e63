// The sim executor: containers that only hold resources. No process, no
// filesystem, no droplet: an instance "starts" (after an optional delay),
// "runs" until destroyed, and "crashes" when told. It lets one machine run
// hundreds of cells for scale tests of the BBS, the auctioneer and the rep.
//
// Knobs, cell-wide (SimOptions) or per instance through the spec's env (so a
// test can make one LRP misbehave without reconfiguring the cell):
//   GANTRY_SIM_START_DELAY_MS  start resolves after this long
//   GANTRY_SIM_CRASH_AFTER_MS  the process "exits" this long after start
//   GANTRY_SIM_EXIT_CODE       its exit code (default 1)
//   GANTRY_SIM_OOM             "true": the exit is an OOM kill (code 137)
//   GANTRY_SIM_FAIL_START      start rejects with this message
//   GANTRY_SIM_RESULT          a task's result when it exits
import type { ContainerExit, ContainerInfo, ContainerSpec, Executor, LogSink } from '../types.ts';

export interface SimOptions {
  /** Stacks the sim cell claims to run (default ["bookworm"]). */
  stacks?: string[];
  /** Every start takes this long (ms); default 0. */
  startDelayMs?: number;
  /** Every instance exits this long after it started (ms); 0 = never. */
  crashAfterMs?: number;
  /** Exit code of those exits (default 1). */
  crashExitCode?: number;
}

interface SimInstance {
  info: ContainerInfo;
  exit: Promise<ContainerExit>;
  end: (exit: ContainerExit) => void;
  ended: ContainerExit | null;
  timer: NodeJS.Timeout | undefined;
  onLog: LogSink | undefined;
  result: string | undefined;
}

function envOf(spec: ContainerSpec, name: string): string | undefined {
  return spec.env.find((e) => e.name === name)?.value;
}

function numberEnv(spec: ContainerSpec, name: string, fallback: number): number {
  const raw = envOf(spec, name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class SimExecutor implements Executor {
  readonly name = 'sim' as const;
  private readonly instances = new Map<string, SimInstance>();
  private readonly stackNames: string[];

  constructor(private readonly opts: SimOptions = {}) {
    this.stackNames = opts.stacks && opts.stacks.length > 0 ? [...opts.stacks] : ['bookworm'];
  }

  async stacks(): Promise<string[]> {
    return [...this.stackNames];
  }

  async start(spec: ContainerSpec): Promise<void> {
    if (this.instances.has(spec.guid)) throw new Error(`container ${spec.guid} already exists`);
    if (!this.stackNames.includes(spec.stack)) throw new Error(`unknown stack ${JSON.stringify(spec.stack)} (sim runs ${this.stackNames.join(', ')})`);
    let end!: (exit: ContainerExit) => void;
    const exit = new Promise<ContainerExit>((resolve) => (end = resolve));
    const inst: SimInstance = {
      info: {
        guid: spec.guid,
        tags: { ...spec.tags },
        memoryMb: spec.memoryMb,
        diskMb: spec.diskMb,
        maxPids: spec.maxPids,
        ports: spec.ports.map((p) => ({ ...p })),
        status: 'running',
      },
      exit,
      end: (e) => {
        if (inst.ended) return;
        inst.ended = e;
        inst.info.status = 'exited';
        if (inst.timer) clearTimeout(inst.timer);
        inst.timer = undefined;
        end(e);
      },
      ended: null,
      timer: undefined,
      onLog: spec.onLog,
      result: envOf(spec, 'GANTRY_SIM_RESULT'),
    };
    // Registered before the delay, as a real container exists while it starts.
    this.instances.set(spec.guid, inst);
    const delay = numberEnv(spec, 'GANTRY_SIM_START_DELAY_MS', this.opts.startDelayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (inst.ended) throw new Error('container was destroyed while starting');
    const failStart = envOf(spec, 'GANTRY_SIM_FAIL_START');
    if (failStart) {
      this.instances.delete(spec.guid);
      inst.end({ exitCode: -1, oomKilled: false, reason: failStart });
      throw new Error(failStart);
    }
    inst.onLog?.({ stream: 'stdout', line: `sim: started ${spec.guid}`, timestamp: Date.now() });
    const crashAfter = numberEnv(spec, 'GANTRY_SIM_CRASH_AFTER_MS', this.opts.crashAfterMs ?? 0);
    if (crashAfter > 0) {
      const oom = envOf(spec, 'GANTRY_SIM_OOM') === 'true';
      const code = oom ? 137 : numberEnv(spec, 'GANTRY_SIM_EXIT_CODE', this.opts.crashExitCode ?? 1);
      inst.timer = setTimeout(() => {
        inst.onLog?.({ stream: 'stderr', line: `sim: exiting with code ${code}`, timestamp: Date.now() });
        inst.end({
          exitCode: code,
          oomKilled: oom,
          reason: oom ? 'out of memory (OOM killed)' : `exited with code ${code}`,
          ...(inst.result !== undefined ? { result: inst.result } : {}),
        });
      }, crashAfter);
    }
  }

  waitForExit(guid: string): Promise<ContainerExit> {
    const inst = this.instances.get(guid);
    if (!inst) return Promise.reject(new Error(`no container ${guid}`));
    return inst.exit;
  }

  async destroy(guid: string): Promise<void> {
    const inst = this.instances.get(guid);
    if (!inst) return;
    this.instances.delete(guid);
    inst.end({ exitCode: 143, oomKilled: false, reason: 'stopped (SIGTERM)' });
  }

  async list(): Promise<ContainerInfo[]> {
    return [...this.instances.values()].map((i) => ({ ...i.info, tags: { ...i.info.tags }, ports: i.info.ports.map((p) => ({ ...p })) }));
  }

  followLogs(guid: string, onLog: LogSink): void {
    const inst = this.instances.get(guid);
    if (inst) inst.onLog = onLog;
  }

  /** Test hook: end an instance's "process" now, as if it had exited by itself. */
  exit(guid: string, exit: ContainerExit): boolean {
    const inst = this.instances.get(guid);
    if (!inst || inst.ended) return false;
    inst.end(exit);
    return true;
  }

  /** Instances stay: a sim "container" outlives its rep inside one process, so a new rep can adopt it. */
  async close(): Promise<void> {}

  /** Forget every instance (a test's teardown; a whole simulated machine going away). */
  clear(): void {
    for (const inst of this.instances.values()) inst.end({ exitCode: 137, oomKilled: false, reason: 'cell gone' });
    this.instances.clear();
  }
}
