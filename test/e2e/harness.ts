// End-to-end harness: runs the real `gantry` executable (bin/gantry) as a
// person would, against a real local cluster (`gantry up`: nats-server, BBS,
// auctioneer, cells with the docker executor) in a temporary state dir.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActualLRP, BbsEvent, DesiredLRP } from '../../src/common/models.ts';
import { removeLeftoverContainers } from '../../src/cli/cluster/leftovers.ts';
import { stateFilePath, type ClusterState } from '../../src/cli/cluster/state.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const gantryBin = path.join(repoRoot, 'bin', 'gantry');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Gantry {
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly home: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_STATE_HOME: path.join(home, 'state'), XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), NO_COLOR: '1' };
    for (const k of Object.keys(env)) if (k.startsWith('GANTRY_') && k !== 'GANTRY_LOG_LEVEL') delete env[k];
    env.PATH = `${env.PATH ?? ''}:/usr/sbin:/sbin`;
    this.env = env;
  }

  static temp(prefix = 'gantry-e2e-'): Gantry {
    return new Gantry(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  }

  get stateDir(): string {
    return path.join(this.home, 'state', 'gantry');
  }

  /** Run `gantry ARGS`; resolves with its exit code and output (never rejects on a non-zero exit). */
  run(args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(process.execPath, [gantryBin, ...args], { env: this.env, timeout: opts.timeoutMs ?? 180_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err && typeof (err as { code?: unknown }).code !== 'number') return reject(new Error(`gantry ${args.join(' ')}: ${err.message}\n${stderr}`));
        resolve({ code: (err as { code?: number } | null)?.code ?? 0, stdout, stderr });
      });
      if (opts.input !== undefined) child.stdin!.end(opts.input);
    });
  }

  /** Run and insist on exit 0; returns stdout. */
  async ok(args: string[], opts: { timeoutMs?: number } = {}): Promise<string> {
    const r = await this.run(args, opts);
    if (r.code !== 0) throw new Error(`gantry ${args.join(' ')} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    return r.stdout;
  }

  async json<T>(args: string[], opts: { timeoutMs?: number } = {}): Promise<T> {
    return JSON.parse(await this.ok([...args, '--json'], opts)) as T;
  }

  /** `gantry events --json` as a child: every event as it arrives. */
  follow(args: string[] = []): EventFollower {
    const child = spawn(process.execPath, [gantryBin, 'events', '--json', ...args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    return new EventFollower(child);
  }

  /**
   * Teardown of a cluster this home started: `gantry down`, and if that fails
   * (a wedged Docker engine, a hang), says so and kills what cluster.json
   * lists, so no test or bench leaves a cluster running behind it.
   */
  async down(timeoutMs = 180_000): Promise<void> {
    let cluster: ClusterState | undefined;
    try {
      cluster = JSON.parse(fs.readFileSync(stateFilePath(this.stateDir), 'utf8')) as ClusterState;
    } catch {
      // No cluster.json: `down` itself says whether anything runs.
    }
    const r = await this.run(['down'], { timeoutMs }).catch((err: Error) => ({ code: -1, stdout: '', stderr: err.message }));
    if (r.code === 0 || !cluster) return;
    process.stderr.write(`gantry down failed (exit ${r.code}): ${r.stderr.trim()}\nkilling the cluster's processes\n`);
    for (const pid of [cluster.supervisorPid, ...cluster.processes.map((p) => p.pid)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await removeLeftoverContainers(cluster.processes.flatMap((p) => (p.cellId ? [p.cellId] : [])));
  }

  cleanup(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

export interface ReceivedEvent {
  received_at: number;
  event: BbsEvent;
}

export class EventFollower {
  readonly events: ReceivedEvent[] = [];
  private buffer = '';
  private waiters: Array<() => void> = [];
  stderr = '';

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim()) this.events.push(JSON.parse(line) as ReceivedEvent);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (c: string) => (this.stderr += c));
  }

  /** Resolves once the stream is open (the CLI says so on stderr). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stderr.includes('following events')) {
      if (Date.now() > deadline) throw new Error(`gantry events did not start: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits until `done(events)` holds, or throws after timeoutMs. */
  async until(done: (events: ReceivedEvent[]) => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${this.events.length} events seen; stderr: ${this.stderr}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

/** The ActualLRP an event leaves behind, when it is about an instance. */
export function actualAfter(e: BbsEvent): ActualLRP | null {
  return e.actual_lrp_instance_changed?.after ?? e.actual_lrp_instance_created?.actual_lrp ?? null;
}

export interface Status {
  desired_lrp: DesiredLRP;
  actual_lrps: ActualLRP[];
}

export const runningOrdinary = (s: Status) => s.actual_lrps.filter((a) => a.state === 'RUNNING' && a.presence === 'ORDINARY');

export function httpGet(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

/** GET every running instance's first port; returns the status codes by index. */
export async function getEveryInstance(s: Status, pathname = '/'): Promise<Map<number, { status: number; body: string }>> {
  const out = new Map<number, { status: number; body: string }>();
  for (const a of runningOrdinary(s)) {
    const port = a.net_info?.ports[0]?.host_port;
    out.set(a.key!.index, await httpGet(`http://${a.net_info!.address}:${port}${pathname}`));
  }
  return out;
}

/**
 * A droplet .tgz with a busybox web server: app/index.html and a
 * staging_info.yml whose start command serves app/ on $PORT.
 */
export function buildHttpdDroplet(dir: string, body = 'hello from a gantry droplet\n'): string {
  const root = path.join(dir, 'droplet');
  fs.mkdirSync(path.join(root, 'app'), { recursive: true });
  fs.mkdirSync(path.join(root, 'deps'), { recursive: true });
  fs.mkdirSync(path.join(root, 'profile.d'), { recursive: true });
  fs.writeFileSync(path.join(root, 'app', 'index.html'), body);
  fs.writeFileSync(
    path.join(root, 'staging_info.yml'),
    JSON.stringify({ detected_buildpack: 'e2e', start_command: 'exec busybox httpd -f -p "$PORT" -h .' }) + '\n',
  );
  const tgz = path.join(dir, 'droplet.tgz');
  const r = spawnSync('tar', ['-czf', tgz, '-C', root, '.']);
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  return tgz;
}

/** Docker containers labelled with one of these cell ids (left after a cluster is down, there should be none). */
export async function containersOfCells(cellIds: string[]): Promise<number> {
  const Docker = (await import('dockerode')).default;
  const docker = new Docker();
  let n = 0;
  for (const id of cellIds) n += (await docker.listContainers({ all: true, filters: { label: [`gantry.cell-id=${id}`] } })).length;
  return n;
}

/** Docker volumes (the droplet overlays) still labelled with any of these cells. */
export async function volumesOfCells(cellIds: string[]): Promise<number> {
  const Docker = (await import('dockerode')).default;
  const docker = new Docker();
  let n = 0;
  for (const id of cellIds) n += ((await docker.listVolumes({ filters: { label: [`gantry.cell-id=${id}`] } })).Volumes ?? []).length;
  return n;
}
