// Unpacking a droplet .tgz with the system tar (fast, streaming, and it knows
// every tar dialect), then handing the files to the stack's user so an
// instance may change its own copy of them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describeTarFailure } from './digest.ts';

export interface Owner {
  uid: number;
  gid: number;
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 8192) stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

/**
 * Unpack file into dir (created, must not exist). Rejects with tar's complaint
 * in words ("no space left on device", "not a valid .tgz archive", ...).
 */
export async function unpackTgz(file: string, dir: string, owner: Owner | null): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: false });
  const r = await run('tar', ['-xzf', file, '-C', dir, '--no-same-owner', '--delay-directory-restore']);
  if (r.code !== 0) throw new Error(describeTarFailure(r.stderr, r.code));
  if (owner) {
    const c = await run('chown', ['-R', `${owner.uid}:${owner.gid}`, dir]);
    if (c.code !== 0) throw new Error(`chown to ${owner.uid}:${owner.gid} failed: ${c.stderr.trim()}`);
  }
  // The instance's files must be readable whoever runs it.
  await fs.promises.chmod(dir, 0o755);
}

/** Bytes used by the regular files under dir (a directory walk; symlinks not followed). */
export async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await fs.promises.readdir(dir, { withFileTypes: true, recursive: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const parent = (e as fs.Dirent & { parentPath?: string; path?: string }).parentPath ?? (e as { path?: string }).path ?? dir;
    try {
      total += (await fs.promises.lstat(path.join(parent, e.name))).size;
    } catch {
      /* vanished: not counted */
    }
  }
  return total;
}
