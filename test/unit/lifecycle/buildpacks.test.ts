import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { statusOf } from '../../../src/common/errors.ts';
import { DEFAULT_DETECT_ORDER, resolveBuildpackRef, SHIPPED_BUILDPACKS_DIR, shippedBuildpacks, uniqueNames } from '../../../src/lifecycle/builder/buildpacks.ts';

describe('buildpack references', () => {
  let dir: string;
  before(async () => {
    dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'gantry-bp-refs-'));
    await fs.promises.mkdir(path.join(dir, 'my pack', 'bin'), { recursive: true });
    await fs.promises.mkdir(path.join(dir, 'not-a-pack'));
    await fs.promises.writeFile(path.join(dir, 'go.tar.gz'), '');
    await fs.promises.writeFile(path.join(dir, 'java.zip'), '');
    await fs.promises.writeFile(path.join(dir, 'notes.txt'), '');
  });
  after(() => fs.promises.rm(dir, { recursive: true, force: true }));

  it('ships binary, nodejs and staticfile, and detects in that order of preference', () => {
    assert.deepEqual(shippedBuildpacks(), ['binary', 'nodejs', 'staticfile']);
    assert.deepEqual([...DEFAULT_DETECT_ORDER], ['staticfile', 'nodejs', 'binary']);
    assert.deepEqual(resolveBuildpackRef('nodejs', 'b'), { name: 'nodejs', kind: 'dir', path: path.join(SHIPPED_BUILDPACKS_DIR, 'nodejs') });
  });

  it('takes paths to directories, .tgz and .zip, naming them after the file', () => {
    assert.deepEqual(resolveBuildpackRef(path.join(dir, 'my pack'), 'b'), { name: 'my-pack', kind: 'dir', path: path.join(dir, 'my pack') });
    assert.deepEqual(resolveBuildpackRef(path.join(dir, 'go.tar.gz'), 'b'), { name: 'go', kind: 'tgz', path: path.join(dir, 'go.tar.gz') });
    assert.deepEqual(resolveBuildpackRef(path.join(dir, 'java.zip'), 'b'), { name: 'java', kind: 'zip', path: path.join(dir, 'java.zip') });
  });

  it('refuses what is not a buildpack, naming the field', () => {
    const bad = (ref: string, re: RegExp) =>
      assert.throws(() => resolveBuildpackRef(ref, 'buildpacks[2]'), (err) => {
        assert.equal(statusOf(err), status.INVALID_ARGUMENT);
        assert.match((err as Error).message, re);
        return true;
      });
    bad('ruby', /^buildpacks\[2\]: unknown buildpack "ruby" \(gantry ships: binary, nodejs, staticfile; or give a path\)/);
    bad(path.join(dir, 'not-a-pack'), /has no bin\/ directory/);
    bad(path.join(dir, 'notes.txt'), /give a directory, a \.tgz or a \.zip/);
    bad(path.join(dir, 'missing.tgz'), /does not exist/);
    bad('  ', /empty buildpack/);
  });

  it('numbers buildpacks that would share a name', () => {
    const s = { kind: 'dir' as const, path: '/x' };
    assert.deepEqual(uniqueNames([{ name: 'a', ...s }, { name: 'a', ...s }, { name: 'a', ...s }]).map((b) => b.name), ['a', 'a-2', 'a-3']);
  });
});
