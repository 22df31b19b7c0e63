// Health probes against real local servers: startup (waitUntilHealthy) and
// liveness (monitor), over TCP and HTTP.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, test } from 'node:test';
import { setLogSink } from '../../../src/common/log.ts';
import type { CheckDefinition } from '../../../src/common/models.ts';
import { freePort } from '../../../src/common/net.ts';
import { monitor, waitUntilHealthy } from '../../../src/cell-rep/health/check.ts';

setLogSink(() => {});

const tcpCheck: CheckDefinition = { type: 'TCP', port: 0, path: '', timeout_ms: 200, interval_ms: 0 };
const httpCheck: CheckDefinition = { type: 'HTTP', port: 0, path: '/health', timeout_ms: 200, interval_ms: 0 };
const portsOf = (hostPort: number) => [{ container_port: 8080, host_port: hostPort }];

async function httpServer(port: number, status: () => number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/health' ? status() : 404).end('x');
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}
const closeServer = (s: net.Server | http.Server) => new Promise<void>((r) => { (s as http.Server).closeAllConnections?.(); s.close(() => r()); });

describe('startup health', () => {
  test('NONE is healthy at once', async () => {
    await waitUntilHealthy({ ...tcpCheck, type: 'NONE' }, [], 10);
    await waitUntilHealthy(null, [], 10);
  });

  test('healthy as soon as the app listens, even if it starts late', async () => {
    const port = await freePort();
    let server: http.Server | undefined;
    const late = setTimeout(async () => (server = await httpServer(port, () => 200)), 300);
    try {
      const t0 = Date.now();
      await waitUntilHealthy(httpCheck, portsOf(port), 5000);
      const ms = Date.now() - t0;
      assert.ok(ms >= 250 && ms < 1000, `healthy after ${ms} ms`);
    } finally {
      clearTimeout(late);
      if (server) await closeServer(server);
    }
  });

  test('nothing listening fails at the start timeout with the last probe\'s outcome', async () => {
    const port = await freePort();
    const t0 = Date.now();
    await assert.rejects(waitUntilHealthy(tcpCheck, portsOf(port), 400), { message: `failed health check: tcp connect to port ${port}: connection refused, within 400ms` });
    const ms = Date.now() - t0;
    assert.ok(ms >= 390 && ms < 900, `gave up after ${ms} ms`);
  });

  test('an HTTP answer other than 200 is unhealthy', async () => {
    const port = await freePort();
    const server = await httpServer(port, () => 503);
    try {
      await assert.rejects(waitUntilHealthy(httpCheck, portsOf(port), 300), { message: `failed health check: http GET /health on port ${port} returned 503, within 300ms` });
    } finally {
      await closeServer(server);
    }
  });

  test('a server that accepts but never answers times the probe out', async () => {
    const port = await freePort();
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      await assert.rejects(waitUntilHealthy(httpCheck, portsOf(port), 500), /^Error: failed health check: http GET \/health on port \d+ timed out after \d+ms, within 500ms$/);
    } finally {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    }
  });

  test('a misconfigured check fails at once; the caller can give up at any time', async () => {
    await assert.rejects(waitUntilHealthy({ ...tcpCheck, port: 9999 }, portsOf(1), 5000), { message: "failed health check: port 9999 is not one of the instance's ports (8080)" });
    const port = await freePort();
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('instance stopped')), 100);
    const t0 = Date.now();
    await assert.rejects(waitUntilHealthy(tcpCheck, portsOf(port), 10_000, ctl.signal), { message: 'instance stopped' });
    assert.ok(Date.now() - t0 < 1000);
  });
});

describe('liveness', () => {
  test('a check that starts failing is a crash, reported once', async () => {
    const port = await freePort();
    let status = 200;
    const server = await httpServer(port, () => status);
    const reasons: string[] = [];
    const m = monitor(httpCheck, portsOf(port), 50, (r) => reasons.push(r));
    try {
      await new Promise((r) => setTimeout(r, 250));
      assert.deepEqual(reasons, [], 'healthy: nothing reported');
      status = 500;
      for (let i = 0; i < 40 && reasons.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      assert.deepEqual(reasons, [`liveness check failed: http GET /health on port ${port} returned 500`]);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(reasons.length, 1, 'the monitor stops after a crash');
    } finally {
      m.stop();
      await closeServer(server);
    }
  });

  test('a port that closes is a crash; a stopped monitor says nothing', async () => {
    const port = await freePort();
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const reasons: string[] = [];
    const quiet: string[] = [];
    const m = monitor(tcpCheck, portsOf(port), 50, (r) => reasons.push(r));
    const stopped = monitor(tcpCheck, portsOf(port), 50, (r) => quiet.push(r));
    stopped.stop();
    await new Promise((r) => setTimeout(r, 150));
    await closeServer(server);
    for (let i = 0; i < 40 && reasons.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    m.stop();
    assert.deepEqual(reasons, [`liveness check failed: tcp connect to port ${port}: connection refused`]);
    assert.deepEqual(quiet, []);
  });
});
