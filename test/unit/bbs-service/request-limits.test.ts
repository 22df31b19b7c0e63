// The BBS's request limits as pure logic: the per-client token buckets
// (rate-limit.ts) and the handler wrapping (handlers/context.ts) that turns a
// refusal into RESOURCE_EXHAUSTED, undecodable bytes into INVALID_ARGUMENT,
// and keeps error messages short.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { ClientRateLimiter } from '../../../src/bbs/rate-limit.ts';
import { MAX_ERROR_MESSAGE, admit, malformedRequest, shortened, streamError, type HandlerContext } from '../../../src/bbs/handlers/context.ts';
import { bbsServiceDefinition } from '../../../src/bbs/server.ts';
import { RpcError, invalidArgument, notFound } from '../../../src/common/errors.ts';
import { createLogger, setLogSink } from '../../../src/common/log.ts';
import { registry } from '../../../src/common/metrics.ts';

const lines: Array<Record<string, unknown>> = [];
setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
const log = createLogger('limits-test');

describe('ClientRateLimiter', () => {
  test('a client may send a burst at once, then only at the rate', () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 10, burst: 5 });
    const allowed = Array.from({ length: 8 }, () => limiter.admit('a', 1000).allowed);
    assert.deepEqual(allowed, [true, true, true, true, true, false, false, false]);
    assert.equal(limiter.admit('a', 1050).allowed, false, 'half a token after 50 ms');
    assert.equal(limiter.admit('a', 1100).allowed, true, 'one token after 100 ms');
    assert.equal(limiter.admit('a', 1100).allowed, false);
    // A long pause refills up to the burst, no more.
    const later = Array.from({ length: 7 }, () => limiter.admit('a', 60_000).allowed);
    assert.deepEqual(later, [true, true, true, true, true, false, false]);
  });

  test('each client has its own bucket', () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 1, burst: 2 });
    assert.ok(limiter.admit('a', 0).allowed && limiter.admit('a', 0).allowed);
    assert.equal(limiter.admit('a', 0).allowed, false);
    assert.ok(limiter.admit('b', 0).allowed, 'b is not held back by a');
    assert.equal(limiter.clients, 2);
  });

  test('the first refusal and the first allowance after refusals are marked, for one log line each', () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 1, burst: 1 });
    assert.deepEqual(limiter.admit('a', 0), { allowed: true, startedRefusing: false, stoppedRefusing: false });
    assert.deepEqual(limiter.admit('a', 0), { allowed: false, startedRefusing: true, stoppedRefusing: false });
    assert.deepEqual(limiter.admit('a', 10), { allowed: false, startedRefusing: false, stoppedRefusing: false });
    assert.equal(limiter.refusedOf('a'), 2);
    assert.deepEqual(limiter.admit('a', 1000), { allowed: true, startedRefusing: false, stoppedRefusing: true });
    assert.equal(limiter.refusedOf('a'), 0);
  });

  test('idle clients are forgotten: a full bucket is dropped on the next sweep', () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 100, burst: 100, sweepEveryMs: 1000 });
    limiter.admit('a', 0);
    limiter.admit('b', 0);
    limiter.admit('b', 900);
    assert.equal(limiter.clients, 2);
    assert.equal(limiter.sweep(1500), 1, 'a refilled (1 s at 100/s), b not yet (0.6 s since its last request)');
    assert.equal(limiter.clients, 1);
    limiter.admit('c', 5000); // a request after sweepEveryMs sweeps first
    assert.equal(limiter.clients, 1, 'b was swept before c was added');
  });

  test('a rate of 0 turns the limit off; a bad setting is refused', () => {
    const off = new ClientRateLimiter({ ratePerSecond: 0, burst: 0 });
    assert.equal(off.enabled, false);
    for (let i = 0; i < 10_000; i++) assert.ok(off.admit('a', 0).allowed);
    assert.equal(off.clients, 0);
    assert.throws(() => new ClientRateLimiter({ ratePerSecond: -1, burst: 5 }), /ratePerSecond/);
    assert.throws(() => new ClientRateLimiter({ ratePerSecond: 10, burst: 0 }), /burst/);
  });
});

describe('handler wrapping', () => {
  const ctx = (limiter?: ClientRateLimiter): HandlerContext => ({
    log, leader: () => { throw new Error('not used'); }, presence: undefined as never, hub: undefined as never,
    ...(limiter ? { limits: { limiter } } : {}),
  });
  const call = (peer: string) => ({ getPeer: () => peer });
  const codeOf = (fn: () => void): RpcError => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof RpcError);
      return err;
    }
    return assert.fail('expected a refusal');
  };

  test('a client over its rate gets RESOURCE_EXHAUSTED naming the limit and the setting; counted and logged once', async () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 1, burst: 2 });
    const c = ctx(limiter);
    admit(c, 'Ping', {}, call('ipv4:10.0.0.1:5000'));
    admit(c, 'Ping', {}, call('ipv4:10.0.0.1:5000'));
    lines.length = 0;
    const err = codeOf(() => admit(c, 'DesireLRP', {}, call('ipv4:10.0.0.1:5000')));
    assert.equal(err.code, status.RESOURCE_EXHAUSTED);
    assert.match(err.message, /more than 1 requests\/s \(burst 2\) from ipv4:10\.0\.0\.1:5000/);
    assert.match(err.message, /clientRateLimit/);
    codeOf(() => admit(c, 'DesireLRP', {}, call('ipv4:10.0.0.1:5000')));
    const warns = lines.filter((l) => l.msg === 'client over the request rate limit: refusing its requests');
    assert.equal(warns.length, 1, 'one line per episode, not per request');
    assert.equal(warns[0]!.peer, 'ipv4:10.0.0.1:5000');
    assert.equal(warns[0]!.clientRateLimit, 1);
    admit(c, 'Ping', {}, call('ipv4:10.0.0.2:5000')); // another client is fine
    const metrics = await registry.getSingleMetricAsString('gantry_bbs_requests_rate_limited_total');
    assert.match(metrics, /gantry_bbs_requests_rate_limited_total\{method="DesireLRP"\} 2/);
  });

  test('bytes that are not a message of the method are INVALID_ARGUMENT, never INTERNAL', () => {
    const definition = bbsServiceDefinition();
    const method = definition.DesireLRP!;
    const decoded = method.requestDeserialize(Buffer.from([0x0f, 1, 2, 3])); // wire type 7
    const err = codeOf(() => admit(ctx(), 'DesireLRP', decoded, call('p')));
    assert.equal(err.code, status.INVALID_ARGUMENT);
    assert.match(err.message, /^request: not a valid DesireLRP request message \(.+\)$/);
    // A valid message passes through untouched.
    const good = method.requestDeserialize(Buffer.from(method.requestSerialize({ desired_lrp: null })));
    admit(ctx(), 'DesireLRP', good, call('p'));
    assert.equal(streamError(codeOf(() => admit(ctx(), 'SubscribeEvents', malformedRequest('SubscribeEvents', new Error('bad')), call('p')))).code, status.INVALID_ARGUMENT);
  });

  test('error messages are cut to MAX_ERROR_MESSAGE characters, keeping their code', () => {
    const long = notFound(`desired LRP ${'g'.repeat(100_000)}`);
    const cut = shortened(long) as RpcError;
    assert.equal(cut.code, status.NOT_FOUND);
    assert.ok(cut.message.length <= MAX_ERROR_MESSAGE, `${cut.message.length} characters`);
    assert.match(cut.message, /message cut: 100022 characters\)$/);
    const short = invalidArgument('x', 'y');
    assert.equal(shortened(short), short);
    const plain = new Error('not an RpcError');
    assert.equal(shortened(plain), plain);
  });
});
