// Push to running: `gantry push` of the Node example (examples/node-app) on a
// real local cluster (`gantry up`, docker executor), timed as an operator sees
// it, from the command's start to its exit once the instances run. Split into
// staging (the builder in the stack image, droplet stored) and desire→running
// (auction, droplet fetch, container start, HTTP health check). The first
// push stages with a cold build cache; the next ones restage the same app
// with the cache its last staging left, and replace it.
//
//   node --import tsx bench/push-node.ts [--pushes 3] [--instances 1] [--cells 2]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { Gantry, httpGet, repoRoot } from '../test/e2e/harness.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
}
const pushes = Number(arg('pushes', '3'));
const instances = Number(arg('instances', '1'));
const cells = Number(arg('cells', '2'));
const app = path.join(repoRoot, 'examples', 'node-app');

interface PushResult {
  elapsed_ms: number;
  staging: { duration_ms: number; buildpack: string; droplet_bytes: number };
  instances: Array<{ index: number; address: string }>;
}

interface Row {
  push: string;
  totalMs: number;
  stagingMs: number;
  runningMs: number;
  httpOk: boolean;
}

const g = Gantry.temp('gantry-bench-push-');
let up = false;
const rows: Row[] = [];
try {
  process.stderr.write(`gantry up --cells ${cells} --executor docker\n`);
  const r = await g.run(['up', '--cells', String(cells), '--executor', 'docker', '--detach', '--random-ports'], { timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`gantry up failed:\n${r.stderr}`);
  up = true;
  for (let i = 1; i <= pushes; i++) {
    process.stderr.write(`push ${i}/${pushes}\n`);
    const t0 = performance.now();
    const out = await g.run(['push', 'hello', '-p', app, '-i', String(instances), '-m', '128M', '--health-check', 'http:/health', '--json'], { timeoutMs: 600_000 });
    const totalMs = performance.now() - t0;
    if (out.code !== 0) throw new Error(`gantry push failed (exit ${out.code}):\n${out.stderr}`);
    const res = JSON.parse(out.stdout) as PushResult;
    let httpOk = res.instances.length === instances;
    for (const inst of res.instances) httpOk &&= (await httpGet(`http://${inst.address}/`)).status === 200;
    rows.push({
      push: i === 1 ? '1 (cold cache)' : `${i} (warm cache)`,
      totalMs,
      stagingMs: res.staging.duration_ms,
      runningMs: res.elapsed_ms,
      httpOk,
    });
  }
} finally {
  if (up) await g.down();
  g.cleanup();
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const line = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(16) : c.padStart(16))).join('  ');
console.log(`\npush to running: examples/node-app, ${instances} instance(s), ${cells} cells, docker executor`);
console.log(line(['push', 'push → running', 'staging', 'desire → running', 'HTTP 200']));
for (const r of rows) console.log(line([r.push, s(r.totalMs), s(r.stagingMs), s(r.runningMs), r.httpOk ? 'yes' : 'NO']));
console.log('(push → running includes the CLI\'s own start, the app upload and, after the first push, replacing the running app)');
console.log(`(load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs)`);
process.exit(rows.every((r) => r.httpOk) ? 0 : 1);
