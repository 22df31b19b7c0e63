import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actualKey } from '../../../src/bbs/state/keys.ts';
import { makeActual } from '../../../src/bbs/lrp/state-machine.ts';
import {
  DOMAIN, GUID, desiredLRP, instanceKey, kinds, lrpKey, netInfo, newModel, ordinary, runningInstance,
} from './helpers.ts';

test('desiring creates an UNCLAIMED instance per index and one auction of them all', () => {
  const model = newModel();
  const change = model.desireLRP(desiredLRP({ instances: 3, placement_tags: ['gpu'] }), 1_000);
  assert.deepEqual(kinds(change.events), ['desired_lrp_created', ...Array(3).fill('actual_lrp_instance_created')]);
  assert.deepEqual(change.lrpAuctions, [{
    process_guid: GUID, domain: DOMAIN, indices: [0, 1, 2], rootfs: 'bookworm', memory_mb: 128, disk_mb: 256, max_pids: 0, placement_tags: ['gpu'],
  }]);
  assert.deepEqual(change.writes.map((w) => `${w.kind}:${w.key}`), [
    `desired:${GUID}`, 'actual:app-1.0.ORDINARY', 'actual:app-1.1.ORDINARY', 'actual:app-1.2.ORDINARY',
  ]);
  assert.ok(change.writes.every((w) => w.previous === null));
  const lrps = model.listActualLRPs(null);
  assert.deepEqual(lrps.map((l) => [l.key?.index, l.state, l.presence, l.since]), [[0, 'UNCLAIMED', 'ORDINARY', 1_000], [1, 'UNCLAIMED', 'ORDINARY', 1_000], [2, 'UNCLAIMED', 'ORDINARY', 1_000]]);
  assert.deepEqual(lrps.map((l) => l.modification_tag), [{ epoch: 'epoch-2', index: 0 }, { epoch: 'epoch-3', index: 0 }, { epoch: 'epoch-4', index: 0 }]);
});

test('desiring zero instances creates no instances and asks for no auction', () => {
  const model = newModel();
  const change = model.desireLRP(desiredLRP({ instances: 0 }), 1);
  assert.deepEqual(kinds(change.events), ['desired_lrp_created']);
  assert.deepEqual(change.lrpAuctions, []);
});

test('desiring over a leftover instance keeps it and only creates the missing indices', () => {
  const model = newModel();
  model.load('actual', actualKey(GUID, 0, 'ORDINARY'), makeActual({
    key: lrpKey(0), instance_key: instanceKey('inst-a', 'cell-a'), net_info: netInfo(), state: 'RUNNING', since: 1, modification_tag: { epoch: 'old', index: 2 },
  }));
  const change = model.desireLRP(desiredLRP({ instances: 2 }), 10);
  assert.deepEqual(change.lrpAuctions.map((a) => a.indices), [[1]]);
  assert.equal(ordinary(model, 0).state, 'RUNNING');
});

test('the model keeps its own copy: changing the input afterwards changes nothing', () => {
  const model = newModel();
  const input = desiredLRP({ instances: 1 });
  model.desireLRP(input, 1);
  input.routes[0].hostnames.push('evil.example.com');
  input.ports.push(9999);
  input.env[0].value = 'changed';
  const stored = model.getDesiredLRP(GUID);
  assert.deepEqual(stored.routes, [{ hostnames: ['app-1.example.com'], port: 8080 }]);
  assert.deepEqual(stored.ports, [8080]);
  assert.equal(stored.env[0].value, 'hello');
});

test('scaling up creates and auctions the new indices; the desired change comes first', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 2 }), 1);
  const change = model.updateDesiredLRP(GUID, { instances: 4, routes: null }, 2);
  assert.deepEqual(kinds(change.events), ['desired_lrp_changed', 'actual_lrp_instance_created', 'actual_lrp_instance_created']);
  assert.deepEqual(change.lrpAuctions.map((a) => a.indices), [[2, 3]]);
  const { before, after } = change.events[0].desired_lrp_changed!;
  assert.equal(before?.instances, 2);
  assert.equal(after?.instances, 4);
  assert.deepEqual(model.getDesiredLRP(GUID).modification_tag, { epoch: 'epoch-1', index: 1 });
  assert.equal(model.counts().desiredInstances, 4);
});

test('scaling down removes extra instances that run nowhere and asks cells to stop the others, highest index first', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 5 }), 1);
  runningInstance(model, 'cell-a', 'inst-1', 10, 1);
  runningInstance(model, 'cell-b', 'inst-3', 10, 3);
  model.claimActualLRP(GUID, 4, instanceKey('inst-4', 'cell-a'), 10);
  const change = model.updateDesiredLRP(GUID, { instances: 1, routes: null }, 20);
  assert.deepEqual(kinds(change.events), ['desired_lrp_changed', 'actual_lrp_instance_removed']);
  assert.equal(change.events[1].actual_lrp_instance_removed?.actual_lrp?.key?.index, 2);
  assert.deepEqual(change.stops.map((s) => [s.key.index, s.instance_key.cell_id]), [[4, 'cell-a'], [3, 'cell-b'], [1, 'cell-a']]);
  assert.deepEqual(model.listActualLRPs(null).map((l) => l.key?.index).sort(), [0, 1, 3, 4], 'stopped ones stay until their cells remove them');
  assert.deepEqual(change.lrpAuctions, []);
});

test('routes and annotation change alone; an absent field is left alone', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 2, annotation: 'v1' }), 1);
  let change = model.updateDesiredLRP(GUID, { routes: { routes: [{ hostnames: ['new.example.com'], port: 8080 }] } }, 2);
  assert.deepEqual(kinds(change.events), ['desired_lrp_changed']);
  let stored = model.getDesiredLRP(GUID);
  assert.deepEqual(stored.routes, [{ hostnames: ['new.example.com'], port: 8080 }]);
  assert.equal(stored.annotation, 'v1');
  assert.equal(stored.instances, 2);
  change = model.updateDesiredLRP(GUID, { annotation: '', routes: { routes: [] } }, 3);
  stored = model.getDesiredLRP(GUID);
  assert.equal(stored.annotation, '');
  assert.deepEqual(stored.routes, []);
  assert.equal(stored.modification_tag?.index, 2);
  assert.deepEqual(change.lrpAuctions, []);
});

test('removing a desired LRP stops what runs, removes what does not, and leaves EVACUATING copies to their cells', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 3 }), 1);
  runningInstance(model, 'cell-a', 'inst-0', 10, 0);
  model.load('actual', actualKey(GUID, 1, 'EVACUATING'), makeActual({
    key: lrpKey(1), instance_key: instanceKey('inst-e', 'cell-e'), net_info: netInfo(), state: 'RUNNING', presence: 'EVACUATING', since: 1, modification_tag: { epoch: 'e', index: 0 },
  }));
  const change = model.removeDesiredLRP(GUID, 20);
  assert.deepEqual(kinds(change.events), ['desired_lrp_removed', 'actual_lrp_instance_removed', 'actual_lrp_instance_removed']);
  assert.deepEqual(change.stops.map((s) => s.instance_key.instance_guid), ['inst-0']);
  assert.deepEqual(model.listActualLRPs(null).map((l) => `${l.key?.index}/${l.presence}`).sort(), ['0/ORDINARY', '1/EVACUATING']);
  assert.deepEqual(model.listDesiredLRPs({ domain: '', process_guids: [] }), []);
  assert.equal(model.counts().desiredLRPs, 0);
});

test('listing desired LRPs and scheduling infos by domain and by guid', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ process_guid: 'a', domain: 'd1' }), 1);
  model.desireLRP(desiredLRP({ process_guid: 'b', domain: 'd2' }), 1);
  model.desireLRP(desiredLRP({ process_guid: 'c', domain: 'd1' }), 1);
  const guids = (list: { process_guid: string }[]) => list.map((d) => d.process_guid).sort();
  assert.deepEqual(guids(model.listDesiredLRPs({ domain: '', process_guids: [] })), ['a', 'b', 'c']);
  assert.deepEqual(guids(model.listDesiredLRPs({ domain: 'd1', process_guids: [] })), ['a', 'c']);
  assert.deepEqual(guids(model.listDesiredLRPs({ domain: '', process_guids: ['b', 'c', 'zz'] })), ['b', 'c']);
  assert.deepEqual(guids(model.listDesiredLRPs({ domain: 'd2', process_guids: ['b', 'c'] })), ['b']);
  const info = model.listSchedulingInfos({ domain: 'd2', process_guids: [] });
  assert.deepEqual(Object.keys(info[0]).sort(), [
    'annotation', 'disk_mb', 'domain', 'instances', 'max_pids', 'memory_mb', 'modification_tag', 'placement_tags', 'process_guid', 'rootfs', 'routes',
  ]);
  assert.equal(info[0].process_guid, 'b');
});

test('listing actual LRPs by domain, cell, process guid and index', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ process_guid: 'a', domain: 'd1', instances: 3 }), 1);
  model.desireLRP(desiredLRP({ process_guid: 'b', domain: 'd2', instances: 2 }), 1);
  model.claimActualLRP('a', 0, instanceKey('a0', 'cell-1'), 2);
  model.claimActualLRP('a', 2, instanceKey('a2', 'cell-2'), 2);
  model.claimActualLRP('b', 1, instanceKey('b1', 'cell-1'), 2);
  const ids = (filter: Parameters<typeof model.listActualLRPs>[0]) => model.listActualLRPs(filter).map((l) => `${l.key?.process_guid}/${l.key?.index}`).sort();
  assert.deepEqual(ids(null), ['a/0', 'a/1', 'a/2', 'b/0', 'b/1']);
  assert.deepEqual(ids({ domain: 'd1', cell_id: '', process_guid: '' }), ['a/0', 'a/1', 'a/2']);
  assert.deepEqual(ids({ domain: '', cell_id: 'cell-1', process_guid: '' }), ['a/0', 'b/1']);
  assert.deepEqual(ids({ domain: 'd2', cell_id: 'cell-1', process_guid: '' }), ['b/1']);
  assert.deepEqual(ids({ domain: '', cell_id: '', process_guid: 'a' }), ['a/0', 'a/1', 'a/2']);
  assert.deepEqual(ids({ domain: '', cell_id: '', process_guid: 'a', index: 2 }), ['a/2']);
  assert.deepEqual(ids({ domain: '', cell_id: '', process_guid: '', index: 0 }), ['a/0', 'b/0']);
  assert.deepEqual(ids({ domain: '', cell_id: 'cell-2', process_guid: 'a', index: 0 }), []);
  // The cell index follows instances that move.
  model.crashActualLRP({ process_guid: 'a', index: 0, domain: 'd1' }, instanceKey('a0', 'cell-1'), 'x', 3);
  assert.deepEqual(ids({ domain: '', cell_id: 'cell-1', process_guid: '' }), ['b/1']);
});
