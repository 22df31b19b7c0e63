// Every operator command refuses bad input with exit 2 and a message naming
// what is wrong, before it talks to anything (run in-process, no cluster).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { findCommand, runCommand, usage } from '../../../src/cli/main.ts';

function capture() {
  let text = '';
  return { write: (s: string) => void (text += s), get text() { return text; } };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const [name, ...rest] = argv;
  const command = findCommand(name!);
  assert.ok(command, `no command ${name}`);
  const out = capture();
  const err = capture();
  const env = { HOME: os.tmpdir(), XDG_CONFIG_HOME: '/nonexistent', XDG_STATE_HOME: '/nonexistent' };
  const code = await runCommand(command, rest, { out, err, env });
  return { code, out: out.text, err: err.text };
}

const digest = 'sha256:' + 'a'.repeat(64);

test('usage errors: exit 2, the command named, the fault said', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['create'], /^gantry create: missing NAME: usage: gantry create NAME \[flags\]/],
    [['create', 'web'], /give --droplet REF/],
    [['create', 'web', '--droplet', 'sha256:123'], /64 lowercase hex/],
    [['create', 'web', '--droplet', '/no/such/droplet.tgz'], /--droplet \/no\/such\/droplet\.tgz: no such file/],
    [['create', 'my app', '--droplet', digest], /NAME "my app": use letters, digits/],
    [['create', 'web', '--droplet', digest, '--health-check', 'ping'], /--health-check "ping"/],
    [['create', 'web', '--droplet', digest, '-i', '-2'], /--instances must be a whole number ≥ 0/],
    [['create', 'web', '--droplet', digest, '-m', 'lots'], /--memory: expected a size/],
    [['create', 'web', '--droplet', digest, '--env', 'NOEQUALS'], /--env "NOEQUALS"/],
    [['create', 'web', '--droplet', digest, '--port', '0'], /--port must be a whole number ≥ 1/],
    [['scale', 'web'], /missing N/],
    [['scale', 'web', 'many'], /N must be a whole number/],
    [['restart', 'web', 'first'], /INDEX must be a whole number/],
    [['status', 'web', '--bbs', 'nowhere'], /--bbs: expected HOST:PORT/],
    [['logs', 'web', '--nats', 'http://x'], /--nats: expected a NATS URL/],
    [['desire', '/no/such.json'], /\/no\/such\.json: ENOENT/],
    [['push', 'web', '-p', '/no/such/dir'], /-p\/--path \/no\/such\/dir: not a directory/],
    [['visualize', '--rate', 'fast'], /--rate: expected a duration/],
    [['up', '--executor', 'vm'], /--executor "vm": expected one of docker, process, sim/],
    [['up', '--cells', '0'], /--cells must be a whole number ≥ 1/],
    [['up', '--host-ports', '10-20'], /--host-ports: expected FIRST-LAST within 1024-65535/],
    [['list', '--frobnicate'], /unknown flag --frobnicate for `gantry list`/],
    [['cells', 'extra'], /unexpected argument "extra"/],
  ];
  for (const [argv, re] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, `gantry ${argv.join(' ')}: exit ${r.code}: ${r.err}`);
    assert.match(r.err, re, `gantry ${argv.join(' ')}`);
    assert.equal(r.out, '', `gantry ${argv.join(' ')} printed to stdout`);
  }
});

test('--help of each command prints its flags and exits 0', async () => {
  for (const name of ['push', 'create', 'desire', 'scale', 'restart', 'remove', 'list', 'status', 'logs', 'cells', 'events', 'tasks', 'task', 'visualize', 'up', 'down']) {
    const r = await run([name, '--help']);
    assert.equal(r.code, 0, name);
    assert.match(r.out, new RegExp(`^usage: gantry ${name}`), name);
    assert.match(r.out, /global flags:\n.*--bbs HOST:PORT/s, name);
    assert.match(usage(), new RegExp(`^  ${name}\\s`, 'm'), `${name} missing from gantry --help`);
  }
});
