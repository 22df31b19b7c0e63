import { after, test } from 'node:test';
import { bbsClient, call, cleanupStack, desiredLRP, eventually, startLeader, startNatsServer, subscribe } from './harness.ts';
const defer = cleanupStack(after);
test('burst', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const bbs = await startLeader(nats, { subscriberBufferSize: 50000 });
  defer(() => bbs.stop());
  const client = bbsClient(bbs.address);
  defer(() => client.close());
  const fast = subscribe(client, {});
  defer(() => fast.cancel());
  await fast.ready;
  let t = Date.now();
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP(`flood-x`, 10000) });
  console.log('desire ms', Date.now() - t, 'received', fast.events.length);
  await eventually('all', () => fast.events.length >= 10001, 60000, 5);
  console.log('all received ms', Date.now() - t);
});
