// The BBS's request limits against a running BBS on a real nats-server: a
// request over maxRequestBytes is refused RESOURCE_EXHAUSTED (large answers
// still go out), a record over the NATS server's max_payload is
// INVALID_ARGUMENT with nothing written, and a client over clientRateLimit is
// refused RESOURCE_EXHAUSTED, while other clients are not, and recovers once
// it slows down. (The event subscriber buffer, subscriberBufferSize, is shown
// in events.test.ts.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { BbsHandle } from '../../../src/bbs/bbs.ts';
import { registry } from '../../../src/common/metrics.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import {
  bbsClient, call, cleanupStack, desiredLRP, expectCode, healthStatus, kvAll, startLeader, startNatsServer,
} from './harness.ts';

const MiB = 1024 * 1024;
const RATE = 100;
const BURST = 40;

let bbs: BbsHandle;
let client: BBSClient;
const defer = cleanupStack(after);

/** A client on a connection of its own (grpc-js shares one between clients of the same target and options). */
function ownClient(): BBSClient {
  const c = bbsClient(bbs.address, { 'grpc.use_local_subchannel_pool': 1 });
  defer(() => c.close());
  return c;
}

before(async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  bbs = await startLeader(nats, { maxRequestBytes: 2 * MiB, clientRateLimit: RATE, clientRateBurst: BURST });
  defer(() => bbs.stop());
  client = ownClient();
});

test('a request over maxRequestBytes is refused RESOURCE_EXHAUSTED; the BBS, and the same connection, keep serving', async () => {
  const huge = desiredLRP('too-big', 1, { start_command: 'x'.repeat(3 * MiB) });
  const err = await expectCode(call(client, 'DesireLRP', { desired_lrp: huge }), status.RESOURCE_EXHAUSTED);
  assert.match(err.details, /larger than max/);
  await call(client, 'Ping');
  await expectCode(call(client, 'GetDesiredLRP', { process_guid: 'too-big' }), status.NOT_FOUND);
  assert.equal(await healthStatus(bbs.address, 'gantry.bbs.BBS'), 'SERVING');
});

test('a record over the NATS server\'s max_payload is INVALID_ARGUMENT naming it, and nothing is written; answers larger than maxRequestBytes still go out', async () => {
  const before = await kvAll(bbs.nc);
  const tooLarge = desiredLRP('env-heavy', 2, { env: Array.from({ length: 1200 }, (_, i) => ({ name: `V${i}`, value: 'v'.repeat(1000) })) });
  const err = await expectCode(call(client, 'DesireLRP', { desired_lrp: tooLarge }), status.INVALID_ARGUMENT, 'desired_lrp: too large');
  assert.match(err.details, /at most \d+ bytes \(the NATS server's max_payload\)/);
  assert.deepEqual(await kvAll(bbs.nc), before, 'nothing written');
  await expectCode(call(client, 'GetDesiredLRP', { process_guid: 'env-heavy' }), status.NOT_FOUND);
  assert.equal((await call<{ actual_lrps: unknown[] }>(client, 'ListActualLRPs', { filter: { process_guid: 'env-heavy' } })).actual_lrps.length, 0);

  // Three records of ~0.9 MiB each: the listing (2.7 MiB) is larger than any request may be.
  for (let i = 0; i < 3; i++) {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP(`heavy-${i}`, 0, { env: Array.from({ length: 900 }, (_, j) => ({ name: `V${j}`, value: 'v'.repeat(1000) })) }) });
  }
  const list = await call<{ desired_lrps: unknown[] }>(client, 'ListDesiredLRPs', { process_guids: ['heavy-0', 'heavy-1', 'heavy-2'] });
  assert.equal(list.desired_lrps.length, 3);
});

test('a client over clientRateLimit is refused RESOURCE_EXHAUSTED naming the limit; other clients are not; it recovers once it slows down', async () => {
  const metric = async () => {
    const text = await registry.getSingleMetricAsString('gantry_bbs_requests_rate_limited_total');
    return Number(/method="Ping"\} (\d+)/.exec(text)?.[1] ?? 0);
  };
  const limitedBefore = await metric();
  const greedy = ownClient();
  const polite = ownClient();
  await call(greedy, 'Ping');
  await call(polite, 'Ping');

  const outcomes = await Promise.all(Array.from({ length: 3 * BURST }, () => call(greedy, 'Ping').then(() => 'OK', (e: { code: number; details: string }) => e)));
  const refused = outcomes.filter((o) => o !== 'OK') as Array<{ code: number; details: string }>;
  assert.ok(refused.length >= BURST, `${refused.length} of ${outcomes.length} refused`);
  for (const e of refused) {
    assert.equal(e.code, status.RESOURCE_EXHAUSTED, e.details);
    assert.match(e.details, new RegExp(`more than ${RATE} requests/s \\(burst ${BURST}\\)`));
    assert.match(e.details, /clientRateLimit/);
  }
  assert.equal(await metric() - limitedBefore, refused.length, 'each refusal counted');

  // Another connection has its own budget.
  await call(polite, 'Ping');
  // A tenth of a second refills ten tokens: the greedy client is served again.
  await new Promise((r) => setTimeout(r, 1000 / RATE * 10));
  await call(greedy, 'Ping');
  await call(greedy, 'ListDomains');
});
