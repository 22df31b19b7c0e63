// Reading Linux's /proc for the process executor: whether a pid is still the
// process we started (pids are reused, so its start time must match), and how
// much memory a process group holds (the best-effort memory limit).
import fs from 'node:fs';

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks after boot when the process started (field 22). */
  startTime: number;
  /** Resident pages (field 24). */
  rssPages: number;
}

/** Parse /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields count from its last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number.parseInt(text.slice(0, open).trim(), 10);
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number) => Number.parseInt(rest[n - 3] ?? '', 10);
  if (!Number.isFinite(pid) || rest.length < 22) return null;
  return { pid, state: rest[0]!, ppid: field(4), pgrp: field(5), startTime: field(22), rssPages: field(24) };
}

export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export function bootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

/** The process we recorded is still alive: same boot, same pid, same start time, and not a zombie. */
export function isSameProcessAlive(recorded: { pid: number; startTime: number; bootId: string }, current: { stat: ProcStat | null; bootId: string }): boolean {
  if (!current.stat) return false;
  if (recorded.bootId && current.bootId && recorded.bootId !== current.bootId) return false;
  if (current.stat.startTime !== recorded.startTime) return false;
  return current.stat.state !== 'Z' && current.stat.state !== 'X';
}

/** Resident bytes per process group, over every process on the machine (one pass over /proc). */
export function rssByProcessGroup(pageSize: number): Map<number, number> {
  const out = new Map<number, number>();
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const st = readProcStat(Number(name));
    if (!st || !Number.isFinite(st.rssPages)) continue;
    out.set(st.pgrp, (out.get(st.pgrp) ?? 0) + st.rssPages * pageSize);
  }
  return out;
}

/** Over the limit? (0 = no limit.) */
export function overMemoryLimit(rssBytes: number, memoryMb: number): boolean {
  return memoryMb > 0 && rssBytes > memoryMb * 1024 * 1024;
}
