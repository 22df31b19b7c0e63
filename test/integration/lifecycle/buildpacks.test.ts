// The buildpacks that ship with gantry, staged by builder.sh in the stack image
// (no network), and their droplets launched with the launcher on a loopback
// port: they must answer HTTP 200.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builderExitCodes } from '../../../src/lifecycle/builder/args.ts';
import { DEFAULT_DETECT_ORDER } from '../../../src/lifecycle/builder/buildpacks.ts';
import {
  dropletFile, examplesDir, launchDroplet, makeNpmCacheApp, removeTempDirs, removeTestContainers, requireDocker, requireNodeRuntime, runBuilder,
  shippedBuildpacks, tempDir, waitForHttp, type Launched,
} from './helpers.ts';

const order = [...DEFAULT_DETECT_ORDER];
const launched: Launched[] = [];

async function launch(droplet: string): Promise<Launched> {
  const l = await launchDroplet(droplet);
  launched.push(l);
  return l;
}

async function expect200(l: Launched, urlPath = '/'): Promise<string> {
  const res = await waitForHttp(l.url + urlPath).catch(async (err) => {
    throw new Error(`${(err as Error).message}\ncontainer output:\n${await l.logs()}`);
  });
  assert.equal(res.status, 200, `GET ${urlPath}: ${res.body}\n${await l.logs()}`);
  return res.body;
}

describe('the shipped buildpacks', { concurrency: 3 }, () => {
  before(async () => {
    await requireDocker();
    await requireNodeRuntime();
  });

  after(async () => {
    await Promise.all(launched.map((l) => l.stop()));
    await removeTestContainers();
    await removeTempDirs();
  });

  it('nodejs stages the Node example (detected), and its droplet serves HTTP 200', async () => {
    const r = await runBuilder({ appDir: path.join(examplesDir, 'node-app'), buildpacksDir: shippedBuildpacks, order });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Detected buildpack: nodejs/);
    assert.match(r.stdout, /Using the app's vendored node_modules/);
    assert.equal(r.result?.detected_buildpack, 'nodejs');
    assert.equal(r.result?.start_command, 'node server.js');
    assert.match((await dropletFile(r.droplet, 'deps/0/profile.d/nodejs.sh')) ?? '', /NODE_HOME/);
    const body = JSON.parse(await expect200(await launch(r.droplet))) as { message: string; node: string };
    assert.equal(body.message, 'Hello from gantry!');
    assert.equal(body.node, process.version, 'the Node runtime packaged with the buildpack runs the app');
  });

  it('staticfile stages the static example (detected) and busybox httpd serves it', async () => {
    const r = await runBuilder({ appDir: path.join(examplesDir, 'static-site'), buildpacksDir: shippedBuildpacks, order });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.result?.detected_buildpack, 'staticfile');
    assert.match(String(r.result?.start_command), /busybox httpd -f .* -h 'public'/);
    const l = await launch(r.droplet);
    assert.match(await expect200(l), /Hello from gantry/);
    assert.match(await expect200(l, '/style.css'), /font-family/);
  });

  it('binary runs the executable a Procfile names, even one packed without its mode bit', async () => {
    const appDir = await tempDir('binary-app');
    await fs.promises.mkdir(path.join(appDir, 'www'));
    await fs.promises.writeFile(path.join(appDir, 'www/index.html'), 'binary ok\n');
    await fs.promises.writeFile(path.join(appDir, 'serve'), '#!/bin/bash\nexec busybox httpd -f -p "$PORT" -h www\n', { mode: 0o644 });
    await fs.promises.writeFile(path.join(appDir, 'Procfile'), 'web: ./serve\n');
    const r = await runBuilder({ appDir, buildpacksDir: shippedBuildpacks, order });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.result?.detected_buildpack, 'binary');
    assert.match(r.stdout, /Made serve executable/);
    assert.equal(await expect200(await launch(r.droplet)), 'binary ok\n');
  });

  it('nodejs supplies Node to a binary-finalized app (multi-buildpack, profile.d from supply)', async () => {
    const appDir = await tempDir('multi-app');
    await fs.promises.cp(path.join(examplesDir, 'node-app'), appDir, { recursive: true });
    await fs.promises.writeFile(path.join(appDir, 'Procfile'), 'web: node server.js\n');
    const r = await runBuilder({ appDir, buildpacksDir: shippedBuildpacks, order: ['nodejs', 'binary'], skipDetect: true });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.result?.buildpacks, ['nodejs', 'binary']);
    const body = JSON.parse(await expect200(await launch(r.droplet))) as { message: string };
    assert.equal(body.message, 'Hello from gantry!');
  });

  it('nodejs installs from an npm cache offline, then restores node_modules from the build cache', async () => {
    const appDir = await makeNpmCacheApp(path.join(await tempDir('npm-cache-app'), 'app'));
    await fs.promises.chmod(appDir, 0o755);
    const cold = await runBuilder({ appDir, buildpacksDir: shippedBuildpacks, order });
    assert.equal(cold.code, 0, cold.stdout + cold.stderr);
    assert.match(cold.stdout, /Installing 1 dependencies with npm ci --offline from npm-cache/);
    const warm = await runBuilder({ appDir, buildpacksDir: shippedBuildpacks, order, cacheIn: cold.cacheOut });
    assert.equal(warm.code, 0, warm.stderr);
    assert.match(warm.stdout, /Restored node_modules from the build cache/);
    assert.ok(!warm.stdout.includes('npm ci'), 'npm does not run on a warm cache');
    assert.ok(await dropletFile(warm.droplet, 'app/node_modules/tiny-greeting/index.js'));
    const body = JSON.parse(await expect200(await launch(warm.droplet))) as { message: string };
    assert.equal(body.message, 'Hello from gantry!');
  });

  it('nodejs refuses dependencies it cannot install offline, in its own words', async () => {
    const appDir = await tempDir('no-deps-app');
    await fs.promises.writeFile(path.join(appDir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { 'left-pad': '1.3.0' } }));
    const r = await runBuilder({ appDir, buildpacksDir: shippedBuildpacks, order });
    assert.equal(r.code, builderExitCodes.compile);
    assert.match(r.stderr, /nodejs: package.json lists 1 dependencies, but the app has neither node_modules\/ nor an npm cache/);
    assert.equal(r.stderr.trim().split('\n').at(-1), "builder: failed: finalize: buildpack 'nodejs' bin/finalize exited with status 1");
  });
});
