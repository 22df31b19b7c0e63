// `gantry up` and `gantry down`: a whole cluster on this machine.
//
// `up` always runs the cluster under a supervisor process of its own (its own
// process group, so a terminal's Ctrl-C reaches only `up`, which then asks the
// supervisor to stop everything in order). In the foreground `up` relays the
// supervisor's notes until Ctrl-C; with --detach it returns once the cluster
// is healthy, and `gantry down` stops it later through the pid file.
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../common/net.ts';
import { flag, wholeNumber, type ParsedArgs } from '../args.ts';
import { sleep, type Command, type Context } from '../context.ts';
import { CliError, exitCodes, usageError } from '../exit.ts';
import { formatDuration } from '../format/time.ts';
import {
  allPorts, defaultPorts, executors, hostPortRange, logDir, parsePortRange, planCluster, randomHostPortRange,
  type ClusterOptions, type ClusterPlan, type ClusterPorts, type ExecutorName,
} from '../cluster/plan.ts';
import {
  formatClusterTable, isAlive, isOurProcess, pidFilePath, readClusterState, readPidFile, stateFilePath, type ClusterState,
} from '../cluster/state.ts';
import { Supervisor } from '../cluster/supervisor.ts';
import { removeLeftoverContainers } from '../cluster/leftovers.ts';
import { configFilePath, stateDirPath, writeTargetFile } from '../target.ts';
import { certsDirPath, makeLocalCerts } from './certs.ts';

export const gantryBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/gantry');

/** Messages between `gantry up` and its supervisor (over the fork's IPC channel). */
type ToSupervisor = { type: 'start'; plan: ClusterPlan; options: ClusterOptions; startTimeoutMs: number; cellStopTimeoutMs: number };
type FromSupervisor = { type: 'log'; line: string } | { type: 'ready'; state: ClusterState } | { type: 'failed'; message: string };

/** A short id for the state dir, kept across `up`s so restarted cells adopt their containers. */
export function clusterIdFor(stateDir: string): string {
  const file = path.join(stateDir, 'cluster-id');
  try {
    const id = fs.readFileSync(file, 'utf8').trim();
    if (/^[a-z0-9]{4,12}$/.test(id)) return id;
  } catch {
    // first up in this state dir
  }
  const id = crypto.randomBytes(2).toString('hex');
  fs.writeFileSync(file, id + '\n');
  return id;
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

async function choosePorts(cells: number, random: boolean, host: string): Promise<ClusterPorts> {
  if (random) {
    const seen = new Set<number>();
    const next = async () => {
      for (;;) {
        const p = await freePort(host);
        if (!seen.has(p)) {
          seen.add(p);
          return p;
        }
      }
    };
    const ports: ClusterPorts = { nats: await next(), bbs: await next(), bbsMetrics: await next(), auctioneer: await next(), auctioneerMetrics: await next(), cells: [] };
    for (let i = 0; i < cells; i++) ports.cells.push({ grpc: await next(), metrics: await next() });
    return ports;
  }
  const ports = defaultPorts(cells);
  const busy: number[] = [];
  for (const p of allPorts(ports)) if (!(await portFree(p, host))) busy.push(p);
  if (busy.length) {
    throw new CliError(
      `port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} on ${host} ${busy.length > 1 ? 'are' : 'is'} in use: another cluster may be running (\`gantry down\` stops one started by gantry up), ` +
        'or run `gantry up --random-ports` to use free ports (the config file tells the other commands which).',
      exitCodes.failure,
    );
  }
  return ports;
}

/** Refuse to start over a cluster that still runs; say how to stop it. */
function checkNotRunning(stateDir: string): void {
  const pid = readPidFile(stateDir);
  if (pid && isOurProcess(pid)) {
    throw new CliError(`a local cluster is already running from ${stateDir} (supervisor pid ${pid}); \`gantry down\` stops it`, exitCodes.failure);
  }
  const state = readClusterState(stateDir);
  const alive = (state?.processes ?? []).filter((p) => p.pid && p.state !== 'exited' && isOurProcess(p.pid));
  if (alive.length) {
    throw new CliError(`processes of an earlier cluster still run (${alive.map((p) => `${p.name} pid ${p.pid}`).join(', ')}); run \`gantry down\` first`, exitCodes.failure);
  }
}

function printReady(ctx: Context, state: ClusterState, detached: boolean): void {
  if (ctx.json) {
    ctx.printJson({ ...state, configFile: configFilePath(ctx.env) });
    return;
  }
  const p = ctx.paint;
  ctx.out.write('\n' + formatClusterTable(state, p) + '\n');
  ctx.out.write(`${p('green', 'cluster ready')}: ${state.cells} cell${state.cells === 1 ? '' : 's'} with the ${state.executor} executor; BBS at ${state.bbsAddress}, NATS at ${state.natsUrl}\n`);
  ctx.out.write(state.tls
    ? `every connection uses mutual TLS (certificates in ${certsDirPath(ctx.env)})\n`
    : `${p('yellow', 'without TLS')} (--insecure): anyone who can reach these ports can change the cluster\n`);
  ctx.out.write(`gantry commands now target it (written to ${configFilePath(ctx.env)}). Try:\n`);
  ctx.out.write('  gantry push NAME -p DIR       stage an app from source and run it\n');
  ctx.out.write('  gantry cells                  the cells and what they hold\n');
  ctx.out.write('  gantry visualize              watch instances move\n');
  ctx.out.write(detached ? '  gantry down                   stop the cluster\n' : '\nCtrl-C stops the cluster (cells evacuate first).\n');
}

const up: Command = {
  def: {
    name: 'up',
    summary: 'start a local cluster: nats-server, BBS, auctioneer and N cells',
    positionals: [],
    flags: {
      cells: { kind: 'number', value: 'N', default: 3, help: 'number of cells (zones z1..z3, round-robin)' },
      executor: { kind: 'string', value: 'NAME', default: 'docker', help: 'docker | process | sim' },
      detach: { kind: 'boolean', help: 'leave the cluster running in the background; `gantry down` stops it' },
      'random-ports': { kind: 'boolean', help: 'use free ports instead of the defaults (BBS 8889, auctioneer 9016, NATS 4222, cells 1800+), and a random window of host ports' },
      'host-ports': { kind: 'string', value: 'FIRST-LAST', help: 'host ports the cells give instances (default 61000-64999)' },
      clean: { kind: 'boolean', help: 'start from empty state (forget apps, droplets and tasks of earlier runs)' },
      'cell-memory': { kind: 'size', value: 'MB', help: 'memory capacity of each cell (default: the cell\'s own)' },
      'cell-disk': { kind: 'size', value: 'MB', help: 'disk capacity of each cell (default: the cell\'s own)' },
      'cell-containers': { kind: 'number', value: 'N', help: 'container capacity of each cell (default: the cell\'s own)' },
      'heartbeat-interval': { kind: 'duration', value: 'DURATION', default: 500, help: 'cell presence heartbeat interval' },
      'cell-lost-timeout': { kind: 'duration', value: 'DURATION', default: 2000, help: 'a cell silent this long is lost and its instances re-placed' },
      'convergence-interval': { kind: 'duration', value: 'DURATION', default: 10_000, help: 'the BBS\'s periodic convergence pass' },
      'evacuation-timeout': { kind: 'duration', value: 'DURATION', default: 10_000, help: 'how long a stopping cell waits for its instances to run elsewhere' },
      'start-timeout': { kind: 'duration', value: 'DURATION', default: 90_000, help: 'how long the processes may take to become healthy' },
      insecure: { kind: 'boolean', help: 'no TLS: plaintext gRPC and NATS that accept any client (default: mutual TLS with `gantry certs`\'s certificates in the state dir)' },
      supervisor: { kind: 'boolean', help: '(internal) run as the cluster\'s supervisor' },
    },
    details:
      `State (NATS JetStream store, cell data, logs, pid file) lives in $XDG_STATE_HOME/gantry or ~/.local/state/gantry;\n` +
      'the target config other commands read is written to $XDG_CONFIG_HOME/gantry/config.json or ~/.config/gantry/config.json.',
  },
  async run(ctx, args) {
    if (flag.boolean(args, 'supervisor')) return runSupervisor(ctx);
    const cells = wholeNumber(flag.number(args, 'cells'), '--cells', 1);
    const executor = flag.string(args, 'executor') as ExecutorName;
    if (!executors.includes(executor)) throw usageError(`--executor ${JSON.stringify(executor)}: expected one of ${executors.join(', ')}`);
    const stateDir = stateDirPath(ctx.env);
    fs.mkdirSync(stateDir, { recursive: true });
    checkNotRunning(stateDir);
    if (flag.boolean(args, 'clean')) {
      for (const sub of ['nats', 'cells', 'cluster.json']) fs.rmSync(path.join(stateDir, sub), { recursive: true, force: true });
    }
    fs.mkdirSync(logDir(stateDir), { recursive: true });
    const host = '127.0.0.1';
    const ports = await choosePorts(cells, flag.boolean(args, 'random-ports'), host);
    const evacuationTimeoutMs = flag.number(args, 'evacuation-timeout')!;
    let hostPorts = flag.boolean(args, 'random-ports') ? randomHostPortRange() : hostPortRange;
    const hostPortsText = flag.string(args, 'host-ports');
    if (hostPortsText) {
      try {
        hostPorts = parsePortRange(hostPortsText);
      } catch (err) {
        throw usageError(`--host-ports: ${(err as Error).message}`);
      }
    }
    if (hostPorts.last - hostPorts.first + 1 < cells) throw usageError(`--host-ports: ${cells} cells need at least ${cells} ports`);
    const options: ClusterOptions = {
      clusterId: clusterIdFor(stateDir),
      cells,
      executor,
      stateDir,
      host,
      hostPorts,
      cellMemoryMb: flag.number(args, 'cell-memory') ?? 0,
      cellDiskMb: flag.number(args, 'cell-disk') ?? 0,
      cellContainers: flag.number(args, 'cell-containers') ?? 0,
      heartbeatIntervalMs: flag.number(args, 'heartbeat-interval')!,
      cellLostTimeoutMs: flag.number(args, 'cell-lost-timeout')!,
      convergenceIntervalMs: flag.number(args, 'convergence-interval')!,
      evacuationTimeoutMs,
    };
    if (!flag.boolean(args, 'insecure')) {
      const certs = await makeLocalCerts(certsDirPath(ctx.env), []);
      const made = [...(certs.ca.made ? ['ca'] : []), ...certs.components.filter((c) => c.issued).map((c) => c.component)];
      ctx.err.write(`${ctx.paint('grey', 'up:')} mutual TLS with the certificates in ${certs.dir}${made.length ? ` (new: ${made.join(', ')})` : ''}\n`);
      options.certsDir = certs.dir;
    }
    const plan = planCluster(options, ports);
    return startSupervised(ctx, args, { type: 'start', plan, options, startTimeoutMs: flag.number(args, 'start-timeout')!, cellStopTimeoutMs: evacuationTimeoutMs + 15_000 });
  },
};

/** Fork the supervisor, relay its notes, print the table when ready; detach or wait for Ctrl-C. */
async function startSupervised(ctx: Context, args: ParsedArgs, start: ToSupervisor): Promise<number> {
  const detach = flag.boolean(args, 'detach');
  const stateDir = start.options.stateDir;
  const supervisorLog = fs.openSync(path.join(logDir(stateDir), 'supervisor.log'), 'a');
  const child: ChildProcess = fork(gantryBin, ['up', '--supervisor'], {
    detached: true,
    execArgv: [], // bin/gantry loads TypeScript itself; never inherit e.g. a test runner's flags
    stdio: ['ignore', supervisorLog, supervisorLog, 'ipc'],
    env: { ...ctx.env, FORCE_COLOR: '0' } as NodeJS.ProcessEnv,
  });
  fs.closeSync(supervisorLog);
  const note = (line: string) => ctx.err.write(`${ctx.paint('grey', 'up:')} ${line}\n`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<ClusterState>((resolve, reject) => {
    child.on('message', (m: FromSupervisor) => {
      if (m.type === 'log') note(m.line);
      else if (m.type === 'ready') resolve(m.state);
      else if (m.type === 'failed') reject(new CliError(`the cluster did not start: ${m.message}`, exitCodes.failure));
    });
    void exited.then((code) => reject(new CliError(`the supervisor exited (code ${code}) before the cluster was ready; see ${path.join(logDir(stateDir), 'supervisor.log')}`, exitCodes.failure)));
  });
  child.send(start);
  const state = await ready;
  const client = start.plan.tls?.client;
  writeTargetFile(configFilePath(ctx.env), {
    bbsAddress: state.bbsAddress,
    natsUrl: state.natsUrl,
    stateDir,
    ...(client ? { tlsCaFile: client.caFile, tlsCertFile: client.certFile, tlsKeyFile: client.keyFile } : {}),
  });
  printReady(ctx, state, detach);
  if (detach) {
    child.removeAllListeners('message');
    child.disconnect();
    child.unref();
    return exitCodes.ok;
  }
  // Foreground: Ctrl-C (the context's signal) asks the supervisor to stop everything in order.
  const onAbort = () => {
    note('stopping the cluster (cells evacuate first; Ctrl-C again abandons it — then `gantry down` cleans up)');
    try {
      process.kill(child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const code = await exited;
  if (!ctx.signal.aborted) throw new CliError(`the supervisor exited unexpectedly (code ${code}); see ${path.join(logDir(stateDir), 'supervisor.log')}`, exitCodes.failure);
  return exitCodes.ok;
}

/** The supervisor process (`gantry up --supervisor`, forked by `up`). */
async function runSupervisor(ctx: Context): Promise<number> {
  if (!process.send) throw usageError('--supervisor is internal: run `gantry up`');
  const start = await new Promise<ToSupervisor>((resolve) => process.once('message', (m: ToSupervisor) => resolve(m)));
  const send = (m: FromSupervisor) => {
    if (process.connected) process.send!(m);
  };
  const say = (line: string) => {
    process.stdout.write(`${new Date().toISOString()} ${line}\n`);
    send({ type: 'log', line });
  };
  process.on('disconnect', () => undefined); // `up --detach` has gone; keep running
  const stateDir = start.options.stateDir;
  const supervisor = new Supervisor({
    plan: start.plan,
    stateDir,
    executor: start.options.executor,
    cells: start.options.cells,
    gantryBin,
    say,
    startTimeoutMs: start.startTimeoutMs,
    cellStopTimeoutMs: start.cellStopTimeoutMs,
  });
  fs.writeFileSync(pidFilePath(stateDir), `${process.pid}\n`);
  const removePid = () => {
    if (readPidFile(stateDir) === process.pid) fs.rmSync(pidFilePath(stateDir), { force: true });
  };
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= supervisor.stop());
  ctx.signal.addEventListener('abort', () => void stop(), { once: true });
  try {
    const state = await supervisor.start();
    send({ type: 'ready', state });
  } catch (err) {
    say(`failed: ${(err as Error).message}`);
    send({ type: 'failed', message: (err as Error).message });
    removePid();
    return exitCodes.failure;
  }
  while (!ctx.signal.aborted) await sleep(60_000, ctx.signal);
  await stop();
  say('cluster stopped');
  removePid();
  return exitCodes.ok;
}

const down: Command = {
  def: {
    name: 'down',
    summary: 'stop the local cluster `gantry up` started',
    details: 'Cells stop first (they evacuate), then the auctioneer, the BBS and NATS; containers of cells that died are removed.',
    positionals: [],
    flags: { timeout: { kind: 'duration', value: 'DURATION', default: 120_000, help: 'how long to wait for it to stop' } },
  },
  async run(ctx, args) {
    const stateDir = stateDirPath(ctx.env);
    const timeoutMs = flag.number(args, 'timeout')!;
    const started = ctx.now();
    const say = (line: string) => (ctx.json ? ctx.err : ctx.out).write(line + '\n');
    const pid = readPidFile(stateDir);
    if (pid && isOurProcess(pid)) {
      say(`stopping the local cluster (supervisor pid ${pid}; cells evacuate first)`);
      process.kill(pid, 'SIGTERM');
      const seen = new Map<string, string>();
      while (isAlive(pid)) {
        const order = ['cell', 'auctioneer', 'bbs', 'nats'];
        const processes = [...(readClusterState(stateDir)?.processes ?? [])].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
        for (const p of processes) {
          if (p.state !== 'running' && seen.get(p.name) !== p.state) {
            seen.set(p.name, p.state);
            say(`  ${p.name}: ${p.state}${p.exit ? ` (${p.exit})` : ''}`);
          }
        }
        if (ctx.now() - started > timeoutMs) throw new CliError(`the cluster did not stop within ${formatDuration(timeoutMs)}; its supervisor is pid ${pid}`, exitCodes.failure);
        await sleep(200);
      }
    } else {
      // No supervisor: stop whatever it left behind, in the same order.
      const state = readClusterState(stateDir);
      const order = ['cell', 'auctioneer', 'bbs', 'nats'];
      const leftover = (state?.processes ?? []).filter((p) => p.pid && isOurProcess(p.pid)).sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
      if (!leftover.length) {
        fs.rmSync(pidFilePath(stateDir), { force: true });
        if (ctx.json) ctx.printJson({ stopped: false, stateDir });
        else say(`no local cluster is running (state dir ${stateDir})`);
        return exitCodes.ok;
      }
      say(`the supervisor is gone; stopping ${leftover.length} process${leftover.length === 1 ? '' : 'es'} it left`);
      for (const p of leftover) {
        try {
          process.kill(p.pid, 'SIGTERM');
        } catch {
          continue;
        }
        const deadline = ctx.now() + (p.kind === 'cell' ? 30_000 : 10_000);
        while (isAlive(p.pid) && ctx.now() < deadline) await sleep(100);
        if (isAlive(p.pid)) process.kill(p.pid, 'SIGKILL');
        say(`  ${p.name} (pid ${p.pid}) stopped`);
      }
      if (state?.executor === 'docker') {
        const removed = await removeLeftoverContainers(state.processes.flatMap((p) => (p.cellId ? [p.cellId] : []))).catch(() => 0);
        if (removed) say(`  removed ${removed} container${removed === 1 ? '' : 's'} its cells left`);
      }
      fs.rmSync(pidFilePath(stateDir), { force: true });
      fs.rmSync(stateFilePath(stateDir), { force: true });
    }
    if (ctx.json) ctx.printJson({ stopped: true, stateDir, elapsed_ms: ctx.now() - started });
    else say(`stopped in ${formatDuration(ctx.now() - started)}`);
    return exitCodes.ok;
  },
};

export const clusterCommands: Command[] = [up, down];
