// The staging API through a real cluster in this process: a real nats-server
// (JetStream object store), the real BBS and auctioneer, and one cell with the
// docker executor. Inputs are packed and stored by digest, the staging Task is
// auctioned onto the cell and runs in the stack image, its output streams from
// the task's log subject, the cell uploads the droplet and the build cache by
// sha256, and failures are told with the buildpack's words and the step.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { connect, type NatsConnection } from 'nats';
import { setLogSink } from '../../../src/common/log.ts';
import { statusOf } from '../../../src/common/errors.ts';
import { dropletStore } from '../../../src/cell-rep/droplets/object-store.ts';
import { fetchToFile, sourceOf } from '../../../src/cell-rep/droplets/fetch.ts';
import { prepareStaging, stage, StagingError, verifyStagingResult, type StagingEnv, type StagingLogLine } from '../../../src/lifecycle/staging.ts';
import { stagingPaths } from '../../../src/lifecycle/builder/args.ts';
import {
  examplesDir, launchDroplet, makeBuildpack, removeTempDirs, removeTestContainers, requireDocker, tempDir, testCacheDir, waitForHttp, writeZip, type Launched,
} from './helpers.ts';
import { startStagingCluster, type StagingCluster } from './cluster.ts';

describe('the staging API', () => {
  let cluster: StagingCluster;
  let nc: NatsConnection;
  let env: StagingEnv;
  const launched: Launched[] = [];

  before(async () => {
    if (!process.env.GANTRY_TEST_LOGS) setLogSink(() => {});
    await requireDocker();
    cluster = await startStagingCluster();
    nc = await connect({ servers: cluster.nats.url });
    env = {
      nc,
      bbsAddress: cluster.bbsAddress,
      packageCacheDir: path.join(testCacheDir, 'packages'),
      // Without nodejs (its 90 MB Node runtime would be stored in this test's fresh
      // object store and copied into every staging container): buildpacks.test.ts
      // stages with it, and bench/staging.ts through this API.
      detectOrder: ['staticfile', 'binary'],
      timeoutMs: 120_000,
    };
  });

  after(async () => {
    await Promise.all(launched.map((l) => l.stop()));
    await removeTestContainers();
    await nc?.close();
    await cluster?.stop();
    await removeTempDirs();
  });

  async function objectNames(): Promise<string[]> {
    const os = await dropletStore(nc);
    return (await os.list()).filter((o) => !o.deleted).map((o) => o.name);
  }

  it('refuses bad input naming the field, storing nothing', async () => {
    const before = await objectNames();
    await assert.rejects(stage({ appName: 'x', appDir: '/does/not/exist' }, env), (err) => {
      assert.equal(statusOf(err), status.INVALID_ARGUMENT);
      assert.match((err as Error).message, /^appDir: /);
      return true;
    });
    await assert.rejects(stage({ appName: 'x', appDir: path.join(examplesDir, 'static-site'), buildpacks: ['no-such-pack'] }, env), (err) => {
      assert.equal(statusOf(err), status.INVALID_ARGUMENT);
      assert.match((err as Error).message, /^buildpacks\[0\]: unknown buildpack "no-such-pack" \(gantry ships: binary, nodejs, staticfile/);
      return true;
    });
    await assert.rejects(stage({ appName: 'bad name!', appDir: path.join(examplesDir, 'static-site') }, env), /appName: /);
    assert.deepEqual(await objectNames(), before);
  });

  // The static example keeps this fast; the Node example's buildpack is covered
  // by buildpacks.test.ts, and the mechanics here are the same for any app.
  it('stages an app into a droplet in the object store that serves HTTP 200, then restages it with its build cache', async () => {
    const req = { appName: 'static-example', appDir: path.join(examplesDir, 'static-site') };
    const lines: StagingLogLine[] = [];
    const out = await stage(req, { ...env, onLog: (l) => lines.push(l) });
    assert.equal(out.detectedBuildpack, 'staticfile');
    assert.match(out.startCommand, /^exec busybox httpd /);
    assert.deepEqual(out.buildpacks, ['staticfile']);
    assert.ok(lines.some((l) => l.stream === 'stdout' && l.line.includes('Detected buildpack: staticfile')), 'the output was streamed');
    await verifyStagingResult(nc, out);
    // It ran as a Task, which the cell uploaded the droplet and the cache of, and which is resolved and gone.
    assert.deepEqual(out.task.uploads?.map((u) => u.from), [stagingPaths.droplet, stagingPaths.cacheOut]);
    await assert.rejects(cluster.cp.call('GetTask', { task_guid: out.taskGuid }), (err) => statusOf(err) === status.NOT_FOUND);
    // The task that describes it: builder, app, each buildpack (unpacked by the cell), result file.
    assert.equal(out.task.result_file, stagingPaths.result);
    assert.deepEqual(out.task.downloads?.map((d) => [d.to, d.extract]), [
      [stagingPaths.builderDir, true], [stagingPaths.appDir, true], ['/tmp/staging/buildpacks/staticfile', true], ['/tmp/staging/buildpacks/binary', true],
    ]);
    // A cell would fetch it by digest: do the same and run it.
    const dir = await tempDir('fetched');
    const file = path.join(dir, 'droplet.tgz');
    const fetched = await fetchToFile(sourceOf({ digest: out.droplet, url: '' }, 'droplet'), file, { what: 'droplet', objectStore: () => dropletStore(nc) });
    assert.equal(fetched.bytes, out.dropletBytes);
    const l = await launchDroplet(file);
    launched.push(l);
    const res = await waitForHttp(l.url);
    assert.equal(res.status, 200, await l.logs());
    assert.match(res.body, /Hello from gantry/);

    const again: string[] = [];
    const second = await stage({ ...req, cache: out.cache }, { ...env, onLog: (line) => again.push(line.line) });
    assert.ok(second.task.downloads?.some((d) => d.digest === out.cache && d.to === stagingPaths.cacheIn && !d.extract));
    assert.ok(again.some((line) => line.includes('Restored the build cache')), again.join('\n'));
    // A cache the store no longer has means a cold staging, not a failure.
    const prepared = await prepareStaging({ ...req, cache: `sha256:${'0'.repeat(64)}` }, env);
    assert.equal(prepared.inputs.cache, null);
  });

  it('fails a staging no buildpack detects with the step and the builder\'s words', async () => {
    const appDir = await tempDir('undetectable');
    await fs.promises.writeFile(path.join(appDir, 'README'), 'nothing to see\n');
    await assert.rejects(stage({ appName: 'nothing', appDir }, env), (err) => {
      assert.ok(err instanceof StagingError, String(err));
      assert.equal(err.step, 'detect');
      assert.equal(err.exitCode, 222);
      assert.equal(err.message, 'staging failed (detect): detect: None of the buildpacks detected a compatible application (tried: staticfile binary)');
      return true;
    });
  });

  it("fails a supply with the buildpack's own output, using a buildpack of the user's given as a .zip", async () => {
    const bps = await tempDir('user-bps');
    await makeBuildpack(bps, 'needs-libfoo', { supply: 'echo "needs-libfoo: libfoo 1.2 is not available for bookworm" >&2; exit 4' });
    const failing = path.join(bps, 'needs-libfoo.zip');
    await writeZip(failing, bps, 'needs-libfoo');
    await assert.rejects(stage({ appName: 'supply-fails', appDir: path.join(examplesDir, 'static-site'), buildpacks: [failing, 'staticfile'] }, env), (err) => {
      assert.ok(err instanceof StagingError, String(err));
      assert.equal(err.step, 'supply');
      assert.equal(err.message, "staging failed (supply): supply: buildpack 'needs-libfoo' bin/supply exited with status 4");
      assert.ok(err.outputTail.includes('needs-libfoo: libfoo 1.2 is not available for bookworm'), err.outputTail.join('\n'));
      return true;
    });
  });
});
