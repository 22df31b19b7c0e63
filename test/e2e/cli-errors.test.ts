// The gantry executable without a cluster: help, usage errors (exit 2),
// an unreachable BBS (exit 1, saying to run `gantry up`), and `down` with
// nothing running. These promises are what scripts rely on.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../../src/common/net.ts';
import { Gantry } from './harness.ts';

const g = Gantry.temp('gantry-cli-');
after(() => g.cleanup());

test('help lists the commands and the exit codes', async () => {
  const r = await g.run(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['push', 'create', 'scale', 'status', 'cells', 'visualize', 'up', 'down', 'bbs', 'cell']) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'));
  assert.match(r.stdout, /exit codes:\n  0  success\n  1  failure.*\n  2  usage error.*\n  3  not found/);
  const create = await g.run(['create', '--help']);
  assert.equal(create.code, 0);
  assert.match(create.stdout, /--droplet REF/);
  assert.match(create.stdout, /-i, --instances N/);
});

test('usage errors exit 2 and say what is wrong (the executable; every case is in test/unit/cli/commands.test.ts)', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['frobnicate'], /unknown command "frobnicate"/],
    [['create', 'web'], /give --droplet REF/],
    [['scale', 'web', 'many'], /N must be a whole number/],
  ];
  for (const [args, re] of cases) {
    const r = await g.run(args);
    assert.equal(r.code, 2, `gantry ${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, re, `gantry ${args.join(' ')}`);
  }
});

test('an unreachable BBS: exit 1, and the error says to run `gantry up`', async () => {
  const port = await freePort();
  const r = await g.run(['list', '--bbs', `127.0.0.1:${port}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`cannot reach the BBS at 127\\.0\\.0\\.1:${port} \\(from --bbs\\)`));
  assert.match(r.stderr, /Run `gantry up`/);
  const viaEnv = new Gantry(g.home);
  viaEnv.env.GANTRY_BBS_ADDRESS = `127.0.0.1:${port}`;
  const env = await viaEnv.run(['cells']);
  assert.equal(env.code, 1);
  assert.match(env.stderr, new RegExp(`cannot reach the BBS at 127\\.0\\.0\\.1:${port} \\(from GANTRY_BBS_ADDRESS\\)`));
});

test('down with nothing running says so and succeeds', async () => {
  const r = await g.run(['down']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /no local cluster is running/);
});
