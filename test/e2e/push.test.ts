// End to end, from source: `gantry push` the Node example and the static
// example with their buildpacks on a real local cluster (docker executor) →
// RUNNING → HTTP 200 from every instance; their logs stream; a restart
// replaces an instance; a failing detect and a failing supply give the
// buildpack's own error and leave nothing desired.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Gantry, gantryBin, getEveryInstance, repoRoot, runningOrdinary, type Status } from './harness.ts';

const g = Gantry.temp('gantry-e2e-push-');

before(async () => {
  const r = await g.run(['up', '--cells', '2', '--executor', 'docker', '--detach', '--random-ports'], { timeoutMs: 150_000 });
  assert.equal(r.code, 0, `gantry up failed:\n${r.stderr}`);
});

after(async () => {
  await g.down(120_000);
  g.cleanup();
});

const status = (name: string) => g.json<Status>(['status', name]);

interface PushOut {
  app: string;
  staging: { buildpack: string; start_command: string; droplet: string };
  instances: Array<{ index: number; address: string }>;
}

test('push the Node example from source: nodejs buildpack, 2 instances, HTTP 200 from each', async () => {
  const r = await g.run(['push', 'hello', '-p', path.join(repoRoot, 'examples', 'node-app'), '-i', '2', '-m', '128M', '--health-check', 'http:/health', '--json'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as PushOut;
  assert.equal(out.staging.buildpack, 'nodejs');
  assert.match(out.staging.droplet, /^sha256:[0-9a-f]{64}$/);
  assert.equal(out.instances.length, 2);
  // The staging output streamed as it happened (stderr with --json).
  assert.match(r.stderr, /\[STG\].*Detected buildpack: nodejs/);
  const s = await status('hello');
  assert.equal(runningOrdinary(s).length, 2);
  for (const [index, res] of await getEveryInstance(s)) {
    assert.equal(res.status, 200, `instance ${index}`);
    const body = JSON.parse(res.body) as { message: string; instance: string };
    assert.equal(body.instance, String(index));
    assert.match(body.message, /gantry/);
  }
  assert.equal(s.desired_lrp.check?.type, 'HTTP');
});

test('push the static example: staticfile buildpack, HTTP 200 from each instance', async () => {
  const r = await g.run(['push', 'site', '-p', path.join(repoRoot, 'examples', 'static-site'), '-i', '2', '-m', '64M'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /staged site in .*buildpack staticfile/);
  assert.match(r.stdout, /site is running: 2 instances/);
  const s = await status('site');
  const answers = await getEveryInstance(s);
  assert.equal(answers.size, 2);
  for (const [index, res] of answers) {
    assert.equal(res.status, 200, `instance ${index}`);
    assert.match(res.body, /Hello from gantry/);
  }
});

test('logs stream an instance\'s lines; restart replaces the instance, which logs as it starts', async () => {
  const logs = spawn(process.execPath, [gantryBin, 'logs', 'hello', '--json'], { env: g.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  logs.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  logs.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  try {
    const deadline = Date.now() + 15_000;
    while (!err.includes('following logs')) {
      assert.ok(Date.now() < deadline, `gantry logs did not start: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = (await status('hello')).actual_lrps.find((a) => a.key?.index === 0 && a.presence === 'ORDINARY')!;
    const restarted = await g.json<{ restarted: Array<{ index: number }> }>(['restart', 'hello', '0', '--timeout', '150s'], { timeoutMs: 180_000 });
    assert.deepEqual(restarted.restarted.map((x) => x.index), [0]);
    const afterRestart = (await status('hello')).actual_lrps.find((a) => a.key?.index === 0 && a.presence === 'ORDINARY')!;
    assert.equal(afterRestart.state, 'RUNNING');
    assert.notEqual(afterRestart.instance_key?.instance_guid, before.instance_key?.instance_guid);
    const logDeadline = Date.now() + 30_000;
    const seen = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { source: string; instance_index: number; line: string });
    while (!seen().some((m) => m.source === 'APP/PROC/WEB' && m.instance_index === 0 && /listening on port/.test(m.line))) {
      assert.ok(Date.now() < logDeadline, `no app log line of the new instance 0; got: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    logs.kill('SIGTERM');
  }
});

test('a failing detect: the builder\'s error, exit 1, nothing desired', async () => {
  const dir = path.join(g.home, 'nothing-to-detect');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.txt'), 'no app here\n');
  const r = await g.run(['push', 'nodetect', '-p', dir], { timeoutMs: 180_000 });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /staging failed \(detect\).*None of the buildpacks detected a compatible application/);
  assert.match(r.stderr, /Nothing was desired/);
  const s = await g.run(['status', 'nodetect']);
  assert.equal(s.code, 3);
});

test('a failing supply: the buildpack\'s own output and which step failed, exit 1, nothing desired', async () => {
  const bp = path.join(g.home, 'broken-buildpack');
  fs.mkdirSync(path.join(bp, 'bin'), { recursive: true });
  const script = (name: string, body: string) => fs.writeFileSync(path.join(bp, 'bin', name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  script('detect', 'exit 0');
  script('supply', 'echo "-----> Installing the frobnicator"\necho "error: frobnicator 9.9 is not available offline" >&2\nexit 3');
  script('finalize', 'exit 0');
  script('release', 'echo "default_process_types: {web: sleep 1000}"');
  const r = await g.run(['push', 'nosupply', '-p', path.join(repoRoot, 'examples', 'static-site'), '-b', bp], { timeoutMs: 180_000 });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /\[STG\] error: frobnicator 9\.9 is not available offline/);
  assert.match(r.stderr, /staging failed \(supply\).*broken-buildpack.*bin\/supply exited with status 3/);
  const s = await g.run(['status', 'nosupply']);
  assert.equal(s.code, 3);
  const apps = await g.json<Array<{ name: string }>>(['list']);
  assert.deepEqual(apps.map((a) => a.name), ['hello', 'site']);
});
