// `gantry bbs` as a real child process: flags, the gRPC API, /metrics with
// the BBS's gauges and counters, and SIGTERM: exit 0 with the lock released,
// so a standby takes over at once.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startBbs } from '../../../src/bbs/bbs.ts';
import { freePort, waitForPort } from '../../../src/common/net.ts';
import { bbsClient, call, cleanupStack, desiredLRP, eventually, log, startNatsServer, subscribe, testConfig } from './harness.ts';

const gantry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/gantry');
const defer = cleanupStack(after);

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

test('gantry bbs serves the API and /metrics, and on SIGTERM releases its lock and exits 0', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [gantry, 'bbs',
    '--listen', `127.0.0.1:${port}`, '--metrics-listen', `127.0.0.1:${metricsPort}`, '--nats-url', nats.url,
    '--lock-ttl-ms', '10000', '--counts-interval-ms', '100'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  defer(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await waitForPort('127.0.0.1', port, 20_000);
  const client = bbsClient(`127.0.0.1:${port}`);
  defer(() => client.close());
  await eventually('the command leads', () => call(client, 'Ping').then(() => true, () => false), 20_000, 100);

  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('cmd-app', 2) });
  const events = subscribe(client, {});
  await events.ready;
  const metrics = await eventually('metrics show the instances', async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return text.includes('gantry_bbs_actual_lrps{state="UNCLAIMED"} 2') ? text : undefined;
  }, 10_000, 100);
  assert.match(metrics, /gantry_leader\{lock="bbs"\} 1/);
  assert.match(metrics, /gantry_bbs_desired_instances 2/);
  assert.match(metrics, /gantry_bbs_event_subscribers 1/);
  assert.match(metrics, /gantry_rpc_requests_total\{service="gantry.bbs.BBS",method="DesireLRP",code="OK"\} 1/);
  assert.match(metrics, /gantry_rpc_duration_seconds_count\{service="gantry.bbs.BBS",method="DesireLRP"\} 1/);
  assert.match(metrics, /gantry_process_resident_memory_bytes/);
  // A log line per event loop: one JSON object per line.
  assert.ok(stderr.split('\n').some((l) => l.startsWith('{') && JSON.parse(l).msg === 'leading: serving the BBS API'));

  // A standby with a 10 s lock TTL: it takes over this quickly only because the lock is released.
  const standby = await startBbs(testConfig(nats, { lockTtlMs: 10_000 }), { log });
  defer(() => standby.stop());
  assert.equal(standby.isLeader(), false);
  const termAt = Date.now();
  child.kill('SIGTERM');
  assert.equal(await exitOf(child), 0, `gantry bbs exited non-zero; stderr:\n${stderr.slice(-2000)}`);
  assert.notEqual((await events.ended).code, 0, 'open event streams end when the BBS stops');
  await standby.whenLeading(5000);
  assert.ok(Date.now() - termAt < 5000);
  assert.equal(standby.term()!.reload.records.actual, 2);
});

test('gantry bbs --help lists its flags; a bad flag or setting fails', async () => {
  // Both at once: each start of the command compiles the TypeScript it loads.
  const help = spawn(process.execPath, [gantry, 'bbs', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const bad = spawn(process.execPath, [gantry, 'bbs', '--lock-ttl-ms', '0', '--nats-url', 'nats://127.0.0.1:1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let out = '';
  let err = '';
  help.stdout!.on('data', (d) => (out += d));
  bad.stderr!.on('data', (d) => (err += d));
  const [helpCode, badCode] = await Promise.all([exitOf(help), exitOf(bad)]);
  assert.equal(helpCode, 0);
  for (const flag of ['--listen', '--nats-url', '--auctioneer-address', '--convergence-interval-ms', '--cell-lost-timeout-ms', '--lock-ttl-ms', '--subscriber-buffer-size']) {
    assert.ok(out.includes(flag), `--help mentions ${flag}`);
  }
  assert.notEqual(badCode, 0);
  assert.match(err, /lockTtlMs: must be more than 0/);
});
