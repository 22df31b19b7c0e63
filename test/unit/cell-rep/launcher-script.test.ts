// The launcher script itself, run with bash on a droplet laid out in a temp dir.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { LAUNCHER_PATH } from '../../../src/lifecycle/launcher/index.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-launcher-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function droplet(files: Record<string, string>): string {
  const home = path.join(tmp, `home-${n++}`);
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, f)), { recursive: true });
    fs.writeFileSync(path.join(home, f), content);
  }
  fs.mkdirSync(home, { recursive: true });
  return home;
}

function launch(home: string, command: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', [LAUNCHER_PATH, home, command], { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('launcher', () => {
  test('sources the droplet\'s, the deps\' and the app\'s profile scripts in order, then runs in app/', () => {
    const home = droplet({
      'profile.d/a.sh': 'export ORDER=droplet',
      'deps/0/profile.d/b.sh': 'export ORDER="$ORDER,dep0"',
      'deps/1/profile.d/b.sh': 'export ORDER="$ORDER,dep1"',
      'app/.profile.d/c.sh': 'export ORDER="$ORDER,app"',
      'app/.profile': 'export ORDER="$ORDER,.profile"',
      'app/x': '',
    });
    const r = launch(home, 'echo "$ORDER|$(pwd)|$HOME|$DEPS_DIR|$TMPDIR"');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `droplet,dep0,dep1,app,.profile|${home}/app|${home}|${home}/deps|${home}/tmp\n`);
  });

  test('runs staging_info.yml\'s start command when none is given (JSON, with escapes)', () => {
    const home = droplet({ 'app/x': '', 'staging_info.yml': JSON.stringify({ detected_buildpack: 'b', start_command: 'echo "json \\"quoted\\"" && echo two' }) });
    const r = launch(home, '');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'json "quoted"\ntwo\n');
  });

  test('… or plain YAML', () => {
    const home = droplet({ 'staging_info.yml': "detected_buildpack: b\nstart_command: 'echo yaml'\n" });
    assert.equal(launch(home, '').stdout, 'yaml\n');
  });

  test('the given command wins, and its exit code is the instance\'s', () => {
    const home = droplet({ 'staging_info.yml': '{"start_command":"echo droplet"}' });
    const r = launch(home, 'echo given; exit 9');
    assert.equal(r.stdout, 'given\n');
    assert.equal(r.code, 9);
  });

  test('no start command anywhere is a clear failure', () => {
    const home = droplet({ 'app/x': '' });
    const r = launch(home, '');
    assert.equal(r.code, 70);
    assert.match(r.stderr, /launcher: no start command: none was given and .*staging_info.yml has none/);
  });

  test('copies a droplet in, and places downloads (files and unpacked archives)', () => {
    const source = droplet({ 'app/hello.txt': 'copied', 'staging_info.yml': '{"start_command":"cat hello.txt"}' });
    const home = path.join(tmp, 'empty-home');
    fs.mkdirSync(home);
    const blob = path.join(tmp, 'blob');
    fs.writeFileSync(blob, 'blob content');
    const srcDir = droplet({ 'inner/f': 'from tgz' });
    const tgz = path.join(tmp, 'a.tgz');
    execFileSync('tar', ['-czf', tgz, '-C', srcDir, '.']);
    const r = launch(home, 'cat hello.txt; echo; cat "$HOME/dl/blob.txt"; echo; cat "$HOME/unpacked/inner/f"; echo; env | grep -c GANTRY_ || true', {
      GANTRY_DROPLET_COPY_FROM: source,
      GANTRY_DOWNLOADS: `${blob}\t${home}/dl/blob.txt\t0\n${tgz}\t${home}/unpacked\t1`,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'copied\nblob content\nfrom tgz\n0\n');
  });
});
