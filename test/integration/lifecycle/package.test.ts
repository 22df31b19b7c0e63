// Packing staging inputs with the system tar: what goes in, and the package
// cache that spares re-packing an unchanged buildpack.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fingerprint, packDir, packDirCached, sha256File } from '../../../src/lifecycle/builder/package.ts';
import { removeTempDirs, tempDir } from './helpers.ts';

const exec = promisify(execFile);
const members = async (tgz: string) => (await exec('tar', ['-tvzf', tgz])).stdout.trim().split('\n');

describe('packing staging inputs', () => {
  let src: string;
  let out: string;
  before(async () => {
    src = await tempDir('pack-src');
    out = await tempDir('pack-out');
    await fs.promises.mkdir(path.join(src, 'bin'));
    await fs.promises.writeFile(path.join(src, 'bin/run'), '#!/bin/sh\n', { mode: 0o755 });
    await fs.promises.writeFile(path.join(src, 'data.txt'), 'x'.repeat(10_000));
    await fs.promises.symlink('data.txt', path.join(src, 'link'));
    await fs.promises.mkdir(path.join(src, '.git'));
    await fs.promises.writeFile(path.join(src, '.git/HEAD'), 'ref\n');
  });
  after(removeTempDirs);

  it('packs a directory with modes and symlinks, leaving out what is excluded', async () => {
    const tgz = path.join(out, 'app.tgz');
    await packDir(src, tgz, { exclude: ['.git'] });
    const list = await members(tgz);
    assert.ok(list.some((l) => l.startsWith('-rwxr-xr-x 0/0') && l.endsWith('./bin/run')), list.join('\n'));
    assert.ok(list.some((l) => l.includes('./link -> data.txt')));
    assert.ok(!list.some((l) => l.includes('.git')));
    await assert.rejects(packDir(path.join(src, 'nope'), path.join(out, 'x.tgz')), /is not a directory/);
  });

  it('stores without compressing at level 0, still a gzip tar', async () => {
    const stored = path.join(out, 'stored.tgz');
    const small = path.join(out, 'small.tgz');
    await packDir(src, stored, { level: 0, exclude: ['.git'] });
    await packDir(src, small, { level: 1, exclude: ['.git'] });
    assert.ok(fs.statSync(stored).size > 10_000 && fs.statSync(small).size < 2_000, `${fs.statSync(stored).size} / ${fs.statSync(small).size}`);
    assert.equal((await members(stored)).length, (await members(small)).length);
  });

  it('reuses a cached pack until a file changes, and drops the old one', async () => {
    const cache = path.join(out, 'cache');
    const a = await packDirCached(src, cache);
    const again = await packDirCached(src, cache);
    assert.deepEqual(again, a);
    assert.equal(a.digest, await sha256File(a.file));
    const print = await fingerprint(src);
    await fs.promises.writeFile(path.join(src, 'data.txt'), 'changed');
    assert.notEqual(await fingerprint(src), print);
    const b = await packDirCached(src, cache);
    assert.notEqual(b.file, a.file);
    assert.notEqual(b.digest, a.digest);
    assert.ok(!fs.existsSync(a.file), 'the stale pack is removed');
    assert.deepEqual((await fs.promises.readdir(cache)).sort(), [path.basename(b.file), path.basename(b.file).replace(/\.tgz$/, '.sha256')].sort());
  });
});
