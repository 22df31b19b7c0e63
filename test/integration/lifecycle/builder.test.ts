// builder.sh in the real stack image (Docker, no network, as vcap), with
// fixture buildpacks that record how they were called.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { builderExitCodes } from '../../../src/lifecycle/builder/args.ts';
import { chooseStartCommand, parseStagingInfo, yamlWeb } from '../../../src/lifecycle/builder/start-command.ts';
import { builderDir, DOCKER, dropletFile, dropletMembers, makeBuildpack, removeTempDirs, requireDocker, runBuilder, STACK_IMAGE, tempDir, writeZip } from './helpers.ts';

const exec = promisify(execFile);

async function app(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('app');
  for (const [name, content] of Object.entries(files)) {
    await fs.promises.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.promises.writeFile(path.join(dir, name), content);
  }
  return dir;
}

const calls = async (droplet: string) => ((await dropletFile(droplet, 'app/.calls')) ?? '').trim().split('\n');

// The cases are independent (each its own dirs and container): run a few at once.
describe('builder.sh in the stack image', { concurrency: 4 }, () => {
  let bps: string;

  before(async () => {
    await requireDocker();
    bps = await tempDir('buildpacks');
    await makeBuildpack(bps, 'never', { detect: 'exit 1' });
    await makeBuildpack(bps, 'first', {});
    await makeBuildpack(bps, 'second', {});
    // Supply writes a file into its deps dir and a profile.d script, so the droplet shows where they went.
    await makeBuildpack(bps, 'supplier', {
      supply: 'mkdir -p "$3/$4/profile.d" && echo supplied >"$3/$4/marker" && echo "export SUPPLIED=$4" >"$3/$4/profile.d/supplier.sh"',
    });
    await makeBuildpack(bps, 'finalizer', {
      finalize: 'echo "finalize sees: $(cat "$3/0/marker")" >"$1/finalized" && echo "export FINAL=1" >"$5/finalizer.sh"',
    });
    await makeBuildpack(bps, 'old-style', { supply: null, finalize: null, compile: 'echo compiled >"$1/compiled"' });
    await makeBuildpack(bps, 'supply-fails', { supply: 'echo "supply-fails: cannot find libfoo 1.2 for this stack" >&2; exit 3' });
    await makeBuildpack(bps, 'no-supply', { supply: null });
    await makeBuildpack(bps, 'caching', {
      supply: 'n=$(cat "$2/count" 2>/dev/null || echo 0); echo $((n + 1)) >"$2/count"; echo "cache count $((n + 1))"',
    });
  });

  after(removeTempDirs);

  it('detect runs each buildpack in order and takes the first that passes', async () => {
    const r = await runBuilder({ appDir: await app({ 'index.txt': 'hi' }), buildpacksDir: bps, order: ['never', 'first', 'second'] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Detected buildpack: first/);
    assert.deepEqual(await calls(r.droplet), [
      'never detect /home/vcap/app',
      'first detect /home/vcap/app',
      'first supply /home/vcap/app /tmp/builder-work/cache/first /home/vcap/deps 0',
      'first finalize /home/vcap/app /tmp/builder-work/cache/first /home/vcap/deps 0 /home/vcap/profile.d',
    ]);
    assert.equal(r.result?.detected_buildpack, 'first');
    assert.deepEqual(r.result?.buildpacks, ['first']);
    assert.equal(r.result?.start_command, 'first-web');
    const info = parseStagingInfo((await dropletFile(r.droplet, 'staging_info.yml'))!);
    assert.deepEqual(info, { detected_buildpack: 'first', start_command: 'first-web' });
    const members = await dropletMembers(r.droplet);
    for (const m of ['app/', 'deps/', 'profile.d/', 'tmp/', 'logs/', 'staging_info.yml']) assert.ok(members.includes(m), `droplet has ${m}`);
    // The digest in the result is the droplet's.
    const { stdout } = await exec('sha256sum', [r.droplet]);
    assert.equal(r.result?.droplet, `sha256:${stdout.split(' ')[0]}`);
    assert.equal(r.result?.droplet_size, fs.statSync(r.droplet).size);
  });

  it('named buildpacks: all but the last supply, the last supplies and finalizes, with CF arguments', async () => {
    const r = await runBuilder({ appDir: await app({ 'a.txt': 'x' }), buildpacksDir: bps, order: ['supplier', 'finalizer'], skipDetect: true });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await calls(r.droplet), [
      'supplier supply /home/vcap/app /tmp/builder-work/cache/supplier /home/vcap/deps 0',
      'finalizer supply /home/vcap/app /tmp/builder-work/cache/finalizer /home/vcap/deps 1',
      'finalizer finalize /home/vcap/app /tmp/builder-work/cache/finalizer /home/vcap/deps 1 /home/vcap/profile.d',
    ]);
    assert.equal((await dropletFile(r.droplet, 'app/finalized'))?.trim(), 'finalize sees: supplied');
    assert.equal((await dropletFile(r.droplet, 'deps/0/marker'))?.trim(), 'supplied');
    assert.equal((await dropletFile(r.droplet, 'deps/0/profile.d/supplier.sh'))?.trim(), 'export SUPPLIED=0');
    assert.equal((await dropletFile(r.droplet, 'profile.d/finalizer.sh'))?.trim(), 'export FINAL=1');
    assert.deepEqual(r.result?.buildpacks, ['supplier', 'finalizer']);
    assert.equal(r.result?.detected_buildpack, 'finalizer');
    assert.equal(r.result?.start_command, 'finalizer-web');
  });

  it('the deprecated compile runs when the last buildpack has no finalize, with a warning after supply', async () => {
    const r = await runBuilder({ appDir: await app({ 'a.txt': 'x' }), buildpacksDir: bps, order: ['supplier', 'old-style'], skipDetect: true });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await calls(r.droplet), [
      'supplier supply /home/vcap/app /tmp/builder-work/cache/supplier /home/vcap/deps 0',
      'old-style compile /home/vcap/app /tmp/builder-work/cache/old-style',
    ]);
    assert.equal((await dropletFile(r.droplet, 'app/compiled'))?.trim(), 'compiled');
    assert.match(r.stderr, /has no bin\/finalize, so it cannot use the dependencies/);
    const members = await dropletMembers(r.droplet);
    assert.ok(!members.some((m) => m.startsWith('deps/1')), 'the compile buildpack gets no deps dir');
  });

  it("a Procfile's web: wins over the release's default_process_types.web", async () => {
    const r = await runBuilder({
      appDir: await app({ Procfile: 'worker: ./work\nweb: ./serve --port "$PORT"\n' }),
      buildpacksDir: bps,
      order: ['first'],
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.result?.start_command, './serve --port "$PORT"');
    assert.match(r.stdout, /Start command \(from the Procfile\)/);
    assert.equal(parseStagingInfo((await dropletFile(r.droplet, 'staging_info.yml'))!).start_command, './serve --port "$PORT"');
  });

  it('keeps each buildpack its cache between two stagings of the same app', async () => {
    const appDir = await app({ 'a.txt': 'x' });
    const first = await runBuilder({ appDir, buildpacksDir: bps, order: ['caching', 'first'], skipDetect: true });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /cache count 1/);
    const kept = path.join(await tempDir('cache'), 'cache.tgz');
    await fs.promises.copyFile(first.cacheOut, kept);
    const second = await runBuilder({ appDir, buildpacksDir: bps, order: ['caching', 'first'], skipDetect: true, cacheIn: kept });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /Restored the build cache/);
    assert.match(second.stdout, /cache count 2/);
    // Only the caches of buildpacks that ran are kept.
    const third = await runBuilder({ appDir, buildpacksDir: bps, order: ['first'], cacheIn: second.cacheOut });
    assert.equal(third.code, 0, third.stderr);
    const { stdout } = await exec('tar', ['-tzf', third.cacheOut]);
    assert.ok(!stdout.includes('caching'), `the unused cache is dropped: ${stdout}`);
  });

  it('fails clearly when no buildpack detects the app', async () => {
    const r = await runBuilder({ appDir: await app({ 'a.txt': 'x' }), buildpacksDir: bps, order: ['never'] });
    assert.equal(r.code, builderExitCodes.detect);
    const last = r.stderr.trim().split('\n').at(-1);
    assert.equal(last, 'builder: failed: detect: None of the buildpacks detected a compatible application (tried: never)');
    assert.equal(r.result, null);
    assert.ok(!fs.existsSync(r.droplet));
  });

  it("fails a supply with the buildpack's own words and says which step failed", async () => {
    const r = await runBuilder({ appDir: await app({ 'a.txt': 'x' }), buildpacksDir: bps, order: ['supply-fails', 'first'], skipDetect: true });
    assert.equal(r.code, builderExitCodes.supply);
    const lines = r.stderr.trim().split('\n');
    assert.ok(lines.includes('supply-fails: cannot find libfoo 1.2 for this stack'), r.stderr);
    assert.equal(lines.at(-1), "builder: failed: supply: buildpack 'supply-fails' bin/supply exited with status 3");
    assert.equal(r.result, null);
  });

  it('refuses a supply buildpack without bin/supply before running any', async () => {
    const r = await runBuilder({ appDir: await app({ 'a.txt': 'x' }), buildpacksDir: bps, order: ['supplier', 'no-supply', 'first'], skipDetect: true });
    assert.equal(r.code, builderExitCodes.supply);
    assert.match(r.stderr.trim().split('\n').at(-1)!, /buildpack 'no-supply' has no bin\/supply/);
    assert.ok(!r.stdout.includes('Supplying'), 'nothing ran');
  });

  it('uses buildpacks packed as .tgz and .zip (also with one top-level directory)', async () => {
    const packed = await tempDir('packed');
    const src = await tempDir('src');
    await makeBuildpack(src, 'tgz-pack', { detect: 'exit 1' });
    await makeBuildpack(src, 'zip-pack', {});
    await exec('tar', ['-czf', path.join(packed, 'tgz-pack.tgz'), '-C', path.join(src, 'tgz-pack'), '.']);
    // A zip of the directory itself (bin/ one level down), with no mode bits: the builder copes with both.
    await writeZip(path.join(packed, 'zip-pack.zip'), src, 'zip-pack');
    const r = await runBuilder({ appDir: await app({ 'a.txt': 'x' }), buildpacksDir: packed, order: ['tgz-pack', 'zip-pack'] });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await calls(r.droplet)).map((l) => l.split(' ').slice(0, 2).join(' ')), ['tgz-pack detect', 'zip-pack detect', 'zip-pack supply', 'zip-pack finalize']);
    assert.equal(r.result?.detected_buildpack, 'zip-pack');
  });

  it("reads YAML start commands exactly as the API's TypeScript reader does", async () => {
    const cases: { procfile: string | null; release: string }[] = [
      { procfile: null, release: '---\ndefault_process_types:\n  web: node server.js\n' },
      { procfile: null, release: "default_process_types:\n  worker: x\n  web: 'it''s \"quoted\"'\n" },
      { procfile: null, release: 'default_process_types:\n  web: "a \\"b\\" \\\\ c\\tz"\n' },
      { procfile: null, release: 'default_process_types: {web: "exec httpd -p ${PORT:-8080}", worker: w}\n' },
      { procfile: null, release: 'default_process_types: {}\n' },
      { procfile: null, release: 'default_process_types:\n  web: bin/run # the server\naddons: []\n' },
      { procfile: null, release: 'default_process_types:\n  web: |\n    echo one\n    echo two\n' },
      { procfile: null, release: 'default_process_types:\n  web: >-\n    java -jar\n    app.jar\n' },
      { procfile: null, release: 'config_vars:\n  web: nope\ndefault_process_types:\n  nested:\n    web: deeper\n' },
      { procfile: 'web: ./bin/server\n', release: 'default_process_types:\n  web: other\n' },
      { procfile: 'worker: x\r\nweb:   "./run it"   \r\n', release: '' },
      { procfile: '# web: commented\n', release: 'default_process_types:\n  web: ~\n' },
      { procfile: 'web:\n', release: 'default_process_types:\n  web: fallback\n' },
    ];
    const dir = await tempDir('yaml');
    await fs.promises.chmod(dir, 0o755);
    for (const [i, c] of cases.entries()) {
      if (c.procfile !== null) await fs.promises.writeFile(path.join(dir, `${i}.procfile`), c.procfile);
      await fs.promises.writeFile(path.join(dir, `${i}.release`), c.release);
    }
    const script = `source /builder/builder.sh; for i in $(seq 0 ${cases.length - 1}); do printf '%s ' "$i"; choose_start_command "/cases/$i.procfile" "$(cat /cases/$i.release)" | base64 -w0; echo; done`;
    const { stdout } = await exec(DOCKER, ['run', '--rm', '-u', 'vcap', '--network', 'none', '-v', `${builderDir}:/builder:ro`, '-v', `${dir}:/cases:ro`, STACK_IMAGE, 'bash', '-c', script]);
    const fromBash = new Map(stdout.trim().split('\n').map((l) => {
      const [i, b64] = l.split(' ');
      return [Number(i), Buffer.from(b64 ?? '', 'base64').toString('utf8')];
    }));
    for (const [i, c] of cases.entries()) {
      assert.equal(fromBash.get(i), chooseStartCommand(c.procfile, c.release).command, `case ${i}: ${JSON.stringify(c)}`);
    }
    // And the values themselves, so agreeing on nonsense would fail too.
    assert.equal(fromBash.get(1), `it's "quoted"`);
    assert.equal(fromBash.get(3), 'exec httpd -p ${PORT:-8080}');
    assert.equal(fromBash.get(6), 'echo one\necho two');
    assert.equal(fromBash.get(7), 'java -jar app.jar');
    assert.equal(fromBash.get(8), '');
    assert.equal(fromBash.get(10), './run it');
    assert.equal(yamlWeb('default_process_types:\n  web: fallback\n', 'default_process_types'), 'fallback');
    assert.equal(fromBash.get(12), 'fallback');
  });
});
