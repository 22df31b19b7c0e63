// What a running local cluster leaves in its state dir: the supervisor's pid
// file and cluster.json (every process: pid, address, metrics, log, state),
// and the table `gantry up` prints from it.
import fs from 'node:fs';
import path from 'node:path';
import type { Paint } from '../format/colour.ts';
import { renderTable } from '../format/table.ts';
import type { ExecutorName } from './plan.ts';

export interface ProcessStatus {
  name: string;
  kind: 'nats' | 'bbs' | 'auctioneer' | 'cell';
  pid: number;
  address: string;
  metrics: string;
  log: string;
  state: 'starting' | 'running' | 'stopping' | 'exited';
  /** How it ended, e.g. "exit code 0", "signal SIGKILL". */
  exit?: string;
  zone?: string;
  cellId?: string;
}

export interface ClusterState {
  supervisorPid: number;
  startedAt: number;
  stateDir: string;
  natsUrl: string;
  bbsAddress: string;
  executor: ExecutorName;
  cells: number;
  /** Every connection uses mutual TLS (false: `gantry up --insecure`). */
  tls?: boolean;
  processes: ProcessStatus[];
}

export const pidFilePath = (stateDir: string) => path.join(stateDir, 'cluster.pid');
export const stateFilePath = (stateDir: string) => path.join(stateDir, 'cluster.json');

export function writeClusterState(state: ClusterState): void {
  const file = stateFilePath(state.stateDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

export function readClusterState(stateDir: string): ClusterState | null {
  try {
    return JSON.parse(fs.readFileSync(stateFilePath(stateDir), 'utf8')) as ClusterState;
  } catch {
    return null;
  }
}

export function readPidFile(stateDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFilePath(stateDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True when pid is a live process (signal 0 probes without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Guard against a recycled pid: the process must still be one of ours (its command line names gantry or nats-server). */
export function isOurProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /gantry|nats-server/.test(cmdline);
  } catch {
    return true; // no /proc: trust the pid
  }
}

export function formatClusterTable(state: ClusterState, paint: Paint): string {
  const home = process.env.HOME;
  const short = (p: string) => (home && p.startsWith(home + '/') ? '~' + p.slice(home.length) : p);
  return renderTable(
    ['PROCESS', 'PID', 'ADDRESS', 'METRICS', 'ZONE', 'STATE', 'LOG'],
    state.processes.map((p) => [
      paint('bold', p.name),
      String(p.pid || '-'),
      p.address,
      p.metrics || '-',
      p.zone ?? '-',
      p.state === 'running' ? paint('green', 'running') : p.state === 'exited' ? paint('red', `exited (${p.exit ?? '?'})`) : paint('yellow', p.state),
      short(p.log),
    ]),
    { right: [1] },
  );
}
