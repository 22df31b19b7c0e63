// Prometheus metrics: the process-wide registry and the /metrics HTTP server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';

export const registry = client.register;
let defaultsCollected = false;

/** Node's own process metrics (RSS, event loop lag, GC), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  client.collectDefaultMetrics({ register: registry, prefix: 'gantry_' });
}

/** A metric defined once per process, however many components in it ask for it. */
function once<T>(name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function counter(name: string, help: string, labelNames: string[] = []): client.Counter<string> {
  return once(name, () => new client.Counter({ name, help, labelNames, registers: [registry] }));
}
export function gauge(name: string, help: string, labelNames: string[] = []): client.Gauge<string> {
  return once(name, () => new client.Gauge({ name, help, labelNames, registers: [registry] }));
}
export function histogram(name: string, help: string, labelNames: string[] = [], buckets?: number[]): client.Histogram<string> {
  return once(name, () => new client.Histogram({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) }));
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Serve /metrics on host:port (port 0 picks a free one). */
export async function startMetricsServer(host: string, port: number): Promise<MetricsServer> {
  const server = http.createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('not found\n');
      return;
    }
    try {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType }).end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
