import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { envStrings, instanceEnv, type InstanceEnvSpec } from '../../../src/lifecycle/launcher/instance-env.ts';
import { LineSplitter } from '../../../src/lifecycle/launcher/output-lines.ts';

const lrp = (over: Partial<InstanceEnvSpec> = {}): InstanceEnvSpec => ({
  guid: 'ig-1',
  tags: { kind: 'lrp', processGuid: 'pg-1', index: 3, instanceGuid: 'ig-1' },
  memoryMb: 256,
  diskMb: 1024,
  ports: [
    { container_port: 8080, host_port: 61001 },
    { container_port: 9090, host_port: 61002 },
  ],
  env: [],
  user: 'vcap',
  ...over,
});
const ctx = { hostAddress: '10.1.2.3', home: '/home/vcap' };

describe('instance environment', () => {
  test('an LRP instance learns its port, index, guid and address', () => {
    const env = Object.fromEntries(instanceEnv(lrp(), ctx));
    assert.equal(env.PORT, '61001');
    assert.equal(env.INSTANCE_INDEX, '3');
    assert.equal(env.INSTANCE_GUID, 'ig-1');
    assert.equal(env.CF_INSTANCE_INDEX, '3');
    assert.equal(env.CF_INSTANCE_GUID, 'ig-1');
    assert.equal(env.CF_INSTANCE_IP, '10.1.2.3');
    assert.equal(env.CF_INSTANCE_INTERNAL_IP, '10.1.2.3');
    assert.equal(env.CF_INSTANCE_PORT, '61001');
    assert.equal(env.CF_INSTANCE_ADDR, '10.1.2.3:61001');
    assert.deepEqual(JSON.parse(env.CF_INSTANCE_PORTS!), [
      { external: 61001, internal: 61001, container: 8080 },
      { external: 61002, internal: 61002, container: 9090 },
    ]);
    assert.equal(env.HOME, '/home/vcap');
    assert.equal(env.USER, 'vcap');
  });

  test('VCAP_APPLICATION in Cloud Foundry\'s shape', () => {
    const vcap = JSON.parse(Object.fromEntries(instanceEnv(lrp(), ctx)).VCAP_APPLICATION!);
    assert.deepEqual(vcap, {
      application_id: 'pg-1',
      application_name: 'pg-1',
      name: 'pg-1',
      application_uris: [],
      uris: [],
      instance_id: 'ig-1',
      instance_index: 3,
      host: '0.0.0.0',
      port: 61001,
      limits: { mem: 256, disk: 1024, fds: 16384 },
    });
  });

  test('the LRP\'s own VCAP_APPLICATION is kept and completed; instance facts win', () => {
    const given = JSON.stringify({ application_name: 'shop', space_name: 'prod', instance_index: 99, limits: { mem: 1 } });
    const vcap = JSON.parse(Object.fromEntries(instanceEnv(lrp({ env: [{ name: 'VCAP_APPLICATION', value: given }] }), ctx)).VCAP_APPLICATION!);
    assert.equal(vcap.application_name, 'shop');
    assert.equal(vcap.space_name, 'prod');
    assert.equal(vcap.instance_index, 3);
    assert.deepEqual(vcap.limits, { mem: 256, disk: 1024, fds: 16384 });
    const broken = JSON.parse(Object.fromEntries(instanceEnv(lrp({ env: [{ name: 'VCAP_APPLICATION', value: '{nope' }] }), ctx)).VCAP_APPLICATION!);
    assert.equal(broken.application_id, 'pg-1');
  });

  test('the LRP\'s variables are passed, but cannot override the instance\'s', () => {
    const env = Object.fromEntries(instanceEnv(lrp({ env: [{ name: 'DB', value: 'x=y' }, { name: 'PORT', value: '1' }, { name: 'CF_INSTANCE_IP', value: 'evil' }] }), ctx));
    assert.equal(env.DB, 'x=y');
    assert.equal(env.PORT, '61001');
    assert.equal(env.CF_INSTANCE_IP, '10.1.2.3');
    assert.ok(envStrings(instanceEnv(lrp({ env: [{ name: 'DB', value: 'x=y' }] }), ctx)).includes('DB=x=y'));
  });

  test('a task has no port or index', () => {
    const env = Object.fromEntries(instanceEnv(lrp({ guid: 't-1', tags: { kind: 'task', taskGuid: 't-1' }, ports: [] }), ctx));
    assert.equal(env.PORT, undefined);
    assert.equal(env.INSTANCE_INDEX, undefined);
    assert.equal(env.VCAP_APPLICATION, undefined);
    assert.equal(env.CF_INSTANCE_IP, '10.1.2.3');
  });
});

describe('output lines', () => {
  test('chunks split anywhere become whole lines; the last partial one at the end', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    s.push('hel');
    s.push('lo\nwor');
    s.push(Buffer.from('ld\r\n\nlast'));
    assert.deepEqual(lines, ['hello', 'world', '']);
    s.end();
    assert.deepEqual(lines, ['hello', 'world', '', 'last']);
  });

  test('a multi-byte character split across chunks survives', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const b = Buffer.from('héllo\n');
    s.push(b.subarray(0, 2));
    s.push(b.subarray(2));
    assert.deepEqual(lines, ['héllo']);
  });

  test('an endless line is cut at the limit', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l), 4);
    s.push('abcdefghij\n');
    assert.deepEqual(lines, ['abcdefghij']);
    s.push('abcdefghij');
    s.end();
    assert.deepEqual(lines.slice(1), ['abcd', 'efgh', 'ij']);
  });
});
