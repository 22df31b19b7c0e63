import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimExecutor } from '../../../src/cell-rep/executor/sim/index.ts';
import { createExecutor } from '../../../src/cell-rep/executor/index.ts';
import type { ContainerLogLine, ContainerSpec } from '../../../src/cell-rep/executor/types.ts';

function spec(guid: string, env: Record<string, string> = {}, onLog?: (l: ContainerLogLine) => void): ContainerSpec {
  return {
    guid, tags: { kind: 'lrp', processGuid: 'pg', index: 0, instanceGuid: guid, domain: 'd' }, stack: 'bookworm',
    memoryMb: 64, diskMb: 64, maxPids: 0, ports: [{ container_port: 8080, host_port: 61000 }],
    env: Object.entries(env).map(([name, value]) => ({ name, value })), command: '', droplet: null, downloads: [], resultFile: '',
    user: 'vcap', logGuid: 'pg', startTimeoutMs: 1000, check: null, ...(onLog ? { onLog } : {}),
  };
}

describe('SimExecutor', () => {
  it('runs instances that only hold resources, lists and destroys them', async () => {
    const sim = new SimExecutor();
    const lines: ContainerLogLine[] = [];
    await sim.start(spec('a', {}, (l) => lines.push(l)));
    assert.equal(lines.length, 1, 'one log line at start');
    const [info] = await sim.list();
    assert.equal(info?.guid, 'a');
    assert.equal(info?.status, 'running');
    assert.deepEqual(info?.ports, [{ container_port: 8080, host_port: 61000 }]);
    const exit = sim.waitForExit('a');
    await sim.destroy('a');
    await sim.destroy('a');
    assert.equal((await exit).exitCode, 143);
    assert.deepEqual(await sim.list(), []);
  });

  it('crashes after N ms with the exit code asked for, or as an OOM kill', async () => {
    const sim = new SimExecutor();
    await sim.start(spec('c', { GANTRY_SIM_CRASH_AFTER_MS: '20', GANTRY_SIM_EXIT_CODE: '3' }));
    const e = await sim.waitForExit('c');
    assert.equal(e.exitCode, 3);
    assert.equal(e.reason, 'exited with code 3');
    assert.equal((await sim.list())[0]?.status, 'exited', 'an exited container stays until destroyed');
    await sim.start(spec('o', { GANTRY_SIM_CRASH_AFTER_MS: '5', GANTRY_SIM_OOM: 'true' }));
    assert.equal((await sim.waitForExit('o')).oomKilled, true);
  });

  it('starts slowly when told, and fails a start when told', async () => {
    const sim = new SimExecutor({ startDelayMs: 50 });
    const t0 = Date.now();
    await sim.start(spec('s'));
    assert.ok(Date.now() - t0 >= 45);
    await assert.rejects(sim.start(spec('f', { GANTRY_SIM_FAIL_START: 'droplet digest mismatch' })), /droplet digest mismatch/);
    assert.equal((await sim.list()).length, 1);
  });

  it('refuses an unknown stack and a second container with the same guid', async () => {
    const sim = new SimExecutor({ stacks: ['bookworm'] });
    await assert.rejects(sim.start({ ...spec('x'), stack: 'trusty' }), /unknown stack/);
    await sim.start(spec('y'));
    await assert.rejects(sim.start(spec('y')), /already exists/);
  });

  it('createExecutor picks by name and refuses unknown names', async () => {
    const e = await createExecutor('sim', { cellId: 'c', dataDir: '/tmp', nc: null as never, log: null as never });
    assert.equal(e.name, 'sim');
    await assert.rejects(createExecutor('vm', { cellId: 'c', dataDir: '/tmp', nc: null as never, log: null as never }), /unknown executor "vm"/);
  });
});
