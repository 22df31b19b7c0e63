// The local cluster's supervisor: starts nats-server, the BBS, the auctioneer
// and the cells as child processes (each in its own process group, logging to
// its own file), waits until each is healthy, records them in cluster.json,
// and stops them in order: cells first (they evacuate), then the auctioneer,
// the BBS and NATS. A child that dies (kill -9 of a cell) is recorded, not
// restarted: the cluster is there to show what the scheduler does about it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startNatsServer, type NatsServerHandle } from '../../common/nats-server.ts';
import { loadTls, type Tls } from '../../common/tls.ts';
import { connectBbs } from '../bbs-client.ts';
import { targetAt } from '../target.ts';
import { checkHealth } from './health.ts';
import type { ClusterPlan, ExecutorName, ProcessPlan } from './plan.ts';
import { writeClusterState, type ClusterState, type ProcessStatus } from './state.ts';
import { removeLeftoverContainers } from './leftovers.ts';

export interface SupervisorOptions {
  plan: ClusterPlan;
  stateDir: string;
  executor: ExecutorName;
  cells: number;
  /** The gantry executable (bin/gantry), run with this node. */
  gantryBin: string;
  /** Each line the supervisor has to say (child exits, progress). */
  say: (line: string) => void;
  startTimeoutMs: number;
  /** How long a cell may take to evacuate and exit before it is killed. */
  cellStopTimeoutMs: number;
}

interface Child {
  plan: ProcessPlan;
  proc: ChildProcess;
  status: ProcessStatus;
  exited: Promise<void>;
}

/** The environment of a child: ours without GANTRY_* settings, so only the flags we pass configure it. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('GANTRY_') && k !== 'GANTRY_LOG_LEVEL') continue;
    out[k] = v;
  }
  return out;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class Supervisor {
  private nats: NatsServerHandle | undefined;
  private natsStatus: ProcessStatus | undefined;
  private readonly children: Child[] = [];
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private readonly startedAt = Date.now();
  /** The client certificate the health checks present to a cluster with mutual TLS. */
  private clientTls: Tls | undefined;

  constructor(private readonly opts: SupervisorOptions) {}

  state(): ClusterState {
    const { plan } = this.opts;
    return {
      supervisorPid: process.pid,
      startedAt: this.startedAt,
      stateDir: this.opts.stateDir,
      natsUrl: plan.natsUrl,
      bbsAddress: plan.bbsAddress,
      executor: this.opts.executor,
      cells: this.opts.cells,
      tls: !!plan.tls,
      processes: [...(this.natsStatus ? [this.natsStatus] : []), ...this.children.map((c) => c.status)],
    };
  }

  private save(): void {
    writeClusterState(this.state());
  }

  /** Start everything and wait until it is healthy; on failure, stop what started and throw. */
  async start(): Promise<ClusterState> {
    const { plan } = this.opts;
    fs.mkdirSync(path.dirname(plan.natsLogFile), { recursive: true });
    fs.mkdirSync(plan.natsStoreDir, { recursive: true });
    try {
      this.clientTls = plan.tls && loadTls(plan.tls.client);
      this.opts.say(`starting nats-server on ${plan.natsUrl} (JetStream store ${plan.natsStoreDir}${plan.tls ? '; TLS, client certificates required' : ''})`);
      this.nats = await startNatsServer({ port: plan.natsPort, storeDir: plan.natsStoreDir, keepStore: true, logFile: plan.natsLogFile, tls: plan.tls?.nats });
      this.natsStatus = {
        name: 'nats',
        kind: 'nats',
        pid: natsPid(plan.natsPort),
        address: plan.natsUrl,
        metrics: '',
        log: plan.natsLogFile,
        state: 'running',
      };
      this.save();
      for (const p of plan.processes) this.spawnChild(p);
      this.save();
      await Promise.all(this.children.map((c) => this.awaitHealthy(c)));
      this.save();
      return this.state();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private spawnChild(p: ProcessPlan): void {
    if (p.dataDir) fs.mkdirSync(p.dataDir, { recursive: true });
    const fd = fs.openSync(p.logFile, 'a');
    const proc = spawn(process.execPath, [this.opts.gantryBin, ...p.args], {
      detached: true, // its own process group: a terminal's Ctrl-C reaches the supervisor only, which stops things in order
      stdio: ['ignore', fd, fd],
      env: childEnv(process.env),
    });
    fs.closeSync(fd);
    const status: ProcessStatus = {
      name: p.name,
      kind: p.kind,
      pid: proc.pid ?? 0,
      address: p.address,
      metrics: p.metricsAddress,
      log: p.logFile,
      state: 'starting',
      ...(p.zone ? { zone: p.zone } : {}),
      ...(p.cellId ? { cellId: p.cellId } : {}),
    };
    const exited = new Promise<void>((resolve) => {
      proc.once('exit', (code, signal) => {
        status.state = 'exited';
        status.exit = describeExit(code, signal);
        if (!this.stopping) {
          const what = p.kind === 'cell' ? '; the BBS re-places its instances on the other cells' : '';
          this.opts.say(`${p.name} (pid ${status.pid}) exited: ${status.exit}${what}`);
        }
        try {
          this.save();
        } catch {
          // state dir removed under us: nothing to record
        }
        resolve();
      });
    });
    proc.once('error', (err) => this.opts.say(`${p.name}: could not start: ${err.message}`));
    this.children.push({ plan: p, proc, status, exited });
  }

  private async awaitHealthy(c: Child): Promise<void> {
    const deadline = Date.now() + this.opts.startTimeoutMs;
    const bbs = c.plan.kind === 'cell' ? connectBbs(targetAt(this.opts.plan.bbsAddress, this.opts.plan.natsUrl, this.opts.plan.tls?.client), 1000) : null;
    try {
      for (;;) {
        if (c.status.state === 'exited') {
          throw new Error(`${c.plan.name} exited (${c.status.exit}) before it was ready; the end of ${c.plan.logFile}:\n${tail(c.plan.logFile)}`);
        }
        let ready = (await checkHealth(c.plan.address, 1000, this.clientTls)) === 'SERVING';
        // A cell is ready once the BBS has heard its presence.
        if (ready && bbs) ready = (await bbs.listCells().catch(() => [])).some((p) => p.cell_id === c.plan.cellId);
        if (ready) {
          c.status.state = 'running';
          this.opts.say(`${c.plan.name} is ready at ${c.plan.address} (pid ${c.status.pid})`);
          return;
        }
        if (Date.now() > deadline) {
          throw new Error(`${c.plan.name} was not ready within ${this.opts.startTimeoutMs} ms; the end of ${c.plan.logFile}:\n${tail(c.plan.logFile)}`);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    } finally {
      bbs?.close();
    }
  }

  /** Stop in order: cells (evacuating), auctioneer, BBS, NATS; then containers of cells that died. Every caller waits for the one stop. */
  stop(): Promise<void> {
    return (this.stopped ??= this.stopInOrder());
  }

  private async stopInOrder(): Promise<void> {
    this.stopping = true;
    const cells = this.children.filter((c) => c.plan.kind === 'cell');
    if (cells.some((c) => c.status.state !== 'exited')) this.opts.say(`stopping ${cells.length} cell${cells.length === 1 ? '' : 's'} (evacuating first)`);
    await Promise.all(cells.map((c) => this.stopChild(c, this.opts.cellStopTimeoutMs)));
    for (const kind of ['auctioneer', 'bbs'] as const) {
      for (const c of this.children.filter((x) => x.plan.kind === kind)) {
        if (c.status.state !== 'exited') this.opts.say(`stopping ${c.plan.name}`);
        await this.stopChild(c, 15_000);
      }
    }
    if (this.nats) {
      this.opts.say('stopping nats-server');
      await this.nats.stop();
      if (this.natsStatus) {
        this.natsStatus.state = 'exited';
        this.natsStatus.exit = 'stopped';
      }
    }
    if (this.opts.executor === 'docker') {
      const ids = cells.map((c) => c.plan.cellId!).filter(Boolean);
      const removed = await removeLeftoverContainers(ids).catch((err: Error) => {
        this.opts.say(`could not clean up containers: ${err.message}`);
        return 0;
      });
      if (removed) this.opts.say(`removed ${removed} container${removed === 1 ? '' : 's'} left by cells that did not stop cleanly`);
    }
    try {
      this.save();
    } catch {
      // nothing to record into
    }
  }

  private async stopChild(c: Child, timeoutMs: number): Promise<void> {
    if (c.status.state === 'exited') return;
    c.status.state = 'stopping';
    try {
      process.kill(c.status.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    if ((await Promise.race([c.exited.then(() => 'exited' as const), timer])) === 'timeout') {
      this.opts.say(`${c.plan.name} did not stop within ${timeoutMs} ms: killing it`);
      try {
        process.kill(-c.status.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      await c.exited;
    }
  }
}

/** nats-server's pid, found by its listening port (startNatsServer does not expose it). */
function natsPid(port: number): number {
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmd: string;
      try {
        cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      const argv = cmd.split('\0');
      if (argv[0]?.endsWith('nats-server') && argv.includes(String(port)) && Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(' ')[3]) === process.pid) {
        return Number(entry);
      }
    }
  } catch {
    // no /proc
  }
  return 0;
}
