import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failedStaging, parseStagingResult, stagingFailure, StagingError } from '../../../src/lifecycle/builder/result.ts';

const hex = (c: string) => c.repeat(64);
const good = {
  droplet: `sha256:${hex('a')}`,
  droplet_size: 1234,
  start_command: 'node server.js',
  detected_buildpack: 'nodejs',
  buildpacks: ['nodejs'],
  cache: `sha256:${hex('b')}`,
};

describe('staging result', () => {
  it('parses what the builder writes', () => {
    assert.deepEqual(parseStagingResult(JSON.stringify(good) + '\n'), {
      droplet: good.droplet,
      dropletBytes: 1234,
      startCommand: 'node server.js',
      detectedBuildpack: 'nodejs',
      buildpacks: ['nodejs'],
      cache: good.cache,
    });
  });

  it('says what is wrong with a bad result', () => {
    assert.throws(() => parseStagingResult('not json'), /not JSON/);
    assert.throws(() => parseStagingResult(JSON.stringify({ ...good, droplet: 'sha256:xyz' })), /droplet "sha256:xyz" is not a sha256 digest/);
    assert.throws(() => parseStagingResult(JSON.stringify({ ...good, droplet_size: 0 })), /droplet_size/);
    assert.throws(() => parseStagingResult(JSON.stringify({ ...good, buildpacks: [] })), /buildpacks/);
    const { start_command: _, ...noStart } = good;
    assert.throws(() => parseStagingResult(JSON.stringify(noStart)), /start_command is missing/);
  });

  it("tells a failure by the builder's last 'failed' line and the step of its exit code", () => {
    const output = ['-----> Supplying dependencies with buildpack x', 'x: no libfoo', "builder: failed: supply: buildpack 'x' bin/supply exited with status 3"];
    const err = stagingFailure(225, output);
    assert.ok(err instanceof StagingError);
    assert.equal(err.step, 'supply');
    assert.equal(err.exitCode, 225);
    assert.equal(err.message, "staging failed (supply): supply: buildpack 'x' bin/supply exited with status 3");
    assert.deepEqual(err.outputTail, output);
  });

  it('falls back to the last line, then to the exit status', () => {
    assert.equal(stagingFailure(70, ['launcher: could not unpack a download into /tmp/staging/app', '']).message, 'staging failed (staging): launcher: could not unpack a download into /tmp/staging/app');
    assert.equal(stagingFailure(137, []).message, 'staging failed (staging): the builder exited with status 137');
    assert.equal(stagingFailure(1, Array.from({ length: 100 }, (_, i) => `l${i}`)).outputTail.length, 40);
  });

  it("tells a failed staging Task by the builder's words when it exited non-zero, else by the cell's reason", () => {
    const output = ['-----> Supplying', "builder: failed: supply: buildpack 'x' bin/supply exited with status 3"];
    const supply = failedStaging('exited with code 225', output);
    assert.equal(supply.step, 'supply');
    assert.equal(supply.exitCode, 225);
    assert.equal(supply.message, "staging failed (supply): supply: buildpack 'x' bin/supply exited with status 3");
    assert.equal(failedStaging('exited with code 137 (SIGKILL)', []).message, 'staging failed (staging): the builder exited with status 137');
    const upload = failedStaging('upload of /tmp/staging-out/droplet.tgz failed: no space left on device', output);
    assert.equal(upload.step, 'staging');
    assert.equal(upload.message, 'staging failed: upload of /tmp/staging-out/droplet.tgz failed: no space left on device');
    assert.deepEqual(upload.outputTail, output);
    assert.equal(failedStaging('out of memory (OOM killed)', []).message, 'staging failed: out of memory (OOM killed)');
  });
});
