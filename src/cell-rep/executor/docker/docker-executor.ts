// The docker executor: one container per instance from the stack's image
// (gantry-stack:<stack>), host networking, the droplet mounted from the cell's
// droplet cache, the launcher bind-mounted, limits on memory, pids (and disk
// where the engine can), and labels so a restarted rep finds its containers.
import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import type { NatsConnection } from 'nats';
import { createLogger, type Logger } from '../../../common/log.ts';
import { counter, gauge, histogram } from '../../../common/metrics.ts';
import { LAUNCHER_DIR } from '../../../lifecycle/launcher/index.ts';
import { LineSplitter } from '../../../lifecycle/launcher/output-lines.ts';
import { DropletCache, STACK_USER, type DropletLease } from '../../droplets/cache.ts';
import type { ContainerExit, ContainerInfo, ContainerSpec, Executor, ExecutorProblem, LogSink } from '../types.ts';
import { createOptions, stackImage, type DropletMount, type PreparedDownload } from './container-config.ts';
import { containerName, infoFromLabels, LABEL } from './labels.ts';
import { Limiter } from './limiter.ts';
import { dockerReasons, engineErrorReason, exitReason, isEngineDown, isNoSuchImage, isNotFound } from './reasons.ts';
import { firstTarFile } from './tar-file.ts';

export const DOCKER_DEFAULTS = {
  imagePrefix: 'gantry-stack:',
  // Generous: on a busy 2-core cell, creating and starting 50 containers at once takes seconds each.
  engineTimeoutMs: 30_000,
  stopGraceMs: 10_000,
  dropletMount: 'overlay' as DropletMount,
  stacksCacheMs: 2_000,
  /** Containers created and started at once; the rest queue (0 = no limit). */
  maxConcurrentStarts: 4,
};

/** Longest an exit waits for the container's log stream to deliver its last lines. */
const LOG_DRAIN_MS = 2000;

export interface DockerExecutorOptions {
  cellId: string;
  /** The cell's data dir: the droplet cache (unless one is given) and per-container overlay dirs. */
  dataDir: string;
  /** For the droplet object store, when no cache is given. */
  nc?: NatsConnection;
  /** A droplet cache shared with others; when absent the executor opens (and closes) its own. */
  droplets?: DropletCache;
  log?: Logger;
  /** The address instances are reached at (CF_INSTANCE_IP); default 127.0.0.1. */
  hostAddress?: string;
  /** The engine's socket; default DOCKER_HOST's or /var/run/docker.sock. */
  socketPath?: string;
  /** Every engine call answers within this, or fails with a reason. */
  engineTimeoutMs?: number;
  imagePrefix?: string;
  dropletMount?: DropletMount;
  /** Where launcher.sh lives on the host (default: the one in this repo). */
  launcherDir?: string;
  /** Containers created and started at once (0 = no limit). */
  maxConcurrentStarts?: number;
  /** For the droplet cache it opens (when none is given): free space it always leaves on its disk. */
  dropletMinFreeBytes?: number;
}

const metrics = {
  starts: counter('gantry_executor_starts_total', 'Container starts by executor and outcome', ['executor', 'result']),
  startSeconds: histogram('gantry_executor_start_seconds', 'Time start() took (droplet, create, start)', ['executor'], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]),
  exits: counter('gantry_executor_exits_total', 'Container exits seen, by executor and kind (code, oom)', ['executor', 'kind']),
  engineErrors: counter('gantry_docker_engine_errors_total', 'Docker engine calls that failed', ['op']),
  containers: gauge('gantry_executor_containers', 'Containers this executor holds', ['executor']),
  startsWaiting: gauge('gantry_docker_starts_waiting', 'Container starts waiting for their turn at the engine'),
  engineDown: gauge('gantry_docker_engine_down', '1 while the Docker engine does not answer (the cell takes no new work)'),
};

interface Instance {
  name: string;
  leases: DropletLease[];
  logs: AbortController | null;
  /** Settles once the followed log stream has ended (the container's last line handed to the sink). */
  logsDone?: Promise<void>;
}

type DiskQuota = 'unknown' | 'on' | 'off';

export class DockerExecutor implements Executor {
  readonly name = 'docker' as const;
  private readonly docker: Docker;
  private readonly log: Logger;
  private readonly instances = new Map<string, Instance>();
  private readonly starting = new Set<string>();
  private readonly exits = new Map<string, Promise<ContainerExit>>();
  private readonly closing = new AbortController();
  private readonly engineTimeoutMs: number;
  private readonly imagePrefix: string;
  private readonly dropletMount: DropletMount;
  private readonly hostAddress: string;
  private readonly launcherDir: string;
  private readonly containersDir: string;
  private readonly startGate: Limiter;
  private diskQuota: DiskQuota = 'unknown';
  /** Set while the engine does not answer (a call timed out or could not connect); cleared by the next call it answers. */
  private engineProblem: ExecutorProblem | null = null;
  private stacksCache: { at: number; stacks: Promise<string[]> } | null = null;

  private constructor(
    private readonly opts: DockerExecutorOptions,
    private readonly droplets: DropletCache,
    private readonly ownsDroplets: boolean,
  ) {
    this.docker = new Docker(opts.socketPath ? { socketPath: opts.socketPath } : undefined);
    this.log = (opts.log ?? createLogger('cell-rep')).child({ executor: 'docker' });
    this.engineTimeoutMs = opts.engineTimeoutMs ?? DOCKER_DEFAULTS.engineTimeoutMs;
    this.imagePrefix = opts.imagePrefix ?? DOCKER_DEFAULTS.imagePrefix;
    this.dropletMount = opts.dropletMount ?? DOCKER_DEFAULTS.dropletMount;
    this.hostAddress = opts.hostAddress ?? '127.0.0.1';
    this.launcherDir = opts.launcherDir ?? LAUNCHER_DIR;
    this.containersDir = path.join(opts.dataDir, 'docker');
    this.startGate = new Limiter(opts.maxConcurrentStarts ?? DOCKER_DEFAULTS.maxConcurrentStarts);
    // Every engine call in flight listens on it.
    setMaxListeners(0, this.closing.signal);
  }

  static async create(opts: DockerExecutorOptions): Promise<DockerExecutor> {
    const owns = !opts.droplets;
    const droplets = opts.droplets ?? (await DropletCache.open({
      dataDir: opts.dataDir, nc: opts.nc, log: opts.log, ...(opts.dropletMinFreeBytes ? { minFreeBytes: opts.dropletMinFreeBytes } : {}),
    }));
    await fs.promises.mkdir(path.join(opts.dataDir, 'docker'), { recursive: true });
    return new DockerExecutor(opts, droplets, owns);
  }

  /** An engine call bounded by the engine timeout (and by close()); failures become reasons. */
  private async call<T>(op: string, fn: (signal: AbortSignal) => Promise<T>, timeoutMs = this.engineTimeoutMs): Promise<T> {
    const linked = linkSignals([AbortSignal.timeout(timeoutMs), this.closing.signal]);
    try {
      const out = await fn(linked.signal);
      if (this.engineProblem) this.engineAnswers(op);
      return out;
    } catch (err) {
      metrics.engineErrors.inc({ op });
      const reason = engineErrorReason(op, err, timeoutMs);
      if (!this.closing.signal.aborted) {
        if (isEngineDown(err)) this.engineDown(reason);
        else if (this.engineProblem) this.engineAnswers(op); // an answer, if a refusal
      }
      throw Object.assign(new Error(reason), { statusCode: (err as { statusCode?: number }).statusCode, cause: err });
    } finally {
      linked.dispose();
    }
  }

  private engineDown(reason: string): void {
    if (this.engineProblem) return;
    this.engineProblem = { kind: 'engine', reason, since: Date.now() };
    metrics.engineDown.set(1);
    this.log.warn('docker engine not answering: the cell takes no new work until it does', { reason });
  }

  private engineAnswers(op: string): void {
    const since = this.engineProblem?.since ?? Date.now();
    this.engineProblem = null;
    metrics.engineDown.set(0);
    this.log.info('docker engine answers again: the cell takes work', { op, downMs: Date.now() - since });
  }

  problems(): ExecutorProblem[] {
    const out: ExecutorProblem[] = [];
    if (this.engineProblem) out.push({ ...this.engineProblem });
    const full = this.droplets.spaceProblem();
    if (full) out.push({ kind: 'disk', reason: full.reason, since: full.since });
    return out;
  }

  /** Ping the engine (bounded by the engine timeout) and look at the droplet cache's disk. */
  async checkResources(): Promise<ExecutorProblem[]> {
    await Promise.all([
      // dockerode's ping takes an abortSignal; its types do not say so.
      this.call('ping', (abortSignal) => (this.docker as unknown as { ping(o: object): Promise<unknown> }).ping({ abortSignal })).catch(() => {}),
      this.droplets.checkSpace(),
    ]);
    return this.problems();
  }

  async stacks(): Promise<string[]> {
    const now = Date.now();
    if (this.stacksCache && now - this.stacksCache.at < DOCKER_DEFAULTS.stacksCacheMs) return this.stacksCache.stacks;
    const stacks = this.call('list images', (abortSignal) => this.docker.listImages({ filters: JSON.stringify({ reference: [`${this.imagePrefix}*`] }), abortSignal }))
      .then((images) => {
        const out = new Set<string>();
        for (const img of images) for (const tag of img.RepoTags ?? []) if (tag.startsWith(this.imagePrefix)) out.add(tag.slice(this.imagePrefix.length));
        return [...out].sort();
      })
      .catch((err: Error) => {
        this.log.warn('cannot list stack images', { err: err.message });
        this.stacksCache = null;
        return [];
      });
    this.stacksCache = { at: now, stacks };
    return stacks;
  }

  private nameOf(guid: string): string {
    return containerName(this.opts.cellId, guid);
  }

  private overlayDirs(guid: string): { root: string; upper: string; work: string } {
    const root = path.join(this.containersDir, this.nameOf(guid));
    return { root, upper: path.join(root, 'upper'), work: path.join(root, 'work') };
  }

  /** Whether the engine can enforce disk size; asked once. */
  private async diskQuotaSupported(): Promise<boolean> {
    if (this.diskQuota !== 'unknown') return this.diskQuota === 'on';
    const info = await this.call('info', (abortSignal) => (this.docker as unknown as { info(o: object): Promise<Record<string, unknown>> }).info({ abortSignal }));
    const status = new Map<string, string>((info.DriverStatus ?? []) as [string, string][]);
    const driver = String(info.Driver ?? '');
    // overlay2's size option needs xfs mounted with pquota; elsewhere create would fail outright.
    this.diskQuota = driver === 'overlay2' && status.get('Backing Filesystem') === 'xfs' ? 'on' : 'off';
    if (this.diskQuota === 'off') this.log.info(dockerReasons.diskQuotaUnsupported, { driver, backing: status.get('Backing Filesystem') });
    return this.diskQuota === 'on';
  }

  async start(spec: ContainerSpec): Promise<void> {
    const started = performance.now();
    const guid = spec.guid;
    if (this.instances.has(guid) || this.starting.has(guid)) throw new Error(dockerReasons.alreadyExists(guid));
    this.starting.add(guid);
    const leases: DropletLease[] = [];
    let created: Docker.Container | null = null;
    let ownDirs = false;
    const name = this.nameOf(guid);
    const dirs = this.overlayDirs(guid);
    const linked = linkSignals(spec.startTimeoutMs > 0 ? [AbortSignal.timeout(spec.startTimeoutMs), this.closing.signal] : [this.closing.signal]);
    try {
      const signal = linked.signal;
      // Droplet and downloads in parallel; every lease taken is released if anything fails.
      const wanted: Promise<DropletLease>[] = [];
      const hasDroplet = !!spec.droplet && !!(spec.droplet.digest || spec.droplet.url);
      if (hasDroplet) wanted.push(this.droplets.acquire(spec.droplet!, { kind: 'unpacked', what: 'droplet', signal }));
      for (const d of spec.downloads) wanted.push(this.droplets.acquire(d, { kind: 'blob', what: 'download', signal }));
      const settled = await Promise.allSettled(wanted);
      for (const s of settled) if (s.status === 'fulfilled') leases.push(s.value);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      const droplet = hasDroplet ? leases[0]! : null;
      const downloads: PreparedDownload[] = spec.downloads.map((d, i) => ({ hostPath: leases[i + (hasDroplet ? 1 : 0)]!.path, to: d.to, extract: d.extract }));

      const diskQuota = spec.diskMb > 0 ? await this.diskQuotaSupported() : false;
      let overlay: { upper: string; work: string } | null = null;
      if (droplet && this.dropletMount === 'overlay') {
        if (fs.existsSync(dirs.root)) {
          // Left by an earlier start of this guid: stale, unless its container still exists (then it is not ours to wipe).
          const exists = await this.call('inspect container', (abortSignal) => this.docker.getContainer(name).inspect({ abortSignal })).then(
            () => true,
            (err: { cause?: unknown }) => (isNotFound(err.cause) ? false : Promise.reject(err)),
          );
          if (exists) throw new Error(dockerReasons.alreadyExists(guid));
          await fs.promises.rm(dirs.root, { recursive: true, force: true });
        }
        ownDirs = true;
        await fs.promises.mkdir(dirs.upper, { recursive: true });
        await fs.promises.mkdir(dirs.work, { recursive: true });
        // The merged /home/vcap takes its owner from the upper dir: the stack's user must own it.
        if (process.getuid?.() === 0) await fs.promises.chown(dirs.upper, STACK_USER.uid, STACK_USER.gid);
        overlay = dirs;
      }
      const image = stackImage(this.imagePrefix, spec.stack);
      const options = createOptions(spec, {
        cellId: this.opts.cellId,
        name,
        image,
        hostAddress: this.hostAddress,
        launcherDir: this.launcherDir,
        droplet: droplet ? { digest: droplet.digest, dir: droplet.path } : null,
        dropletMount: this.dropletMount,
        overlay,
        downloads,
        diskQuota,
      });
      // A few at a time at the engine (limiter.ts says why).
      metrics.startsWaiting.inc();
      await this.startGate.run(async () => {
        metrics.startsWaiting.dec();
        try {
          created = await this.call('create container', (abortSignal) => this.docker.createContainer({ ...options, abortSignal }));
        } catch (err) {
          const cause = (err as { cause?: unknown }).cause;
          if (isNoSuchImage(cause)) throw new Error(dockerReasons.unknownStack(spec.stack, image));
          if ((cause as { statusCode?: number })?.statusCode === 409) throw new Error(dockerReasons.alreadyExists(guid));
          throw err;
        }
        const container = created;
        await this.call('start container', (abortSignal) => container.start({ abortSignal }));
      });
      const instance: Instance = { name, leases, logs: null };
      this.instances.set(guid, instance);
      metrics.containers.set({ executor: 'docker' }, this.instances.size);
      if (spec.onLog) [instance.logs, instance.logsDone] = this.follow(guid, name, spec.onLog, 0);
      metrics.starts.inc({ executor: 'docker', result: 'ok' });
      metrics.startSeconds.observe({ executor: 'docker' }, (performance.now() - started) / 1000);
      this.log.info('container started', { guid, name, stack: spec.stack, droplet: droplet?.digest, ms: Math.round(performance.now() - started) });
    } catch (err) {
      for (const l of leases) l.release();
      if (created) {
        const c = created;
        await this.call('remove container', (abortSignal) => c.remove({ force: true, v: true, abortSignal })).catch(() => {});
      }
      if (ownDirs) await fs.promises.rm(dirs.root, { recursive: true, force: true }).catch(() => {});
      metrics.starts.inc({ executor: 'docker', result: 'failed' });
      const reason = err instanceof Error ? err.message : String(err);
      this.log.warn('container start failed', { guid, reason });
      throw new Error(reason);
    } finally {
      linked.dispose();
      this.starting.delete(guid);
    }
  }

  /** Follow a container's stdout/stderr line by line (from `since`, unix seconds; 0 = from its start). */
  private follow(guid: string, name: string, onLog: LogSink, since: number): [AbortController, Promise<void>] {
    const ctl = new AbortController();
    const linked = linkSignals([ctl.signal, this.closing.signal]);
    const signal = linked.signal;
    const container = this.docker.getContainer(name);
    const sink = (stream: 'stdout' | 'stderr') =>
      new LineSplitter((line) => {
        try {
          onLog({ stream, line, timestamp: Date.now() });
        } catch (err) {
          this.log.warn('log sink failed', { guid, err: (err as Error).message });
        }
      });
    const out = sink('stdout');
    const errs = sink('stderr');
    const done = (async () => {
      try {
        const stream = (await container.logs({ follow: true, stdout: true, stderr: true, since, abortSignal: signal })) as unknown as NodeJS.ReadableStream;
        this.docker.modem.demuxStream(stream, { write: (c: Buffer) => (out.push(c), true) } as unknown as NodeJS.WritableStream, {
          write: (c: Buffer) => (errs.push(c), true),
        } as unknown as NodeJS.WritableStream);
        await new Promise<void>((resolve) => {
          stream.on('end', resolve);
          stream.on('close', resolve);
          stream.on('error', () => resolve());
        });
      } catch (err) {
        if (!signal.aborted) this.log.warn('cannot follow container logs', { guid, err: (err as Error).message });
      } finally {
        linked.dispose();
        out.end();
        errs.end();
      }
    })();
    return [ctl, done];
  }

  followLogs(guid: string, onLog: LogSink): void {
    const instance = this.instances.get(guid) ?? this.adopt(guid, null);
    instance.logs?.abort();
    // An adopted container's earlier output was published by the rep before; only new lines now.
    [instance.logs, instance.logsDone] = this.follow(guid, instance.name, onLog, Math.floor(Date.now() / 1000));
  }

  /** Take over a container found on the engine (after a rep restart): hold its droplet so GC keeps it. */
  private adopt(guid: string, dropletDigest: string | null): Instance {
    let instance = this.instances.get(guid);
    if (instance) return instance;
    const lease = dropletDigest ? this.droplets.hold(dropletDigest, 'unpacked') : null;
    instance = { name: this.nameOf(guid), leases: lease ? [lease] : [], logs: null };
    this.instances.set(guid, instance);
    metrics.containers.set({ executor: 'docker' }, this.instances.size);
    return instance;
  }

  waitForExit(guid: string): Promise<ContainerExit> {
    let p = this.exits.get(guid);
    if (!p) {
      p = this.watchExit(guid);
      this.exits.set(guid, p);
      // A failed watch may be retried by a later call.
      p.catch(() => this.exits.get(guid) === p && this.exits.delete(guid));
    }
    return p;
  }

  private async watchExit(guid: string): Promise<ContainerExit> {
    const container = this.docker.getContainer(this.nameOf(guid));
    let waited: { StatusCode?: number } | null = null;
    // The wait may outlive an engine restart: try again a few times before giving up.
    for (let attempt = 0; waited === null; attempt++) {
      try {
        waited = (await container.wait({ condition: 'not-running', abortSignal: this.closing.signal })) as { StatusCode?: number };
      } catch (err) {
        if (isNotFound(err)) throw new Error(dockerReasons.noSuchContainer(guid));
        if (this.closing.signal.aborted) throw new Error('executor closed');
        if (attempt >= 10) throw new Error(engineErrorReason('wait for container', err, this.engineTimeoutMs));
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
    let exitCode = waited.StatusCode ?? -1;
    let oomKilled = false;
    let resultFile = '';
    try {
      const info = await this.call('inspect container', (abortSignal) => container.inspect({ abortSignal }));
      exitCode = info.State?.ExitCode ?? exitCode;
      oomKilled = info.State?.OOMKilled === true;
      resultFile = info.Config?.Labels?.[LABEL.resultFile] ?? '';
    } catch {
      /* removed meanwhile (destroy): the wait's code stands */
    }
    // The log stream ends with the process: let its last lines reach the sink before the exit is told
    // (a task's output must be published before the task completes).
    const logsDone = this.instances.get(guid)?.logsDone;
    if (logsDone) await settledWithin(logsDone, LOG_DRAIN_MS);
    metrics.exits.inc({ executor: 'docker', kind: oomKilled ? 'oom' : exitCode === 0 ? 'zero' : 'nonzero' });
    const exit: ContainerExit = { exitCode, oomKilled, reason: exitReason(exitCode, oomKilled) };
    if (resultFile) {
      const r = await this.readResult(container, resultFile);
      if (r.ok) exit.result = r.content;
      else if (exitCode === 0) exit.reason = `exited with code 0 but ${r.reason}`;
    }
    this.log.info('container exited', { guid, exitCode, oomKilled });
    return exit;
  }

  private async readResult(container: Docker.Container, file: string): Promise<{ ok: true; content: string } | { ok: false; reason: string }> {
    try {
      const stream = (await this.call('read result file', (abortSignal) => container.getArchive({ path: file, abortSignal }))) as unknown as NodeJS.ReadableStream;
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const c of stream) {
        chunks.push(c as Buffer);
        total += (c as Buffer).length;
        if (total > 64 * 1024) break; // enough to see the file is too big
      }
      const parsed = firstTarFile(Buffer.concat(chunks));
      return parsed.ok ? { ok: true, content: parsed.content.toString('utf8') } : { ok: false, reason: parsed.reason };
    } catch (err) {
      return { ok: false, reason: `result file ${file} could not be read (${(err as Error).message})` };
    }
  }

  /** Docker hands a container's file out as a tar: the system tar unpacks it, streaming (a droplet is tens of MB). */
  async copyOut(guid: string, containerPath: string, hostFile: string): Promise<void> {
    const container = this.docker.getContainer(this.nameOf(guid));
    const stream = (await this.call('read file from container', (abortSignal) => container.getArchive({ path: containerPath, abortSignal }))) as unknown as NodeJS.ReadableStream;
    const dir = await fs.promises.mkdtemp(`${hostFile}.unpack-`);
    try {
      await untar(stream, dir);
      const file = path.join(dir, path.posix.basename(containerPath));
      const st = await fs.promises.lstat(file).catch(() => null);
      if (!st) throw new Error(`${containerPath} not found in the container's archive`);
      if (!st.isFile()) throw new Error(`${containerPath} is not a regular file`);
      await fs.promises.rename(file, hostFile);
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  async destroy(guid: string, graceMs = DOCKER_DEFAULTS.stopGraceMs): Promise<void> {
    const name = this.nameOf(guid);
    const container = this.docker.getContainer(name);
    const t = Math.max(0, Math.ceil(graceMs / 1000));
    // An engine that does not answer would only make a graceful stop wait out grace + timeout: straight to the forced remove.
    if (!this.engineProblem) {
      try {
        await this.call('stop container', (abortSignal) => container.stop({ t, abortSignal }), graceMs + this.engineTimeoutMs);
      } catch (err) {
        const code = (err as { statusCode?: number }).statusCode;
        // 304: already stopped; 404: already gone. Anything else: remove by force anyway.
        if (code !== 304 && code !== 404) this.log.warn('stop failed; removing by force', { guid, err: (err as Error).message });
      }
    }
    // A task's result is read after its exit, before its container goes.
    const exit = this.exits.get(guid);
    if (exit) await settledWithin(exit, this.engineTimeoutMs);
    try {
      await this.call('remove container', (abortSignal) => container.remove({ force: true, v: true, abortSignal }));
    } catch (err) {
      const code = (err as { statusCode?: number }).statusCode;
      if (code !== 404 && !/already in progress/i.test((err as Error).message)) throw err;
    }
    const instance = this.instances.get(guid);
    if (instance) {
      instance.logs?.abort();
      for (const l of instance.leases) l.release();
      this.instances.delete(guid);
      metrics.containers.set({ executor: 'docker' }, this.instances.size);
    }
    this.exits.delete(guid);
    await fs.promises.rm(this.overlayDirs(guid).root, { recursive: true, force: true }).catch((err) => {
      this.log.warn('cannot remove overlay dirs', { guid, err: (err as Error).message });
    });
    this.log.info('container destroyed', { guid, name });
  }

  async list(): Promise<ContainerInfo[]> {
    const found = await this.call('list containers', (abortSignal) =>
      this.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${LABEL.cellId}=${this.opts.cellId}`] }), abortSignal }),
    );
    const out: ContainerInfo[] = [];
    for (const c of found) {
      const labels = c.Labels ?? {};
      if (labels[LABEL.cellId] !== this.opts.cellId) continue;
      const info = infoFromLabels(labels, c.State === 'running' || c.State === 'paused');
      if (!info) continue;
      if (!this.instances.has(info.guid) && !this.starting.has(info.guid)) this.adopt(info.guid, labels[LABEL.droplet] ?? null);
      out.push(info);
    }
    await this.removeOrphanDirs(out.map((i) => i.guid));
    await this.removeDanglingVolumes();
    return out;
  }

  /** Droplet volumes of this cell's containers removed without their volumes (docker rm without -v). */
  private async removeDanglingVolumes(): Promise<void> {
    try {
      const found = await this.call('list volumes', (abortSignal) =>
        this.docker.listVolumes({ filters: JSON.stringify({ dangling: ['true'], label: [`${LABEL.cellId}=${this.opts.cellId}`] }), abortSignal } as object),
      );
      for (const v of found.Volumes ?? []) {
        await this.call('remove volume', (abortSignal) => this.docker.getVolume(v.Name).remove({ abortSignal })).catch(() => {});
      }
      if (found.Volumes?.length) this.log.info('removed dangling droplet volumes', { count: found.Volumes.length });
    } catch (err) {
      this.log.warn('cannot list volumes', { err: (err as Error).message });
    }
  }

  /** Overlay dirs whose container is gone (removed behind the rep's back) are deleted. */
  private async removeOrphanDirs(listed: string[]): Promise<void> {
    let names: string[] = [];
    try {
      names = await fs.promises.readdir(this.containersDir);
    } catch {
      return;
    }
    for (const name of names) {
      // Checked just before each removal: a start() may have begun meanwhile.
      const live = new Set([...listed, ...this.starting, ...this.instances.keys()].map((g) => this.nameOf(g)));
      if (live.has(name)) continue;
      await fs.promises.rm(path.join(this.containersDir, name), { recursive: true, force: true }).catch(() => {});
      this.log.info('removed the overlay dirs of a container that is gone', { name });
    }
  }

  async close(): Promise<void> {
    this.closing.abort(new Error('executor closed'));
    for (const i of this.instances.values()) i.logs?.abort();
    if (this.ownsDroplets) await this.droplets.close();
  }

  /** The droplet cache this executor uses. */
  get dropletCache(): DropletCache {
    return this.droplets;
  }
}

/** Waits for p to settle, or for ms at most. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** A signal that aborts when any of the given ones does; dispose() unhooks it from them. */
function linkSignals(signals: AbortSignal[]): { signal: AbortSignal; dispose(): void } {
  const ctl = new AbortController();
  const already = signals.find((s) => s.aborted);
  if (already) {
    ctl.abort(already.reason);
    return { signal: ctl.signal, dispose: () => {} };
  }
  const onAbort = (e: Event) => {
    ctl.abort((e.target as AbortSignal).reason);
    dispose();
  };
  const dispose = () => {
    for (const s of signals) s.removeEventListener('abort', onAbort);
  };
  for (const s of signals) s.addEventListener('abort', onAbort);
  return { signal: ctl.signal, dispose };
}

/** Unpack a tar stream into dir with the system tar. */
function untar(stream: NodeJS.ReadableStream, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['-xf', '-', '-C', dir, '--no-same-owner', '--no-same-permissions'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 4096) stderr += d;
    });
    child.once('error', reject);
    child.stdin.on('error', () => {}); // tar exiting early is reported by its exit code
    stream.once('error', (err) => {
      child.kill();
      reject(err);
    });
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}: ${stderr.trim()}`))));
    stream.pipe(child.stdin);
  });
}
