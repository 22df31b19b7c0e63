// The BBS at scale: 1,000 cells and 250,000 actual LRPs (2,500 desired LRPs ×
// 100 instances) held by a real `gantry bbs` child process on a real
// nats-server, while the 1,000 simulated cells heartbeat on NATS from a
// process of their own (bench/bbs-cells.ts).
//
// Loading: the 2,500 LRPs are desired through gRPC (that is the desire
// throughput figure). Then every instance is claimed and started on the cell
// it was placed on: by default the BBS is stopped and the same model and
// store code write what 500,000 ClaimActualLRP/StartActualLRP rpcs would
// leave in KV, and a new BBS loads it (fast, and the state at rest is the
// same); `--place grpc` sends the 500,000 rpcs to the BBS instead (slow on a
// 2-core machine, and a figure of its own).
//
// Prints: desire throughput (instances/s acknowledged), time to list all
// actual LRPs through gRPC, time of one convergence pass (steady, and one
// that acts on a lost cell), time to reload from JetStream after a restart,
// and the BBS's peak RSS (VmHWM of the child process), beside the targets.
//
//   node --import tsx bench/bbs-scale.ts [--lrps 2500] [--instances 100] [--cells 1000] [--concurrency 48] [--place direct|grpc]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import type { NatsConnection } from 'nats';
import { callUnary, channelOptions, startServer, waitForReady } from '../src/common/grpc.ts';
import { createLogger, setLogSink } from '../src/common/log.ts';
import { InMemoryBbsModel } from '../src/bbs/state/model.ts';
import { KvStore, type KeyWrite } from '../src/bbs/store/kv-store.ts';
import { reloadModel } from '../src/bbs/store/reload.ts';
import type { ActualLRP, DesiredLRP } from '../src/common/models.ts';
import { connectNats } from '../src/common/nats.ts';
import { startNatsServer } from '../src/common/nats-server.ts';
import { freePort, waitForPort } from '../src/common/net.ts';
import { auctioneerProto, bbsProto } from '../src/common/proto.ts';
import type { BBSClient } from '../src/generated/gantry/bbs/BBS.ts';

setLogSink(() => {});
const log = createLogger('bench');

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const LRPS = arg('lrps', 2500);
const INSTANCES = arg('instances', 100);
const CELLS = arg('cells', 1000);
const CONCURRENCY = arg('concurrency', 48);
/** How every instance gets claimed and started: "direct" (model + store, default) or "grpc" (500,000 rpcs). */
const PLACE = process.argv.includes('--place') ? process.argv[process.argv.indexOf('--place') + 1]! : 'direct';
const TOTAL = LRPS * INSTANCES;
const gantry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/gantry');

const say = (line: string) => process.stdout.write(line + '\n');
const cellId = (n: number) => `cell-${String(n).padStart(4, '0')}`; // as bench/bbs-cells.ts names them
const cellOf = (g: number, i: number) => cellId((g * INSTANCES + i) % CELLS);
const guidOf = (g: number) => `bench-app-${String(g).padStart(5, '0')}`;

function desired(g: number): DesiredLRP {
  const guid = guidOf(g);
  return {
    process_guid: guid, domain: 'bench', instances: INSTANCES, rootfs: 'gantry:bookworm', memory_mb: 256, disk_mb: 512, max_pids: 1024,
    ports: [8080], routes: [{ hostnames: [`${guid}.apps.example.com`], port: 8080 }], env: [{ name: 'PORT', value: '8080' }],
    start_command: './start', droplet: null, check: { type: 'TCP', port: 8080, path: '', timeout_ms: 1000, interval_ms: 10_000 },
    start_timeout_ms: 60_000, placement_tags: [], annotation: '', modification_tag: null, log_guid: '', user: '', created_at: 0,
  };
}

/**
 * One rpc, retried like a real client on UNAVAILABLE (a leadership change or
 * a store hiccup; the BBS changed nothing). Counted, and reported.
 */
let retries = 0;
async function rpc<Res>(client: BBSClient, method: keyof BBSClient & string, request: unknown): Promise<Res> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await callUnary<BBSClient, typeof method, Res>(client, method, request, { deadlineMs: 120_000 });
    } catch (err) {
      const code = (err as { code?: number }).code;
      // A retried desire whose first try had landed after all.
      if (attempt > 0 && code === grpc.status.ALREADY_EXISTS) return {} as Res;
      if (code !== grpc.status.UNAVAILABLE || attempt >= 300) throw err;
      retries++;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Run `task(i)` for i in [0, n) with at most `limit` at once. */
async function pool(n: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

/** A `gantry bbs` child: its log lines (JSON), and its peak RSS from /proc. */
class BbsProcess {
  readonly lines: Array<Record<string, unknown>> = [];
  private readonly child: ChildProcess;
  private readonly waiters: Array<{ match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }> = [];

  constructor(args: string[]) {
    // BENCH_BBS_NODE_ARGS adds node flags to the BBS child (e.g. --cpu-prof to profile it).
    const nodeArgs = (process.env.BENCH_BBS_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // BENCH_BBS_STDOUT names a file for the child's stdout (where --trace-gc writes).
    const stdout = process.env.BENCH_BBS_STDOUT ? fs.openSync(process.env.BENCH_BBS_STDOUT, 'a') : 'ignore';
    this.child = spawn(process.execPath, ['--max-old-space-size=4096', ...nodeArgs, gantry, 'bbs', ...args], { stdio: ['ignore', stdout, 'pipe'] });
    let buf = '';
    this.child.stderr!.on('data', (d) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith('{')) {
          if (line.trim()) process.stderr.write(`bbs: ${line}\n`);
          continue;
        }
        const parsed = JSON.parse(line) as Record<string, unknown>;
        this.lines.push(parsed);
        if (parsed.level === 'warn' || parsed.level === 'error') process.stderr.write(`bbs ${parsed.level}: ${line.slice(0, 400)}\n`);
        for (const w of [...this.waiters]) if (w.match(parsed)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(parsed);
        }
      }
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The next log line (from now on) that matches. */
  next(match: (l: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching BBS log line within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (l) => { clearTimeout(timer); resolve(l); } });
    });
  }

  /** Peak and current resident set size in MiB. */
  memory(): { peakMiB: number; rssMiB: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = (field: string) => Number(/\s(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? 0);
    return { peakMiB: kib('VmHWM:') / 1024, rssMiB: kib('VmRSS:') / 1024 };
  }

  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      this.child.once('exit', (code) => resolve(code));
      this.child.kill('SIGTERM');
    });
  }
}

async function main(): Promise<void> {
  say(`bbs-scale: ${LRPS} desired LRPs × ${INSTANCES} instances = ${TOTAL.toLocaleString('en')} actual LRPs on ${CELLS} cells (placement: ${PLACE})`);
  const nats = await startNatsServer();
  const nc: NatsConnection = await connectNats({ servers: nats.url, name: 'bench', log });

  // A minimal auctioneer that accepts every request (the bench places instances itself).
  let auctionRequests = 0;
  const auctioneer = await startServer({
    address: '127.0.0.1:0',
    services: [[auctioneerProto().gantry.auctioneer.Auctioneer.service, {
      RequestLRPAuctions: (c: grpc.ServerUnaryCall<{ starts: unknown[] }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        auctionRequests += c.request.starts.length;
        cb(null, {});
      },
      RequestTaskAuctions: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, {}),
    }]],
    healthNames: [],
  });

  // The cells heartbeat from a process of their own; one spare cell holds no instance.
  const cells = new CellsProcess(nats.url, CELLS + 1);
  await cells.ready;

  const port = await freePort();
  const bbsArgs = [
    '--listen', `127.0.0.1:${port}`, '--metrics-listen', '', '--nats-url', nats.url,
    '--auctioneer-address', `127.0.0.1:${auctioneer.port}`, '--convergence-interval-ms', '3600000',
    '--stale-unclaimed-ms', '3600000', '--cell-lost-timeout-ms', '3000',
  ];
  const allLines: Array<Record<string, unknown>> = [];
  let bbs = new BbsProcess(bbsArgs);
  await waitForPort('127.0.0.1', port, 60_000);
  // Long keepalives: a client stalled by its own decoding must not drop the connection.
  const clientOptions = { ...channelOptions, 'grpc.keepalive_time_ms': 120_000, 'grpc.keepalive_timeout_ms': 60_000 };
  const client = new (bbsProto().gantry.bbs.BBS)(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), clientOptions) as BBSClient;
  await waitForReady(client, 30_000);
  await until(() => callUnary(client, 'Ping', {}).then(() => true, () => false), 30_000);

  // Desire through gRPC: instances acknowledged per second.
  let t = performance.now();
  await pool(LRPS, CONCURRENCY, (g) => rpc(client, 'DesireLRP', { desired_lrp: desired(g) }).then(() => undefined));
  const desireSec = (performance.now() - t) / 1000;
  const desireRate = TOTAL / desireSec;
  say(`desired ${TOTAL.toLocaleString('en')} instances in ${desireSec.toFixed(1)} s (${Math.round(desireRate).toLocaleString('en')} instances/s acknowledged); auction requests seen: ${auctionRequests}`);

  // Every instance claimed and started on the cell it was placed on.
  let placeFigure: string;
  const place = (n: number) => {
    const g = Math.floor(n / INSTANCES);
    const i = n % INSTANCES;
    return {
      key: { process_guid: guidOf(g), index: i, domain: 'bench' },
      instanceKey: { instance_guid: `${guidOf(g)}-${i}`, cell_id: cellOf(g, i) },
      netInfo: { address: '10.0.0.1', ports: [{ container_port: 8080, host_port: 61000 + i }], instance_address: `10.255.${g % 256}.${i}` },
    };
  };
  if (PLACE === 'grpc') {
    t = performance.now();
    await pool(TOTAL, CONCURRENCY * 4, async (n) => {
      const p = place(n);
      await rpc(client, 'ClaimActualLRP', { process_guid: p.key.process_guid, index: p.key.index, instance_key: p.instanceKey });
      await rpc(client, 'StartActualLRP', { key: p.key, instance_key: p.instanceKey, net_info: p.netInfo, availability_zone: 'z1' });
    });
    const sec = (performance.now() - t) / 1000;
    placeFigure = `${Math.round((2 * TOTAL) / sec).toLocaleString('en')} rpc/s (claim + start through gRPC)`;
    say(`claimed and started ${TOTAL.toLocaleString('en')} instances through gRPC in ${sec.toFixed(1)} s (${Math.round((2 * TOTAL) / sec).toLocaleString('en')} rpc/s)`);
  } else {
    // The BBS stops; the same model and store code apply every claim and start
    // straight to KV (what 500,000 cell rpcs would leave there), then a new BBS loads it.
    allLines.push(...bbs.lines);
    if ((await bbs.stop()) !== 0) throw new Error('gantry bbs did not exit 0 on SIGTERM');
    t = performance.now();
    const store = new KvStore({ nc, replicas: 1, writeTimeoutMs: 60_000, log });
    await store.open();
    const model = new InMemoryBbsModel();
    await reloadModel(store, model, log);
    const inFlight: Promise<void>[] = [];
    let writes: KeyWrite[] = [];
    const now = Date.now();
    for (let n = 0; n < TOTAL; n++) {
      const p = place(n);
      writes.push(...model.claimActualLRP(p.key.process_guid, p.key.index, p.instanceKey, now).writes);
      writes.push(...model.startActualLRP(p.key, p.instanceKey, p.netInfo, 'z1', now).writes);
      if (writes.length >= 2000) {
        inFlight.push(store.persist(writes));
        writes = [];
        if (inFlight.length >= 16) await inFlight.shift();
      }
    }
    inFlight.push(store.persist(writes));
    await Promise.all(inFlight);
    store.close();
    const sec = (performance.now() - t) / 1000;
    placeFigure = `${Math.round((2 * TOTAL) / sec).toLocaleString('en')} claims+starts/s (model + store directly)`;
    say(`claimed and started ${TOTAL.toLocaleString('en')} instances straight into KV in ${sec.toFixed(1)} s`);
    bbs = new BbsProcess(bbsArgs);
    const loaded = await bbs.next((l) => l.msg === 'state reloaded from KV', 300_000);
    await until(() => callUnary(client, 'Ping', {}).then(() => true, () => false), 60_000);
    say(`new BBS reloaded ${Number(loaded.actual).toLocaleString('en')} actual LRPs in ${loaded.durationMs} ms`);
  }

  // List everything through gRPC: bytes received, and decoded by a standard proto-loader client.
  const rawClient = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), clientOptions);
  const listRaw = () => new Promise<Buffer>((resolve, reject) => rawClient.makeUnaryRequest('/gantry.bbs.BBS/ListActualLRPs',
    (x: Buffer) => x, (b: Buffer) => b, Buffer.alloc(0), new grpc.Metadata(), { deadline: Date.now() + 120_000 }, (e, r) => (e ? reject(e) : resolve(r!))));
  const listRawMs: number[] = [];
  let listBytes = 0;
  for (let k = 0; k < 5; k++) {
    t = performance.now();
    listBytes = (await listRaw()).length;
    listRawMs.push(performance.now() - t);
  }
  const listDecodedMs: number[] = [];
  let listed = 0;
  for (let k = 0; k < 2; k++) {
    t = performance.now();
    listed = (await rpc<{ actual_lrps: ActualLRP[] }>(client, 'ListActualLRPs', {})).actual_lrps.length;
    listDecodedMs.push(performance.now() - t);
  }
  rawClient.close();
  if (listed !== TOTAL) throw new Error(`listed ${listed} actual LRPs, expected ${TOTAL}`);
  say(`listed ${listed.toLocaleString('en')} actual LRPs (${(listBytes / 1048576).toFixed(1)} MiB): received in ${listRawMs.map((m) => m.toFixed(0)).join(' / ')} ms; decoded by a proto-loader client in ${listDecodedMs.map((m) => m.toFixed(0)).join(' / ')} ms`);

  // Convergence passes, triggered the way production triggers one at once: a cell leaves.
  // First the spare cell (no instances): a steady pass over everything; then a cell with instances.
  // (A BBS judges no cell until it has heard heartbeats for a whole lost timeout: wait that out.)
  await new Promise((r) => setTimeout(r, 4000));
  const passLine = (reason: string) => bbs.next((l) => l.msg === 'convergence pass' && l.reason === reason, 120_000);
  let pass = passLine('cell-lost');
  await cells.send(`goodbye ${cellId(CELLS)}`);
  const steady = await pass;
  say(`steady convergence pass (all ${TOTAL.toLocaleString('en')} running on live cells): ${steady.durationMs} ms`);
  pass = passLine('cell-lost');
  await cells.send(`goodbye ${cellId(0)}`);
  const acting = await pass;
  say(`convergence pass after ${cellId(0)} left: ${acting.durationMs} ms (suspected ${acting.suspectedInstances} instances, replacements auctioned)`);
  const memoryLoaded = bbs.memory();
  say(`BBS RSS now ${memoryLoaded.rssMiB.toFixed(0)} MiB, peak ${memoryLoaded.peakMiB.toFixed(0)} MiB`);

  // Restart: a new BBS reloads everything from JetStream.
  allLines.push(...bbs.lines);
  if ((await bbs.stop()) !== 0) throw new Error('gantry bbs did not exit 0 on SIGTERM');
  t = performance.now();
  bbs = new BbsProcess(bbsArgs);
  const reloaded = await bbs.next((l) => l.msg === 'state reloaded from KV', 300_000);
  await until(() => callUnary(client, 'Ping', {}).then(() => true, () => false), 60_000);
  const readyMs = performance.now() - t;
  say(`reloaded ${Number(reloaded.actual).toLocaleString('en')} actual + ${reloaded.desired} desired LRPs from JetStream in ${reloaded.durationMs} ms; serving ${(readyMs / 1000).toFixed(1)} s after the process started`);
  const relisted = (await rpc<{ actual_lrps: ActualLRP[] }>(client, 'ListActualLRPs', {})).actual_lrps.length;
  const memoryReloaded = bbs.memory();
  say(`after reload: ${relisted.toLocaleString('en')} actual LRPs listed; RSS ${memoryReloaded.rssMiB.toFixed(0)} MiB, peak ${memoryReloaded.peakMiB.toFixed(0)} MiB`);
  allLines.push(...bbs.lines);

  const losses = allLines.filter((l) => l.msg === 'leader lock lost').length;
  const stalls = allLines.filter((l) => l.msg === 'event loop was blocked').map((l) => Number(l.blockedMs));
  say(`rpcs retried after UNAVAILABLE: ${retries}; leader lock lost: ${losses} times; event loop stalls over 1 s: ${stalls.length}${stalls.length ? ` (longest ${Math.max(...stalls)} ms)` : ''}`);

  const peakMiB = Math.max(memoryLoaded.peakMiB, memoryReloaded.peakMiB);
  const bestRaw = Math.min(...listRawMs);
  const medianRaw = [...listRawMs].sort((a, b) => a - b)[Math.floor(listRawMs.length / 2)]!;
  const bestDecoded = Math.min(...listDecodedMs);
  const rows: Array<[string, string, string, boolean | null]> = [
    ['reload from JetStream after restart', `${(Number(reloaded.durationMs) / 1000).toFixed(1)} s`, '< 30 s', Number(reloaded.durationMs) < 30_000],
    ['list all actual LRPs via gRPC (bytes received; best / median of 5)', `${bestRaw.toFixed(0)} / ${medianRaw.toFixed(0)} ms`, '< 1 s', bestRaw < 1000],
    ['  … decoded into objects by a proto-loader client (best of 2)', `${bestDecoded.toFixed(0)} ms`, '(client side)', null],
    ['convergence pass, steady', `${steady.durationMs} ms`, '< 1 s', Number(steady.durationMs) < 1000],
    [`convergence pass acting on a lost cell (${acting.suspectedInstances} suspected)`, `${acting.durationMs} ms`, '< 1 s', Number(acting.durationMs) < 1000],
    ['desire throughput (acknowledged, gRPC)', `${Math.round(desireRate).toLocaleString('en')} instances/s`, '—', null],
    ['placement of every instance', placeFigure, '—', null],
    ['BBS peak RSS (VmHWM)', `${peakMiB.toFixed(0)} MiB`, '< 1536 MiB', peakMiB < 1536],
  ];
  say('');
  say(`| figure (${CELLS} cells, ${TOTAL.toLocaleString('en')} actual LRPs) | measured | target | met |`);
  say('|---|---|---|---|');
  for (const [name, value, target, ok] of rows) say(`| ${name} | ${value} | ${target} | ${ok === null ? '' : ok ? 'yes' : 'NO'} |`);

  client.close();
  await bbs.stop();
  await cells.stop();
  await auctioneer.stop(100);
  await nc.close();
  await nats.stop();
}

/** The simulated cells' process (bench/bbs-cells.ts). */
class CellsProcess {
  private readonly child: ChildProcess;
  private readonly replies: Array<(line: string) => void> = [];
  readonly ready: Promise<void>;

  constructor(natsUrl: string, cells: number) {
    const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'bbs-cells.ts');
    this.child = spawn(process.execPath, ['--import', 'tsx', script, natsUrl, String(cells)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: this.child.stdout! });
    lines.on('line', (line) => this.replies.shift()?.(line));
    this.ready = new Promise((resolve) => this.replies.push(() => resolve()));
  }

  /** Send a command ("goodbye cell-0000") and wait for its echo. */
  send(command: string): Promise<void> {
    return new Promise((resolve) => {
      this.replies.push(() => resolve());
      this.child.stdin!.write(command + '\n');
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.stdin!.end();
      setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
    });
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bbs-scale failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
