// grpcTarget: one address stays as it is; a list becomes a target whose
// channel connects to whichever address listens, and moves to another one
// when that one goes away (a leader failing over).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { grpcTarget, parseAddress } from '../../../src/common/grpc-target.ts';
import { callUnary, channelOptions, startServer, unary, type ServerHandle } from '../../../src/common/grpc.ts';
import { createLogger } from '../../../src/common/log.ts';
import { freePort } from '../../../src/common/net.ts';
import { bbsProto } from '../../../src/common/proto.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';

test('grpcTarget: one address unchanged; IP lists to ipv4:/ipv6:; names to the list resolver', () => {
  assert.equal(grpcTarget('127.0.0.1:8889'), '127.0.0.1:8889');
  assert.equal(grpcTarget(' bbs.internal:8889 '), 'bbs.internal:8889');
  assert.equal(grpcTarget('10.0.0.1:8889, 10.0.0.2:8889'), 'ipv4:10.0.0.1:8889,10.0.0.2:8889');
  assert.equal(grpcTarget(['[::1]:1', '[fe80::2]:2']), 'ipv6:[::1]:1,[fe80::2]:2');
  assert.equal(grpcTarget('localhost:1,127.0.0.1:2'), 'gantry-list:localhost:1,127.0.0.1:2');
  assert.throws(() => grpcTarget('a:1,nope'), /expected host:port/);
  assert.throws(() => grpcTarget(' , '), /no address/);
  assert.deepEqual(parseAddress('[::1]:80'), { host: '::1', port: 80 });
  assert.equal(parseAddress('h:99999'), undefined);
});

const log = createLogger('grpc-target-test');

async function pingServer(port: number, name: string): Promise<ServerHandle> {
  const handle = await startServer({
    address: `127.0.0.1:${port}`,
    services: [[bbsProto().gantry.bbs.BBS.service, { Ping: unary('gantry.bbs.BBS', 'Ping', log, () => ({ available: name === 'b' })) }]],
    healthNames: [],
  });
  handle.setServing(true);
  return handle;
}

for (const [label, host] of [['IPs (ipv4: target)', '127.0.0.1'], ['names (list resolver)', 'localhost']] as const) {
  test(`a client of a list of ${label} reaches whichever listens, and the next one after it goes`, async () => {
    const [pa, pb] = [await freePort(), await freePort()];
    const target = grpcTarget(`${host}:${pa},127.0.0.1:${pb}`);
    const client = new (bbsProto().gantry.bbs.BBS)(target, grpc.credentials.createInsecure(), channelOptions) as unknown as BBSClient;
    try {
      // Only the second listens.
      let b: ServerHandle | undefined = await pingServer(pb, 'b');
      assert.deepEqual(await callUnary(client, 'Ping', {}, { deadlineMs: 5000 }), { available: true });
      // It goes away; the first one starts listening: the client finds it by itself.
      await b.stop(100);
      b = undefined;
      const a = await pingServer(pa, 'a');
      try {
        const started = Date.now();
        for (;;) {
          try {
            assert.deepEqual(await callUnary(client, 'Ping', {}, { deadlineMs: 1000 }), { available: false });
            break;
          } catch (err) {
            // Until it reconnects a call fails UNAVAILABLE (retryable), never anything else.
            assert.equal((err as grpc.ServiceError).code, grpc.status.UNAVAILABLE, String(err));
            assert.ok(Date.now() - started < 5000, 'the client found the other address within 5 s');
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        assert.ok(Date.now() - started < 3000, `reconnected in ${Date.now() - started} ms`);
      } finally {
        await a.stop(100);
      }
    } finally {
      client.close();
    }
  });
}
