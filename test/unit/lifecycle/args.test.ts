import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { statusOf } from '../../../src/common/errors.ts';
import {
  builderArgs, builderCommand, builderExitCodes, buildpackDownloadPath, shellQuote, stagingPaths, stepOfExitCode, validateBuildpackName,
} from '../../../src/lifecycle/builder/args.ts';

describe('builder arguments', () => {
  it('names the staging paths, the order, and the outputs', () => {
    assert.deepEqual(builderArgs({ buildpacks: ['staticfile', 'nodejs'], skipDetect: false, withCache: false, stack: 'bookworm' }), [
      '--app-dir', '/tmp/staging/app',
      '--droplet-root', '/home/vcap',
      '--buildpacks-dir', '/tmp/staging/buildpacks',
      '--buildpack-order', 'staticfile,nodejs',
      '--cache-out', '/tmp/staging-out/cache.tgz',
      '--output-droplet', '/tmp/staging-out/droplet.tgz',
      '--output-metadata', '/tmp/staging-out/result.json',
      '--work-dir', '/tmp/staging/work',
      '--stack', 'bookworm',
    ]);
  });

  it('adds --skip-detect for named buildpacks and --cache-in when there is a cache', () => {
    const args = builderArgs({ buildpacks: ['nodejs', 'binary'], skipDetect: true, withCache: true, stack: 'bookworm' });
    assert.ok(args.includes('--skip-detect'));
    assert.equal(args[args.indexOf('--cache-in') + 1], stagingPaths.cacheIn);
    assert.ok(!builderArgs({ buildpacks: ['nodejs'], skipDetect: false, withCache: false, stack: 'x' }).includes('--cache-in'));
  });

  it('refuses no buildpack, a bad name, or a name twice, naming the field', () => {
    const bad = (buildpacks: string[], field: RegExp) =>
      assert.throws(() => builderArgs({ buildpacks, skipDetect: true, withCache: false, stack: 'b' }), (err) => {
        assert.equal(statusOf(err), status.INVALID_ARGUMENT);
        assert.match((err as Error).message, field);
        return true;
      });
    bad([], /^buildpacks: at least one/);
    bad(['ok', 'a,b'], /^buildpacks\[1\]: "a,b" is not a buildpack name/);
    bad(['../up'], /^buildpacks\[0\]/);
    bad(['same', 'same'], /^buildpacks: a buildpack is named twice/);
  });

  it('quotes only what bash would misread', () => {
    assert.equal(shellQuote('/tmp/staging/app'), '/tmp/staging/app');
    assert.equal(shellQuote('a,b'), 'a,b');
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('two words'), "'two words'");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('$HOME'), "'$HOME'");
  });

  it('builds the command a task runs', () => {
    const cmd = builderCommand({ buildpacks: ['nodejs'], skipDetect: true, withCache: false, stack: 'bookworm' });
    assert.match(cmd, /^bash \/tmp\/staging\/builder\/builder.sh --app-dir \/tmp\/staging\/app /);
    assert.match(cmd, / --buildpack-order nodejs --skip-detect --cache-out /);
  });

  it('maps exit codes to the step that failed', () => {
    assert.equal(stepOfExitCode(builderExitCodes.detect), 'detect');
    assert.equal(stepOfExitCode(builderExitCodes.supply), 'supply');
    assert.equal(stepOfExitCode(builderExitCodes.compile), 'finalize');
    assert.equal(stepOfExitCode(builderExitCodes.release), 'release');
    assert.equal(stepOfExitCode(1), 'staging');
    assert.equal(stepOfExitCode(137), 'staging');
  });

  it('places buildpacks by form', () => {
    assert.equal(buildpackDownloadPath('nodejs', 'dir'), '/tmp/staging/buildpacks/nodejs');
    assert.equal(buildpackDownloadPath('nodejs', 'tgz'), '/tmp/staging/buildpacks/nodejs.tgz');
    assert.equal(buildpackDownloadPath('mine', 'zip'), '/tmp/staging/buildpacks/mine.zip');
    assert.throws(() => validateBuildpackName('-x'));
    assert.throws(() => validateBuildpackName('a'.repeat(65)));
    validateBuildpackName('go_buildpack-1.2');
  });
});
