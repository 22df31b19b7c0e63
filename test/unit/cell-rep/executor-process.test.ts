import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hostPathOf, instanceDirs } from '../../../src/cell-rep/executor/process/paths.ts';
import { isSameProcessAlive, overMemoryLimit, parseProcStat } from '../../../src/cell-rep/executor/process/proc.ts';

// A real /proc/<pid>/stat line, with a command name holding a space and a parenthesis.
const stat = '4242 (my (app) x) S 1 4242 4242 0 -1 4194560 500 0 0 0 10 5 0 0 20 0 3 0 987654 123456789 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';

describe('process executor: /proc', () => {
  test('stat fields are counted from the last parenthesis', () => {
    assert.deepEqual(parseProcStat(stat), { pid: 4242, state: 'S', ppid: 1, pgrp: 4242, startTime: 987654, rssPages: 2560 });
    assert.equal(parseProcStat('garbage'), null);
  });

  test('a pid is ours only with the same start time on the same boot, and not a zombie', () => {
    const st = parseProcStat(stat)!;
    const recorded = { pid: 4242, startTime: 987654, bootId: 'boot-a' };
    assert.equal(isSameProcessAlive(recorded, { stat: st, bootId: 'boot-a' }), true);
    assert.equal(isSameProcessAlive(recorded, { stat: { ...st, startTime: 1 }, bootId: 'boot-a' }), false, 'pid reused');
    assert.equal(isSameProcessAlive(recorded, { stat: st, bootId: 'boot-b' }), false, 'rebooted');
    assert.equal(isSameProcessAlive(recorded, { stat: { ...st, state: 'Z' }, bootId: 'boot-a' }), false, 'zombie');
    assert.equal(isSameProcessAlive(recorded, { stat: null, bootId: 'boot-a' }), false, 'gone');
  });

  test('memory limit', () => {
    assert.equal(overMemoryLimit(32 * 1024 * 1024, 32), false);
    assert.equal(overMemoryLimit(32 * 1024 * 1024 + 1, 32), true);
    assert.equal(overMemoryLimit(1e12, 0), false, '0 is no limit');
  });
});

describe('process executor: paths', () => {
  const dirs = instanceDirs('/data/process', 'ig/1');

  test('an instance has its own directory', () => {
    assert.equal(dirs.dir, '/data/process/ig_1');
    assert.equal(dirs.home, '/data/process/ig_1/home');
  });

  test('container paths map into the instance directory and never out of it', () => {
    assert.equal(hostPathOf(dirs, '/home/vcap/app/x'), '/data/process/ig_1/home/app/x');
    assert.equal(hostPathOf(dirs, '/home/vcap'), '/data/process/ig_1/home');
    assert.equal(hostPathOf(dirs, '/tmp/out'), '/data/process/ig_1/root/tmp/out');
    assert.equal(hostPathOf(dirs, 'rel/file'), '/data/process/ig_1/home/rel/file');
    assert.equal(hostPathOf(dirs, '/home/vcap/../../../etc/passwd'), '/data/process/ig_1/home/etc/passwd');
    assert.equal(hostPathOf(dirs, '/../etc/passwd'), '/data/process/ig_1/root/etc/passwd');
    assert.equal(hostPathOf(dirs, '/home/vcapx'), '/data/process/ig_1/root/home/vcapx');
  });
});
