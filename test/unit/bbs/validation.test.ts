import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { DesiredLRP, DesiredLRPUpdate, Task } from '../../../src/common/models.ts';
import { MAX_ANNOTATION_BYTES, MAX_INSTANCES, MAX_PORTS } from '../../../src/bbs/lrp/validation.ts';
import {
  GUID, assertRefusedUnchanged, desiredLRP, instanceKey, lrpKey, netInfo, newModel, ordinary, task,
} from './helpers.ts';

const DIGEST = 'sha256:' + 'a'.repeat(64);

const badDesired: Array<[string, Partial<DesiredLRP> | ((d: DesiredLRP) => unknown), string]> = [
  ['process_guid missing', { process_guid: '' }, 'desired_lrp.process_guid'],
  ['process_guid with a dot', { process_guid: 'app.1' }, 'desired_lrp.process_guid'],
  ['process_guid with a space', { process_guid: 'app 1' }, 'desired_lrp.process_guid'],
  ['domain missing', { domain: '' }, 'desired_lrp.domain'],
  ['rootfs missing', { rootfs: '' }, 'desired_lrp.rootfs'],
  ['rootfs with spaces', { rootfs: 'book worm' }, 'desired_lrp.rootfs'],
  ['negative instances', { instances: -1 }, 'desired_lrp.instances'],
  ['absurd instances', { instances: MAX_INSTANCES + 1 }, 'desired_lrp.instances'],
  ['negative memory', { memory_mb: -1 }, 'desired_lrp.memory_mb'],
  ['negative disk', { disk_mb: -5 }, 'desired_lrp.disk_mb'],
  ['negative max_pids', { max_pids: -1 }, 'desired_lrp.max_pids'],
  ['annotation over 10 KiB', { annotation: 'x'.repeat(MAX_ANNOTATION_BYTES + 1) }, 'desired_lrp.annotation'],
  ['annotation over 10 KiB in UTF-8 bytes', { annotation: 'é'.repeat(MAX_ANNOTATION_BYTES / 2 + 1) }, 'desired_lrp.annotation'],
  ['too many ports', { ports: Array.from({ length: MAX_PORTS + 1 }, (_, i) => 8000 + i), routes: [], check: null }, 'desired_lrp.ports'],
  ['port 0', { ports: [0], routes: [], check: null }, 'desired_lrp.ports[0]'],
  ['port above 65535', { ports: [70000], routes: [], check: null }, 'desired_lrp.ports[0]'],
  ['duplicate port', { ports: [8080, 8080] }, 'desired_lrp.ports[1]'],
  ['route without hostnames', { routes: [{ hostnames: [], port: 8080 }] }, 'desired_lrp.routes[0].hostnames'],
  ['route with a blank hostname', { routes: [{ hostnames: [''], port: 8080 }] }, 'desired_lrp.routes[0].hostnames[0]'],
  ['route with a bad hostname', { routes: [{ hostnames: ['bad host!'], port: 8080 }] }, 'desired_lrp.routes[0].hostnames[0]'],
  ['route to a port not exposed', { routes: [{ hostnames: ['a.example.com'], port: 9090 }] }, 'desired_lrp.routes[0].port'],
  ['routes over 128 KiB', { routes: [{ hostnames: Array.from({ length: 3000 }, (_, i) => `host-${i}-${'x'.repeat(40)}.example.com`), port: 8080 }] }, 'desired_lrp.routes'],
  ['env var without a name', { env: [{ name: '', value: 'x' }] }, 'desired_lrp.env[0].name'],
  ['env var name with =', { env: [{ name: 'A=B', value: 'x' }] }, 'desired_lrp.env[0].name'],
  ['neither start command nor droplet', { start_command: '', droplet: null }, 'desired_lrp.start_command'],
  ['empty droplet reference', { droplet: { digest: '', url: '' } }, 'desired_lrp.droplet'],
  ['droplet digest not sha256', { droplet: { digest: 'md5:abc', url: '' } }, 'desired_lrp.droplet.digest'],
  ['droplet digest too short', { droplet: { digest: 'sha256:abc', url: '' } }, 'desired_lrp.droplet.digest'],
  ['droplet url not http', { droplet: { digest: DIGEST, url: 'ftp://x/y' } }, 'desired_lrp.droplet.url'],
  ['droplet url not a url', { droplet: { digest: '', url: 'not a url' } }, 'desired_lrp.droplet.url'],
  ['HTTP check path without /', { check: { type: 'HTTP', port: 8080, path: 'health', timeout_ms: 1000, interval_ms: 0 } }, 'desired_lrp.check.path'],
  ['check on a port not exposed', { check: { type: 'TCP', port: 9999, path: '', timeout_ms: 1000, interval_ms: 0 } }, 'desired_lrp.check.port'],
  ['check of the first port when there is none', { ports: [], routes: [], check: { type: 'TCP', port: 0, path: '', timeout_ms: 0, interval_ms: 0 } }, 'desired_lrp.check.port'],
  ['check timeout absurd', { check: { type: 'TCP', port: 8080, path: '', timeout_ms: 24 * 3600_000, interval_ms: 0 } }, 'desired_lrp.check.timeout_ms'],
  ['check interval absurd', { check: { type: 'TCP', port: 8080, path: '', timeout_ms: 0, interval_ms: 24 * 3600_000 } }, 'desired_lrp.check.interval_ms'],
  ['start timeout absurd', { start_timeout_ms: 48 * 3600_000 }, 'desired_lrp.start_timeout_ms'],
  ['blank placement tag', { placement_tags: ['gpu', ' '] }, 'desired_lrp.placement_tags[1]'],
  ['log guid unsafe for a subject', { log_guid: 'logs.>' }, 'desired_lrp.log_guid'],
  ['user name with spaces', { user: 'not a user' }, 'desired_lrp.user'],
];

for (const [name, change, field] of badDesired) {
  test(`DesireLRP rejects ${name}, naming ${field}, and changes nothing`, () => {
    const model = newModel();
    model.desireLRP(desiredLRP({ process_guid: 'other' }), 1);
    const input = typeof change === 'function' ? desiredLRP() : desiredLRP(change);
    if (typeof change === 'function') change(input);
    const err = assertRefusedUnchanged(model, () => model.desireLRP(input, 2), status.INVALID_ARGUMENT);
    assert.ok(err.message.startsWith(`${field}: `), `message ${JSON.stringify(err.message)} does not start with ${field}`);
  });
}

test('valid variants of a desired LRP are accepted', () => {
  const variants: Partial<DesiredLRP>[] = [
    {},
    { start_command: '', droplet: { digest: DIGEST, url: '' } },
    { droplet: { digest: '', url: 'https://blobs.example.com/droplet.tgz' } },
    { ports: [], routes: [], check: null },
    { check: { type: 'TCP', port: 0, path: '', timeout_ms: 0, interval_ms: 0 } },
    { check: { type: 'NONE', port: 0, path: '', timeout_ms: 0, interval_ms: 0 } },
    { instances: 0 },
    { rootfs: 'gantry:bookworm' },
    { annotation: 'x'.repeat(MAX_ANNOTATION_BYTES) },
    { routes: [{ hostnames: ['*.apps.example.com', 'a.example.com'], port: 8080 }] },
    { placement_tags: ['gpu'], user: 'root', log_guid: 'app-1-logs' },
  ];
  variants.forEach((variant, i) => {
    const model = newModel();
    model.desireLRP(desiredLRP({ ...variant, process_guid: `app-${i}` }), 1);
  });
});

test('DesireLRP fills in log_guid and user defaults and sets the tag and created_at', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ created_at: 5, modification_tag: { epoch: 'caller', index: 9 } }), 1234);
  const stored = model.getDesiredLRP(GUID);
  assert.equal(stored.log_guid, GUID);
  assert.equal(stored.user, 'vcap');
  assert.equal(stored.created_at, 1234);
  assert.deepEqual(stored.modification_tag, { epoch: 'epoch-1', index: 0 });
});

test('DesireLRP of an existing guid is ALREADY_EXISTS and changes nothing', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 1);
  assertRefusedUnchanged(model, () => model.desireLRP(desiredLRP({ instances: 5 }), 2), status.ALREADY_EXISTS, GUID);
});

const badUpdates: Array<[string, DesiredLRPUpdate, string]> = [
  ['negative instances', { instances: -1, routes: null }, 'update.instances'],
  ['annotation over 10 KiB', { annotation: 'x'.repeat(MAX_ANNOTATION_BYTES + 1), routes: null }, 'update.annotation'],
  ['route without hostnames', { routes: { routes: [{ hostnames: [], port: 8080 }] } }, 'update.routes[0].hostnames'],
  ['route to a port not exposed', { routes: { routes: [{ hostnames: ['a.example.com'], port: 9999 }] } }, 'update.routes[0].port'],
];

for (const [name, update, field] of badUpdates) {
  test(`UpdateDesiredLRP rejects ${name}, naming ${field}, and changes nothing`, () => {
    const model = newModel();
    model.desireLRP(desiredLRP({ instances: 2 }), 1);
    const err = assertRefusedUnchanged(model, () => model.updateDesiredLRP(GUID, update, 2), status.INVALID_ARGUMENT);
    assert.ok(err.message.startsWith(`${field}: `), err.message);
  });
}

test('UpdateDesiredLRP of an unknown guid is NOT_FOUND; a bad guid is INVALID_ARGUMENT', () => {
  const model = newModel();
  assertRefusedUnchanged(model, () => model.updateDesiredLRP('nope', { instances: 1, routes: null }, 1), status.NOT_FOUND, 'nope');
  assertRefusedUnchanged(model, () => model.updateDesiredLRP('', { instances: 1, routes: null }, 1), status.INVALID_ARGUMENT, 'process_guid');
  assertRefusedUnchanged(model, () => model.removeDesiredLRP('', 1), status.INVALID_ARGUMENT, 'process_guid');
  assertRefusedUnchanged(model, () => model.removeDesiredLRP('nope', 1), status.NOT_FOUND, 'nope');
  assert.throws(() => model.getDesiredLRP('nope'), /not found/);
});

const badTasks: Array<[string, Partial<Task>, string]> = [
  ['task_guid missing', { task_guid: '' }, 'task.task_guid'],
  ['task_guid with a slash', { task_guid: 'a/b' }, 'task.task_guid'],
  ['domain missing', { domain: '' }, 'task.domain'],
  ['rootfs missing', { rootfs: '' }, 'task.rootfs'],
  ['command missing', { command: '' }, 'task.command'],
  ['negative memory', { memory_mb: -1 }, 'task.memory_mb'],
  ['negative disk', { disk_mb: -1 }, 'task.disk_mb'],
  ['negative max_pids', { max_pids: -1 }, 'task.max_pids'],
  ['annotation over 10 KiB', { annotation: 'y'.repeat(MAX_ANNOTATION_BYTES + 1) }, 'task.annotation'],
  ['env var without a name', { env: [{ name: '', value: '' }] }, 'task.env[0].name'],
  ['download with nothing to fetch', { downloads: [{ digest: '', url: '', to: '/tmp/x', extract: false }] }, 'task.downloads[0]'],
  ['download with a bad digest', { downloads: [{ digest: 'sha1:x', url: '', to: '/tmp/x', extract: false }] }, 'task.downloads[0].digest'],
  ['download to a relative path', { downloads: [{ digest: DIGEST, url: '', to: 'tmp/x', extract: false }] }, 'task.downloads[0].to'],
  ['download escaping with ..', { downloads: [{ digest: DIGEST, url: '', to: '/tmp/../etc', extract: false }] }, 'task.downloads[0].to'],
  ['relative result file', { result_file: 'result.json' }, 'task.result_file'],
  ['blank placement tag', { placement_tags: [''] }, 'task.placement_tags[0]'],
];

for (const [name, change, field] of badTasks) {
  test(`DesireTask rejects ${name}, naming ${field}, and changes nothing`, () => {
    const model = newModel();
    const err = assertRefusedUnchanged(model, () => model.desireTask(task(change), 1), status.INVALID_ARGUMENT);
    assert.ok(err.message.startsWith(`${field}: `), err.message);
  });
}

test('actual LRP requests name the field at fault and change nothing', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 1);
  const ik = instanceKey('inst-a', 'cell-a');
  const cases: Array<[() => unknown, string]> = [
    [() => model.claimActualLRP('', 0, ik, 2), 'process_guid'],
    [() => model.claimActualLRP(GUID, -1, ik, 2), 'index'],
    [() => model.claimActualLRP(GUID, 0, null, 2), 'instance_key'],
    [() => model.claimActualLRP(GUID, 0, instanceKey('', 'cell-a'), 2), 'instance_key.instance_guid'],
    [() => model.claimActualLRP(GUID, 0, instanceKey('inst-a', ''), 2), 'instance_key.cell_id'],
    [() => model.startActualLRP(null, ik, netInfo(), '', 2), 'key'],
    [() => model.startActualLRP({ ...lrpKey(), domain: '' }, ik, netInfo(), '', 2), 'key.domain'],
    [() => model.startActualLRP({ ...lrpKey(), process_guid: '' }, ik, netInfo(), '', 2), 'key.process_guid'],
    [() => model.startActualLRP(lrpKey(-2), ik, netInfo(), '', 2), 'key.index'],
    [() => model.startActualLRP(lrpKey(), ik, null, '', 2), 'net_info'],
    [() => model.startActualLRP(lrpKey(), ik, { address: '', ports: [], instance_address: '' }, '', 2), 'net_info.address'],
    [() => model.startActualLRP(lrpKey(), ik, { address: 'h', ports: [{ container_port: 0, host_port: 1 }], instance_address: '' }, '', 2), 'net_info.ports[0].container_port'],
    [() => model.crashActualLRP(lrpKey(), null, 'x', 2), 'instance_key'],
    [() => model.failActualLRP(lrpKey(), '', 2), 'error_message'],
    [() => model.retireActualLRP(null, 2), 'key'],
    [() => model.removeActualLRP('', 0, null, 2), 'process_guid'],
    [() => model.evacuateRunningActualLRP(lrpKey(), ik, null, '', 2), 'net_info'],
    [() => model.evacuateCrashedActualLRP(lrpKey(), ik, '', 2), 'error_message'],
    [() => model.removeEvacuatingActualLRP(lrpKey(), null, 2), 'instance_key'],
    [() => model.upsertDomain('', 10, 2), 'domain'],
    [() => model.upsertDomain('d', -1, 2), 'ttl_seconds'],
    [() => model.startTask('', 'cell-a', 2), 'task_guid'],
  ];
  for (const [call, field] of cases) {
    const err = assertRefusedUnchanged(model, call, status.INVALID_ARGUMENT);
    assert.ok(err.message.startsWith(`${field}: `), `expected ${field}, got ${err.message}`);
  }
  assert.equal(ordinary(model).state, 'UNCLAIMED');
});
