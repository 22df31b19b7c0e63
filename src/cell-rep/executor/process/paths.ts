// The process executor has no container filesystem: an instance gets a
// directory with home/ (what /home/vcap is in a container) and root/ (for
// other absolute paths a task names, e.g. /tmp/x → root/tmp/x).
import path from 'node:path';

export const CONTAINER_HOME = '/home/vcap';

export interface InstanceDirs {
  dir: string;
  home: string;
  root: string;
  state: string;
  stdout: string;
  stderr: string;
  exitCode: string;
  oom: string;
}

export function instanceDirs(base: string, guid: string): InstanceDirs {
  const dir = path.join(base, guid.replace(/[^a-zA-Z0-9_.-]/g, '_'));
  return {
    dir,
    home: path.join(dir, 'home'),
    root: path.join(dir, 'root'),
    state: path.join(dir, 'state.json'),
    stdout: path.join(dir, 'stdout.log'),
    stderr: path.join(dir, 'stderr.log'),
    exitCode: path.join(dir, 'exit_code'),
    oom: path.join(dir, 'oom_killed'),
  };
}

/** Where a path inside "the container" is on the host. Nothing may escape the instance's directory. */
export function hostPathOf(dirs: Pick<InstanceDirs, 'home' | 'root'>, p: string): string {
  const inHome = p === CONTAINER_HOME || p.startsWith(`${CONTAINER_HOME}/`);
  const base = inHome || !p.startsWith('/') ? dirs.home : dirs.root;
  const rel = inHome ? p.slice(CONTAINER_HOME.length) : p;
  // Normalised against a root first, so ".." cannot climb out of base.
  const inside = path.posix.normalize(`/${rel}`).slice(1).replace(/\/$/, '');
  return inside ? path.join(base, inside) : base;
}
