import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { statusOf } from '../../../src/common/errors.ts';
import { GUID_PATTERN } from '../../../src/bbs/lrp/validation.ts';
import { buildStagingTask, STAGING_DOMAIN, stagingTaskGuid, type StagingInputs } from '../../../src/lifecycle/builder/task.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const inputs: StagingInputs = {
  builder: d('1'),
  app: d('2'),
  buildpacks: [
    { name: 'staticfile', digest: d('3'), form: 'tgz' },
    { name: 'mine', digest: d('4'), form: 'zip' },
    { name: 'unpacked', digest: d('5'), form: 'dir' },
  ],
  cache: null,
};
const opts = { taskGuid: 'staging-app-1', appName: 'app', stack: 'bookworm', skipDetect: false };

describe('staging task', () => {
  it('downloads the builder, the app and each buildpack, and names the result file', () => {
    const task = buildStagingTask(inputs, opts);
    assert.equal(task.task_guid, 'staging-app-1');
    assert.equal(task.domain, STAGING_DOMAIN);
    assert.equal(task.rootfs, 'bookworm');
    assert.equal(task.user, 'vcap');
    assert.equal(task.result_file, '/tmp/staging-out/result.json');
    assert.equal(task.log_guid, 'staging-app-1');
    // The droplet and the build cache come back as uploads the cell stores by sha256.
    assert.deepEqual(task.uploads, [{ from: '/tmp/staging-out/droplet.tgz' }, { from: '/tmp/staging-out/cache.tgz' }]);
    assert.deepEqual(task.downloads, [
      { digest: d('1'), to: '/tmp/staging/builder', extract: true },
      { digest: d('2'), to: '/tmp/staging/app', extract: true },
      { digest: d('3'), to: '/tmp/staging/buildpacks/staticfile.tgz', extract: false },
      { digest: d('4'), to: '/tmp/staging/buildpacks/mine.zip', extract: false },
      { digest: d('5'), to: '/tmp/staging/buildpacks/unpacked', extract: true },
    ]);
    assert.match(task.command ?? '', /--buildpack-order staticfile,mine,unpacked /);
    assert.ok(!(task.command ?? '').includes('--skip-detect'));
    assert.ok(!(task.command ?? '').includes('--cache-in'));
    assert.equal(task.memory_mb, 1024);
    assert.equal(task.disk_mb, 4096);
  });

  it('adds the previous build cache as a file for the builder, and skip-detect for named buildpacks', () => {
    const task = buildStagingTask({ ...inputs, cache: d('6') }, { ...opts, skipDetect: true, memoryMb: 2048, env: [{ name: 'A', value: 'b' }] });
    assert.deepEqual(task.downloads?.at(-1), { digest: d('6'), to: '/tmp/staging/cache-in.tgz', extract: false });
    assert.match(task.command ?? '', / --skip-detect --cache-in \/tmp\/staging\/cache-in.tgz /);
    assert.equal(task.memory_mb, 2048);
    assert.deepEqual(task.env, [{ name: 'A', value: 'b' }]);
  });

  it('refuses bad digests and names, naming the field', () => {
    const bad = (i: StagingInputs, field: string) =>
      assert.throws(() => buildStagingTask(i, opts), (err) => {
        assert.equal(statusOf(err), status.INVALID_ARGUMENT);
        assert.ok((err as Error).message.startsWith(`${field}: `), (err as Error).message);
        return true;
      });
    bad({ ...inputs, app: 'sha256:nothex' }, 'inputs.app');
    bad({ ...inputs, builder: '' }, 'inputs.builder');
    bad({ ...inputs, cache: 'md5:x' }, 'inputs.cache');
    bad({ ...inputs, buildpacks: [] }, 'inputs.buildpacks');
    bad({ ...inputs, buildpacks: [{ name: 'a b', digest: d('3'), form: 'tgz' }] }, 'inputs.buildpacks[0].name');
    bad({ ...inputs, buildpacks: [{ name: 'ok', digest: 'sha256:1', form: 'tgz' }] }, 'inputs.buildpacks[0].digest');
  });

  it("makes task guids the BBS accepts", () => {
    assert.match(stagingTaskGuid('my.app', 'abc'), GUID_PATTERN);
    assert.equal(stagingTaskGuid('my.app', 'abc'), 'staging-my-app-abc');
    assert.match(stagingTaskGuid('x'), /^staging-x-[0-9a-f]{12}$/);
    assert.notEqual(stagingTaskGuid('x'), stagingTaskGuid('x'));
  });
});
