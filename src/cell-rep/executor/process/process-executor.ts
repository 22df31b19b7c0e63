// The process executor: the same contract as docker's, with plain child
// processes, for a machine without Docker. Each instance gets a directory
// (<dataDir>/process/<guid>/) holding its copy of the droplet (home/), its
// output files and a state file, and runs the launcher with bash in its own
// process group.
//
// What it cannot do, honestly:
// - isolation: instances run as the rep's own user, see the host's filesystem
//   and share its network (apps listen on $PORT, the host port, as with docker);
// - memory: a best-effort limit. Every memoryPollMs the resident memory of the
//   instance's process group is summed from /proc; over the limit the group is
//   SIGKILLed and the exit says "out of memory (OOM killed)". A spike between
//   two polls, or a child that leaves the group (setsid), is not caught;
// - disk and pids: accounted by the rep, not enforced;
// - output files grow for the life of the instance (removed with it).
// Instances outlive a rep restart: output goes to files, not pipes, and a
// small bash wrapper records the exit code, so a new rep adopts them by pid
// (checked against the start time and boot id in the state file) and still
// learns how they ended.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { NatsConnection } from 'nats';
import { createLogger, type Logger } from '../../../common/log.ts';
import { counter, gauge, histogram } from '../../../common/metrics.ts';
import type { PortMapping } from '../../../common/models.ts';
import { exitCodeOfSignal, exitReason } from '../../../lifecycle/launcher/exit-reason.ts';
import { LAUNCHER_PATH } from '../../../lifecycle/launcher/index.ts';
import { instanceEnv } from '../../../lifecycle/launcher/instance-env.ts';
import { DropletCache, type DropletLease } from '../../droplets/cache.ts';
import type { ContainerExit, ContainerInfo, ContainerSpec, ContainerTags, Executor, ExecutorProblem, LogSink } from '../types.ts';
import { FileTail } from './file-tail.ts';
import { hostPathOf, instanceDirs, type InstanceDirs } from './paths.ts';
import { bootId, isSameProcessAlive, overMemoryLimit, readProcStat, rssByProcessGroup } from './proc.ts';

export const PROCESS_DEFAULTS = {
  memoryPollMs: 500,
  exitPollMs: 250,
  stopGraceMs: 10_000,
};

export interface ProcessExecutorOptions {
  cellId: string;
  dataDir: string;
  nc?: NatsConnection;
  droplets?: DropletCache;
  log?: Logger;
  hostAddress?: string;
  /** Stacks this host can run; default the host's own Debian codename (/etc/os-release). */
  stacks?: string[];
  /** How often instance memory is summed against its limit (0 = never). */
  memoryPollMs?: number;
  /** For the droplet cache it opens (when none is given): free space it always leaves on its disk. */
  dropletMinFreeBytes?: number;
}

/** What a restarted rep needs to know about an instance it did not start. */
interface InstanceState {
  version: 1;
  cellId: string;
  guid: string;
  tags: ContainerTags;
  memoryMb: number;
  diskMb: number;
  maxPids: number;
  ports: PortMapping[];
  dropletDigest: string | null;
  resultFile: string;
  pid: number;
  startTime: number;
  bootId: string;
}

interface Instance {
  state: InstanceState;
  dirs: InstanceDirs;
  child: ChildProcess | null;
  leases: DropletLease[];
  tails: FileTail[];
  /** Resolves when the process group leader (the wrapper) is gone. */
  ended: Promise<void>;
  oomKilled: boolean;
}

const metrics = {
  starts: counter('gantry_executor_starts_total', 'Container starts by executor and outcome', ['executor', 'result']),
  startSeconds: histogram('gantry_executor_start_seconds', 'Time start() took (droplet, create, start)', ['executor'], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]),
  exits: counter('gantry_executor_exits_total', 'Container exits seen, by executor and kind (code, oom)', ['executor', 'kind']),
  containers: gauge('gantry_executor_containers', 'Containers this executor holds', ['executor']),
  memoryPassSeconds: histogram('gantry_process_memory_pass_seconds', 'Time one pass of the process executor memory watchdog took', [], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5]),
  oomKills: counter('gantry_process_oom_kills_total', 'Instances the process executor killed for going over their memory limit'),
};

/**
 * Runs the launcher in the background and records its exit code in a file, so
 * the code survives the rep that started it. Signals go to the whole process
 * group (the app gets them directly); the wrapper ignores TERM and INT, set
 * only after the fork so the app may still trap them, so that its wait is
 * never cut short (bash's wait, interrupted by a trapped signal, may lose the
 * status).
 */
const WRAPPER = `
exit_file=$1; shift
bash "$@" &
child=$!
trap '' TERM INT
wait "$child"; code=$?
echo "$code" > "$exit_file.tmp" && mv "$exit_file.tmp" "$exit_file"
exit "$code"
`;

function hostStacks(): string[] {
  try {
    const m = /^VERSION_CODENAME=(.+)$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (m) return [m[1]!.replace(/"/g, '').trim()];
  } catch {
    /* not Linux-like: fall through */
  }
  return ['bookworm'];
}

export class ProcessExecutor implements Executor {
  readonly name = 'process' as const;
  private readonly log: Logger;
  private readonly base: string;
  private readonly instances = new Map<string, Instance>();
  private readonly starting = new Set<string>();
  private readonly exits = new Map<string, Promise<ContainerExit>>();
  private readonly bootId = bootId();
  private readonly pageSize: number;
  private memoryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly opts: ProcessExecutorOptions,
    private readonly droplets: DropletCache,
    private readonly ownsDroplets: boolean,
  ) {
    this.log = (opts.log ?? createLogger('cell-rep')).child({ executor: 'process' });
    this.base = path.join(opts.dataDir, 'process');
    this.pageSize = 4096;
    const poll = opts.memoryPollMs ?? PROCESS_DEFAULTS.memoryPollMs;
    if (poll > 0) {
      this.memoryTimer = setInterval(() => this.enforceMemory(), poll);
      this.memoryTimer.unref();
    }
  }

  static async create(opts: ProcessExecutorOptions): Promise<ProcessExecutor> {
    const owns = !opts.droplets;
    const droplets = opts.droplets ?? (await DropletCache.open({
      dataDir: opts.dataDir, nc: opts.nc, log: opts.log, ...(opts.dropletMinFreeBytes ? { minFreeBytes: opts.dropletMinFreeBytes } : {}),
    }));
    await fs.promises.mkdir(path.join(opts.dataDir, 'process'), { recursive: true });
    return new ProcessExecutor(opts, droplets, owns);
  }

  async stacks(): Promise<string[]> {
    return this.opts.stacks ?? hostStacks();
  }

  async start(spec: ContainerSpec): Promise<void> {
    const started = performance.now();
    const guid = spec.guid;
    if (this.instances.has(guid) || this.starting.has(guid)) throw new Error(`a container for ${guid} already exists on this cell`);
    const stacks = await this.stacks();
    const stack = spec.stack.startsWith('gantry:') ? spec.stack.slice('gantry:'.length) : spec.stack;
    if (!stacks.includes(stack)) throw new Error(`stack ${JSON.stringify(spec.stack)} is not available on this cell (the process executor runs ${stacks.join(', ')})`);
    this.starting.add(guid);
    const dirs = instanceDirs(this.base, guid);
    const leases: DropletLease[] = [];
    let ownDir = false;
    try {
      // A state file is an instance (perhaps a previous rep's, not adopted yet): never wiped here.
      if (fs.existsSync(dirs.state)) throw new Error(`a container for ${guid} already exists on this cell`);
      const signal = spec.startTimeoutMs > 0 ? AbortSignal.timeout(spec.startTimeoutMs) : undefined;
      const hasDroplet = !!spec.droplet && !!(spec.droplet.digest || spec.droplet.url);
      const wanted: Promise<DropletLease>[] = [];
      if (hasDroplet) wanted.push(this.droplets.acquire(spec.droplet!, { kind: 'unpacked', what: 'droplet', signal }));
      for (const d of spec.downloads) wanted.push(this.droplets.acquire(d, { kind: 'blob', what: 'download', signal }));
      const settled = await Promise.allSettled(wanted);
      for (const s of settled) if (s.status === 'fulfilled') leases.push(s.value);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      const droplet = hasDroplet ? leases[0]! : null;

      ownDir = true;
      await fs.promises.rm(dirs.dir, { recursive: true, force: true });
      await fs.promises.mkdir(dirs.home, { recursive: true });
      await fs.promises.mkdir(dirs.root, { recursive: true });
      const env = new Map(instanceEnv(spec, { hostAddress: this.opts.hostAddress ?? '127.0.0.1', home: dirs.home }));
      env.set('PATH', process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin');
      if (process.env.LANG && !env.has('LANG')) env.set('LANG', process.env.LANG);
      if (droplet) env.set('GANTRY_DROPLET_COPY_FROM', droplet.path);
      if (spec.downloads.length > 0) {
        const lines = spec.downloads.map((d, i) => `${leases[i + (hasDroplet ? 1 : 0)]!.path}\t${hostPathOf(dirs, d.to)}\t${d.extract ? 1 : 0}`);
        env.set('GANTRY_DOWNLOADS', lines.join('\n'));
      }
      const out = fs.openSync(dirs.stdout, 'a');
      const err = fs.openSync(dirs.stderr, 'a');
      let child: ChildProcess;
      try {
        child = spawn('bash', ['-c', WRAPPER, 'gantry-wrapper', dirs.exitCode, LAUNCHER_PATH, dirs.home, spec.command], {
          cwd: dirs.home,
          env: Object.fromEntries(env),
          detached: true, // its own process group, signalled as one; it outlives the rep
          stdio: ['ignore', out, err],
        });
      } finally {
        fs.closeSync(out);
        fs.closeSync(err);
      }
      const spawned = await new Promise<Error | null>((resolve) => {
        child.once('spawn', () => resolve(null));
        child.once('error', (e) => resolve(e));
      });
      if (spawned || !child.pid) throw new Error(`could not start the process: ${spawned?.message ?? 'no pid'}`);
      child.unref();
      const stat = readProcStat(child.pid);
      const state: InstanceState = {
        version: 1,
        cellId: this.opts.cellId,
        guid,
        tags: spec.tags,
        memoryMb: spec.memoryMb,
        diskMb: spec.diskMb,
        maxPids: spec.maxPids,
        ports: spec.ports,
        dropletDigest: droplet?.digest ?? null,
        resultFile: spec.resultFile,
        pid: child.pid,
        startTime: stat?.startTime ?? 0,
        bootId: this.bootId,
      };
      await writeState(dirs.state, state);
      const ended = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
      });
      const instance: Instance = { state, dirs, child, leases, tails: [], ended, oomKilled: false };
      if (spec.onLog) instance.tails = this.tail(dirs, spec.onLog, false);
      this.instances.set(guid, instance);
      metrics.containers.set({ executor: 'process' }, this.instances.size);
      metrics.starts.inc({ executor: 'process', result: 'ok' });
      metrics.startSeconds.observe({ executor: 'process' }, (performance.now() - started) / 1000);
      this.log.info('process started', { guid, pid: child.pid, droplet: droplet?.digest, ms: Math.round(performance.now() - started) });
    } catch (err) {
      for (const l of leases) l.release();
      if (ownDir) await fs.promises.rm(dirs.dir, { recursive: true, force: true }).catch(() => {});
      metrics.starts.inc({ executor: 'process', result: 'failed' });
      const reason = err instanceof Error ? err.message : String(err);
      this.log.warn('process start failed', { guid, reason });
      throw new Error(reason);
    } finally {
      this.starting.delete(guid);
    }
  }

  private tail(dirs: InstanceDirs, onLog: LogSink, fromEnd: boolean): FileTail[] {
    const sink = (stream: 'stdout' | 'stderr') => (line: string) => {
      try {
        onLog({ stream, line, timestamp: Date.now() });
      } catch (err) {
        this.log.warn('log sink failed', { err: (err as Error).message });
      }
    };
    return [new FileTail(dirs.stdout, sink('stdout'), { fromEnd }), new FileTail(dirs.stderr, sink('stderr'), { fromEnd })];
  }

  async copyOut(guid: string, containerPath: string, hostFile: string): Promise<void> {
    const instance = this.instances.get(guid);
    if (!instance) throw new Error(`no container ${guid} on this cell`);
    const file = hostPathOf(instance.dirs, containerPath);
    const st = await fs.promises.lstat(file).catch(() => null);
    if (!st) throw new Error(`${containerPath} not found`);
    if (!st.isFile()) throw new Error(`${containerPath} is not a regular file`);
    await fs.promises.copyFile(file, hostFile);
  }

  followLogs(guid: string, onLog: LogSink): void {
    const instance = this.instances.get(guid);
    if (!instance) return;
    for (const t of instance.tails) t.cancel();
    instance.tails = this.tail(instance.dirs, onLog, true);
  }

  private alive(state: InstanceState): boolean {
    return isSameProcessAlive(state, { stat: readProcStat(state.pid), bootId: this.bootId });
  }

  /** An instance found in the data dir (a previous rep's): watched by polling its pid. */
  private adopt(state: InstanceState, dirs: InstanceDirs): Instance {
    const existing = this.instances.get(state.guid);
    if (existing) return existing;
    const lease = state.dropletDigest ? this.droplets.hold(state.dropletDigest, 'unpacked') : null;
    const ended = new Promise<void>((resolve) => {
      const check = () => {
        if (this.closed || !this.alive(state)) return resolve();
        setTimeout(check, PROCESS_DEFAULTS.exitPollMs).unref();
      };
      check();
    });
    const instance: Instance = { state, dirs, child: null, leases: lease ? [lease] : [], tails: [], ended, oomKilled: fs.existsSync(dirs.oom) };
    this.instances.set(state.guid, instance);
    metrics.containers.set({ executor: 'process' }, this.instances.size);
    return instance;
  }

  waitForExit(guid: string): Promise<ContainerExit> {
    let p = this.exits.get(guid);
    if (!p) {
      p = this.watchExit(guid);
      this.exits.set(guid, p);
      p.catch(() => this.exits.get(guid) === p && this.exits.delete(guid));
    }
    return p;
  }

  private async watchExit(guid: string): Promise<ContainerExit> {
    let instance = this.instances.get(guid);
    if (!instance) {
      const dirs = instanceDirs(this.base, guid);
      const state = await readState(dirs.state);
      if (!state || state.cellId !== this.opts.cellId) throw new Error(`no container ${guid} on this cell`);
      instance = this.adopt(state, dirs);
    }
    await instance.ended;
    if (this.closed) throw new Error('executor closed');
    const { dirs, child } = instance;
    const recorded = await fs.promises.readFile(dirs.exitCode, 'utf8').catch(() => '');
    let exitCode: number;
    if (/^\d+\s*$/.test(recorded)) exitCode = Number.parseInt(recorded, 10);
    else if (child?.exitCode != null) exitCode = child.exitCode;
    else if (child?.signalCode) exitCode = exitCodeOfSignal(child.signalCode);
    else exitCode = exitCodeOfSignal('SIGKILL'); // the wrapper itself was killed: no record
    const oomKilled = instance.oomKilled || fs.existsSync(dirs.oom);
    metrics.exits.inc({ executor: 'process', kind: oomKilled ? 'oom' : exitCode === 0 ? 'zero' : 'nonzero' });
    const exit: ContainerExit = { exitCode, oomKilled, reason: exitReason(exitCode, oomKilled) };
    if (instance.state.resultFile) {
      const file = hostPathOf(dirs, instance.state.resultFile);
      try {
        const st = await fs.promises.stat(file);
        if (st.size > 10 * 1024) throw new Error(`result file is ${st.size} bytes, more than the 10240 allowed`);
        exit.result = await fs.promises.readFile(file, 'utf8');
      } catch (err) {
        if (exitCode === 0) exit.reason = `exited with code 0 but ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'result file not found' : (err as Error).message}`;
      }
    }
    for (const t of instance.tails) await t.stop();
    this.log.info('process exited', { guid, exitCode, oomKilled });
    return exit;
  }

  private signalGroup(instance: Instance, signal: NodeJS.Signals): void {
    if (!instance.child && !this.alive(instance.state)) return;
    try {
      process.kill(-instance.state.pid, signal);
    } catch {
      /* already gone */
    }
  }

  async destroy(guid: string, graceMs = PROCESS_DEFAULTS.stopGraceMs): Promise<void> {
    const dirs = instanceDirs(this.base, guid);
    let instance = this.instances.get(guid);
    if (!instance) {
      const state = await readState(dirs.state);
      if (state && state.cellId === this.opts.cellId) instance = this.adopt(state, dirs);
    }
    if (instance) {
      this.signalGroup(instance, 'SIGTERM');
      const inTime = await settledWithin(instance.ended, graceMs);
      if (!inTime) {
        this.signalGroup(instance, 'SIGKILL');
        await settledWithin(instance.ended, 5_000);
      }
      // The group's last members (the app's own children) go with it.
      try {
        process.kill(-instance.state.pid, 'SIGKILL');
      } catch {
        /* none left */
      }
      const exit = this.exits.get(guid);
      if (exit) await exit.catch(() => {});
      for (const t of instance.tails) t.cancel();
      for (const l of instance.leases) l.release();
      this.instances.delete(guid);
      metrics.containers.set({ executor: 'process' }, this.instances.size);
    }
    this.exits.delete(guid);
    await fs.promises.rm(dirs.dir, { recursive: true, force: true });
    if (instance) this.log.info('process destroyed', { guid });
  }

  async list(): Promise<ContainerInfo[]> {
    const out: ContainerInfo[] = [];
    let names: string[] = [];
    try {
      names = await fs.promises.readdir(this.base);
    } catch {
      return out;
    }
    for (const name of names) {
      const dirs = instanceDirs(this.base, name);
      const state = await readState(dirs.state);
      if (!state || state.cellId !== this.opts.cellId) continue;
      if (this.starting.has(state.guid)) continue;
      const instance = this.instances.get(state.guid) ?? this.adopt(state, instanceDirs(this.base, state.guid));
      const running = instance.child ? instance.child.exitCode === null && instance.child.signalCode === null : this.alive(state);
      out.push({ guid: state.guid, tags: state.tags, memoryMb: state.memoryMb, diskMb: state.diskMb, maxPids: state.maxPids, ports: state.ports, status: running ? 'running' : 'exited' });
    }
    return out;
  }

  /** The memory watchdog: one pass over /proc, then a SIGKILL for each group over its limit. */
  private enforceMemory(): void {
    if (this.instances.size === 0) return;
    const started = performance.now();
    const rss = rssByProcessGroup(this.pageSize);
    for (const instance of this.instances.values()) {
      const used = rss.get(instance.state.pid) ?? 0;
      if (instance.oomKilled || !overMemoryLimit(used, instance.state.memoryMb)) continue;
      instance.oomKilled = true;
      try {
        fs.writeFileSync(instance.dirs.oom, `${used}\n`);
      } catch {
        /* the flag in memory still says it */
      }
      metrics.oomKills.inc();
      this.log.warn('instance over its memory limit: killed', { guid: instance.state.guid, rssBytes: used, memoryMb: instance.state.memoryMb });
      this.signalGroup(instance, 'SIGKILL');
    }
    metrics.memoryPassSeconds.observe((performance.now() - started) / 1000);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    for (const i of this.instances.values()) for (const t of i.tails) t.cancel();
    if (this.ownsDroplets) await this.droplets.close();
  }

  get dropletCache(): DropletCache {
    return this.droplets;
  }

  /** A full droplet cache disk is the one thing that stops this executor from starting work. */
  problems(): ExecutorProblem[] {
    const full = this.droplets.spaceProblem();
    return full ? [{ kind: 'disk', reason: full.reason, since: full.since }] : [];
  }

  async checkResources(): Promise<ExecutorProblem[]> {
    await this.droplets.checkSpace();
    return this.problems();
  }
}

async function writeState(file: string, state: InstanceState): Promise<void> {
  const tmp = `${file}.tmp`;
  await fs.promises.writeFile(tmp, JSON.stringify(state));
  await fs.promises.rename(tmp, file);
}

async function readState(file: string): Promise<InstanceState | null> {
  try {
    const s = JSON.parse(await fs.promises.readFile(file, 'utf8')) as InstanceState;
    return s && s.version === 1 && typeof s.pid === 'number' ? s : null;
  } catch {
    return null;
  }
}

/** True when p settled within ms. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([p.then(() => true, () => true), new Promise<boolean>((res) => (timer = setTimeout(() => res(false), ms)))]);
  clearTimeout(timer);
  return r;
}
