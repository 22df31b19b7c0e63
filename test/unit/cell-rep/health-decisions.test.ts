import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describePlan,
  HEALTH_DEFAULTS,
  healthReasons,
  httpVerdict,
  livenessIntervalOf,
  LivenessTracker,
  nextStartProbeDelay,
  planProbe,
  probeErrorDetail,
  startTimeoutOf,
} from '../../../src/cell-rep/health/decisions.ts';
import type { CheckDefinition } from '../../../src/common/models.ts';

const ports = [
  { container_port: 8080, host_port: 61001 },
  { container_port: 9090, host_port: 61002 },
];
const check = (over: Partial<CheckDefinition>): CheckDefinition => ({ type: 'TCP', port: 0, path: '', timeout_ms: 0, interval_ms: 0, ...over });

describe('what a check probes', () => {
  test('no check, or NONE: the process being alive is enough', () => {
    assert.deepEqual(planProbe(null, ports), { type: 'none' });
    assert.deepEqual(planProbe(check({ type: 'NONE' }), []), { type: 'none' });
  });

  test('port 0 means the first port; a container port maps to its host port', () => {
    assert.deepEqual(planProbe(check({}), ports), { type: 'tcp', containerPort: 8080, hostPort: 61001, timeoutMs: HEALTH_DEFAULTS.probeTimeoutMs });
    assert.deepEqual(planProbe(check({ port: 9090, timeout_ms: 250 }), ports), { type: 'tcp', containerPort: 9090, hostPort: 61002, timeoutMs: 250 });
  });

  test('http gets a path (default "/", a leading slash added)', () => {
    assert.deepEqual(planProbe(check({ type: 'HTTP', path: 'health' }), ports), { type: 'http', containerPort: 8080, hostPort: 61001, path: '/health', timeoutMs: 1000 });
    assert.equal((planProbe(check({ type: 'HTTP' }), ports) as { path: string }).path, '/');
  });

  test('a check that cannot be made says why', () => {
    assert.equal((planProbe(check({ port: 7000 }), ports) as Error).message, "port 7000 is not one of the instance's ports (8080, 9090)");
    assert.equal((planProbe(check({ type: 'HTTP' }), []) as Error).message, 'a http check needs a port and the instance has none');
  });
});

describe('how probes are worded', () => {
  const tcp = planProbe(check({}), ports);
  const http = planProbe(check({ type: 'HTTP', path: '/health', timeout_ms: 300 }), ports);

  test('plans, errors, timeouts and answers', () => {
    assert.equal(describePlan(tcp as never), 'tcp connect to port 61001');
    assert.equal(probeErrorDetail(tcp as never, { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }), 'tcp connect to port 61001: connection refused');
    assert.equal(probeErrorDetail(http as never, 'timeout'), 'http GET /health on port 61001 timed out after 300ms');
    assert.deepEqual(httpVerdict(http as never, 200), { ok: true, detail: 'http GET /health on port 61001 returned 200' });
    assert.deepEqual(httpVerdict(http as never, 500), { ok: false, detail: 'http GET /health on port 61001 returned 500' });
    assert.equal(httpVerdict(http as never, 204).ok, false, 'only 200 is healthy');
  });

  test('crash reasons', () => {
    assert.equal(healthReasons.startFailed('tcp connect to port 61001: connection refused', 5000), 'failed health check: tcp connect to port 61001: connection refused, within 5000ms');
    assert.equal(healthReasons.livenessFailed('http GET /health on port 61001 returned 500'), 'liveness check failed: http GET /health on port 61001 returned 500');
  });

  test('defaults for zero values', () => {
    assert.equal(startTimeoutOf(0), HEALTH_DEFAULTS.startTimeoutMs);
    assert.equal(startTimeoutOf(1500), 1500);
    assert.equal(livenessIntervalOf(null), HEALTH_DEFAULTS.livenessIntervalMs);
    assert.equal(livenessIntervalOf(check({ interval_ms: 2000 })), 2000);
  });
});

describe('when to probe and when to give up', () => {
  test('startup probes come every interval, with a last one at the deadline', () => {
    assert.equal(nextStartProbeDelay(0, 1000, 75), 75);
    assert.equal(nextStartProbeDelay(950, 1000, 75), 50);
    assert.equal(nextStartProbeDelay(1000, 1000, 75), null);
    assert.equal(nextStartProbeDelay(1200, 1000, 75), null);
  });

  test('liveness: a failure is a crash by default; a success resets the count', () => {
    const strict = new LivenessTracker();
    assert.equal(strict.record({ ok: true, detail: '' }), 'healthy');
    assert.equal(strict.record({ ok: false, detail: '' }), 'crashed');

    const lenient = new LivenessTracker(3);
    assert.equal(lenient.record({ ok: false, detail: '' }), 'failing');
    assert.equal(lenient.record({ ok: false, detail: '' }), 'failing');
    assert.equal(lenient.record({ ok: true, detail: '' }), 'healthy');
    assert.equal(lenient.record({ ok: false, detail: '' }), 'failing');
    assert.equal(lenient.record({ ok: false, detail: '' }), 'failing');
    assert.equal(lenient.record({ ok: false, detail: '' }), 'crashed');
    assert.equal(lenient.consecutiveFailures, 3);
  });
});
