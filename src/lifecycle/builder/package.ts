// Packing staging inputs into .tgz files on the host: the app's source, each
// buildpack directory and the builder itself. The system tar (it knows
// symlinks, modes and long names) piped through gzip -1. Packed buildpacks are
// kept in a cache keyed by a fingerprint of their files, because the nodejs
// buildpack carries a Node runtime that takes seconds to compress.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export interface PackOptions {
  /** tar --exclude patterns (matched against every member's name). */
  exclude?: string[];
  /** Pack only these entries of the directory (default: all of it). */
  only?: string[];
  /**
   * gzip level (default 1). 0 stores without compressing: still a .tgz, but
   * one that unpacks at copying speed; for buildpacks, which are fetched once
   * and cached, and unpacked at every staging.
   */
  level?: number;
}

/** Pack dir's content (not dir itself) into dest, a .tgz. */
export async function packDir(dir: string, dest: string, opts: PackOptions = {}): Promise<void> {
  const stat = await fs.promises.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`${dir} is not a directory`);
  const args = ['-C', dir, '-cf', '-', '--sort=name', '--owner=0', '--group=0', '--numeric-owner'];
  for (const e of opts.exclude ?? []) args.push(`--exclude=${e}`);
  args.push(...(opts.only ?? ['.']));
  const tar = spawn('tar', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  tar.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 4096) stderr += d;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    tar.once('error', reject);
    tar.once('close', resolve);
  });
  const tmp = `${dest}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.part`;
  try {
    await pipeline(tar.stdout, zlib.createGzip({ level: opts.level ?? 1 }), fs.createWriteStream(tmp));
    const code = await exited;
    if (code !== 0) throw new Error(`packing ${dir} failed: ${stderr.trim() || `tar exited with ${code}`}`);
    await fs.promises.rename(tmp, dest);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * What a directory's files are, cheaply: every path with its mode, size,
 * mtime (and symlink target). Equal fingerprints mean an earlier pack is
 * still right.
 */
export async function fingerprint(dir: string, exclude: string[] = []): Promise<string> {
  const hash = crypto.createHash('sha256');
  const skip = new Set(exclude);
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.promises.readdir(path.join(dir, rel), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (skip.has(e.name)) continue;
      const relPath = path.join(rel, e.name);
      const st = await fs.promises.lstat(path.join(dir, relPath));
      hash.update(`${relPath}\0${st.mode}\0${st.size}\0${st.mtimeMs}\0`);
      if (st.isSymbolicLink()) hash.update(await fs.promises.readlink(path.join(dir, relPath)));
      else if (st.isDirectory()) await walk(relPath);
    }
  };
  await walk('');
  return hash.digest('hex');
}

export function defaultPackageCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'gantry', 'packages');
}

/** The digest ("sha256:<hex>") of a file's bytes. */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

export interface PackedFile {
  file: string;
  digest: string;
}

/**
 * The .tgz of dir from the package cache, packed now if its files changed,
 * with its digest (kept beside it, so a cached pack is not hashed again).
 * Older packs of the same dir are removed.
 */
export async function packDirCached(dir: string, cacheDir: string, opts: PackOptions = {}): Promise<PackedFile> {
  const abs = path.resolve(dir);
  const exclude = opts.exclude ?? [];
  const print = await fingerprint(abs, exclude);
  const key = crypto.createHash('sha256').update(JSON.stringify({ abs, exclude, only: opts.only ?? null, level: opts.level ?? 1 })).digest('hex').slice(0, 16);
  const base = `${key}-${print.slice(0, 32)}`;
  const dest = path.join(cacheDir, `${base}.tgz`);
  const digestFile = path.join(cacheDir, `${base}.sha256`);
  if (fs.existsSync(dest) && fs.existsSync(digestFile)) {
    const digest = (await fs.promises.readFile(digestFile, 'utf8')).trim();
    if (/^sha256:[0-9a-f]{64}$/.test(digest)) return { file: dest, digest };
  }
  await fs.promises.mkdir(cacheDir, { recursive: true });
  await packDir(abs, dest, opts);
  const digest = await sha256File(dest);
  await fs.promises.writeFile(digestFile, `${digest}\n`);
  for (const name of await fs.promises.readdir(cacheDir)) {
    if (name.startsWith(`${key}-`) && !name.startsWith(base)) await fs.promises.rm(path.join(cacheDir, name), { force: true });
  }
  return { file: dest, digest };
}
