import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDesiredLRP, desiredFromJson, parseDropletRef, parseEnv, parseHealthCheck, parseRoutes, type AppSpec } from '../../../src/cli/desired.ts';
import { CliError, exitCodes } from '../../../src/cli/exit.ts';

const usage = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof CliError && e.exitCode === exitCodes.usage && re.test(e.message));
const digest = 'sha256:' + 'ab'.repeat(32);

const spec = (over: Partial<AppSpec> = {}): AppSpec => ({
  name: 'web',
  droplet: { digest, url: '' },
  instances: 2,
  memoryMb: 128,
  diskMb: 512,
  healthCheck: 'http:/health',
  env: ['A=1', 'B=x=y'],
  routes: ['web.local'],
  ports: [],
  stack: 'bookworm',
  startCommand: '',
  placementTags: [],
  startTimeoutMs: 30_000,
  domain: 'gantry',
  ...over,
});

test('health checks: port, http:/path, process', () => {
  assert.equal(parseHealthCheck('port', 8080).type, 'TCP');
  assert.equal(parseHealthCheck('port', 8080).port, 8080);
  assert.deepEqual([parseHealthCheck('http:/healthz').type, parseHealthCheck('http:/healthz').path], ['HTTP', '/healthz']);
  assert.equal(parseHealthCheck('http').path, '/');
  assert.equal(parseHealthCheck('process').type, 'NONE');
  assert.equal(parseHealthCheck('none').type, 'NONE');
  usage(() => parseHealthCheck('http:health'), /must start with '\/'/);
  usage(() => parseHealthCheck('ping'), /expected port, http:\/PATH or process/);
});

test('env, routes and droplet references', () => {
  assert.deepEqual(parseEnv(['A=1', 'B=x=y', 'C=']), [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }, { name: 'C', value: '' }]);
  usage(() => parseEnv(['NOVALUE']), /--env "NOVALUE": expected NAME=VALUE/);
  usage(() => parseEnv(['1A=2']), /expected NAME=VALUE/);
  assert.deepEqual(parseRoutes(['a.local', 'b.local'], 8080), [{ hostnames: ['a.local', 'b.local'], port: 8080 }]);
  assert.deepEqual(parseRoutes([], 8080), []);
  usage(() => parseRoutes(['bad host'], 8080), /--route "bad host"/);
  assert.deepEqual(parseDropletRef(digest), { kind: 'ref', ref: { digest, url: '' } });
  assert.deepEqual(parseDropletRef('https://x/d.tgz'), { kind: 'ref', ref: { url: 'https://x/d.tgz', digest: '' } });
  assert.deepEqual(parseDropletRef(`http://x/d.tgz#${digest}`), { kind: 'ref', ref: { url: 'http://x/d.tgz', digest } });
  assert.deepEqual(parseDropletRef('./d.tgz'), { kind: 'file', path: './d.tgz' });
  usage(() => parseDropletRef('sha256:abc'), /64 lowercase hex/);
  usage(() => parseDropletRef('http://x/d.tgz#md5:1'), /after '#'/);
});

test('buildDesiredLRP fills the DesiredLRP the BBS expects', () => {
  const d = buildDesiredLRP(spec());
  assert.equal(d.process_guid, 'web');
  assert.equal(d.domain, 'gantry');
  assert.equal(d.instances, 2);
  assert.equal(d.rootfs, 'bookworm');
  assert.deepEqual(d.ports, [8080]);
  assert.deepEqual(d.check, { type: 'HTTP', port: 8080, path: '/health', timeout_ms: 1000, interval_ms: 2000 });
  assert.deepEqual(d.env, [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }]);
  assert.deepEqual(d.routes, [{ hostnames: ['web.local'], port: 8080 }]);
  assert.equal(d.log_guid, 'web');
  assert.equal(d.droplet?.digest, digest);
  assert.equal(d.start_timeout_ms, 30_000);
});

test('buildDesiredLRP refuses bad input before anything is sent', () => {
  usage(() => buildDesiredLRP(spec({ name: 'my app' })), /NAME "my app"/);
  usage(() => buildDesiredLRP(spec({ droplet: null })), /give --droplet/);
  usage(() => buildDesiredLRP(spec({ instances: -1 })), /--instances/);
  usage(() => buildDesiredLRP(spec({ memoryMb: 0 })), /--memory/);
  usage(() => buildDesiredLRP(spec({ ports: [70000] })), /--port must be 1-65535/);
  assert.equal(buildDesiredLRP(spec({ droplet: null, startCommand: 'busybox httpd -f -p $PORT' })).start_command, 'busybox httpd -f -p $PORT');
});

test('desiredFromJson: defaults, unknown fields refused, types checked', () => {
  const d = desiredFromJson(JSON.stringify({ process_guid: 'api', droplet: { digest }, instances: 4 }), 'f.json');
  assert.equal(d.instances, 4);
  assert.equal(d.domain, 'gantry');
  assert.equal(d.rootfs, 'bookworm');
  assert.equal(d.memory_mb, 256);
  assert.deepEqual(d.ports, [8080]);
  assert.equal(d.check?.type, 'TCP');
  assert.equal(d.log_guid, 'api');
  usage(() => desiredFromJson('{', 'f.json'), /f.json: not valid JSON/);
  usage(() => desiredFromJson('[]', 'f.json'), /expected a JSON object/);
  usage(() => desiredFromJson('{"process_guid": "a", "instaces": 2}', 'f.json'), /unknown field "instaces"/);
  usage(() => desiredFromJson('{"instances": 2}', 'f.json'), /process_guid is required/);
  usage(() => desiredFromJson('{"process_guid": "a", "instances": "2"}', 'f.json'), /instances must be a whole number/);
  usage(() => desiredFromJson('{"process_guid": "a", "droplet": "x"}', 'f.json'), /droplet must be an object/);
});
