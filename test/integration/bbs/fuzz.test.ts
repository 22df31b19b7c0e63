// Bad input, thousands of times (issue 6): a seeded fuzzer sends a running BBS
// (real nats-server, real gRPC) valid lifecycles mixed with malformed requests
// — wrong wire types and garbage bytes, huge strings, negative numbers,
// unknown enum values, invalid guids, oversized annotations and routes,
// transitions from the wrong state, wrong instance keys, duplicates — and
// checks every answer: OK, or a clear error (INVALID_ARGUMENT, NOT_FOUND,
// ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, OUT_OF_RANGE with a
// message), never INTERNAL, UNKNOWN or UNAVAILABLE. A sample of refused
// requests is checked to have changed nothing; at the end the invariant
// checker runs on the BBS's listings (and after a convergence pass, in its
// after-convergence mode), KV must hold exactly what the BBS lists, and the
// BBS must still be SERVING.
//
// The seed is printed; GANTRY_FUZZ_SEED=<n> replays a run (each worker's
// requests touch only its own records, so its sequence does not depend on
// how the workers interleave). GANTRY_FUZZ_OPS sets requests per worker.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import type { BbsHandle } from '../../../src/bbs/bbs.ts';
import { checkInvariants, type InvariantState } from '../../../src/bbs/state/invariants.ts';
import { bucketNames } from '../../../src/bbs/store/buckets.ts';
import type { RecordKind } from '../../../src/bbs/state/types.ts';
import { callUnary } from '../../../src/common/grpc.ts';
import type { ActualLRP, CellPresence, DesiredLRP, Domain, Task } from '../../../src/common/models.ts';
import { codec } from '../../../src/common/proto.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import {
  bbsClient, cleanupStack, desiredLRP, eventually, healthStatus, netInfo, startLeader, startNatsServer, subscribe, taskDefinition,
  type EventStream,
} from './harness.ts';

const SEED = Number(process.env.GANTRY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const WORKERS = 6;
const ROUNDS = 3;
/** Requests each worker sends per round (lookups a lifecycle step needs, and fingerprints, come on top). */
const OPS_PER_ROUND = Number(process.env.GANTRY_FUZZ_OPS ?? 180);
const MAIN_DOMAIN = 'fuzz';
const OTHER_DOMAIN = 'fuzz-b';
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------
// A seeded PRNG (mulberry32) and the choices made with it.

class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
  /** Picks by weight: [[weight, value], ...]. */
  weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    const total = choices.reduce((n, [w]) => n + w, 0);
    let r = this.next() * total;
    for (const [w, value] of choices) {
      if ((r -= w) < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }
}

// ---------------------------------------------------------------------------
// Bad values.

const ONE_MB = 'g'.repeat(MiB);
const BAD_GUIDS = ['', ' ', 'a b', 'a/b', 'a.b', '../etc/passwd', 'gü-ïd', '☃', 'tab\there', 'nul\u0000', 'star*', 'gt>', 'x'.repeat(256), ONE_MB, '$KV.x'];
const BAD_INTS = [-1, -2147483648, 2147483647, 100_001];
const BAD_IDS = ['', 'x'.repeat(300), ONE_MB];
const hugeText = (bytes: number) => 'z'.repeat(bytes);

// ---------------------------------------------------------------------------
// Sending, and judging the answers.

type Outcome = { ok: true; value: unknown } | { ok: false; code: grpc.status; details: string };

const ALLOWED = new Set([
  grpc.status.INVALID_ARGUMENT, grpc.status.NOT_FOUND, grpc.status.ALREADY_EXISTS, grpc.status.FAILED_PRECONDITION,
  grpc.status.RESOURCE_EXHAUSTED, grpc.status.OUT_OF_RANGE,
]);
/** Longest error message a client should get: the message names the field, it does not echo megabytes. */
const MAX_DETAILS = 2048;

interface Request {
  method: string;
  /** A request object for the generated client, or raw bytes for makeUnaryRequest. */
  body: unknown;
  raw?: boolean;
  /** What the variant is, for the report. */
  variant: string;
  /** Codes this request must get (`'ok'` for success); any allowed outcome when absent. */
  expect?: Array<grpc.status | 'ok'>;
  /** The record the request is about, for the unchanged-on-refusal check. */
  target?: { kind: 'lrp' | 'task'; guid: string };
}

const stats = new Map<string, number>();
const failures: string[] = [];
let sent = 0;
let unchangedChecks = 0;

function describeBody(req: Request): string {
  if (req.raw) return `${(req.body as Buffer).length} raw bytes ${(req.body as Buffer).subarray(0, 24).toString('hex')}…`;
  const json = JSON.stringify(req.body, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? `<${v.length} chars ${JSON.stringify(v.slice(0, 12))}…>` : v));
  return json.length > 300 ? json.slice(0, 300) + '…' : json;
}

/** Past this many bad answers the run stops: the report is long enough, and a broken BBS only gets slower. */
const MAX_FAILURES = 40;

function fail(req: Request, why: string): void {
  failures.push(`${req.method} [${req.variant}] ${why}\n    request: ${describeBody(req)}`);
  if (process.env.GANTRY_FUZZ_VERBOSE) process.stdout.write(`# bad answer: ${failures[failures.length - 1]}\n`);
}

async function send(client: BBSClient, req: Request): Promise<Outcome> {
  sent++;
  let outcome: Outcome;
  if (req.raw) {
    outcome = await new Promise<Outcome>((resolve) => {
      client.makeUnaryRequest<Buffer, Buffer>(
        `/gantry.bbs.BBS/${req.method}`, (b) => b, (b) => b, req.body as Buffer, new grpc.Metadata(), { deadline: Date.now() + 20_000 },
        (err, value) => resolve(err ? { ok: false, code: err.code, details: err.details } : { ok: true, value }),
      );
    });
  } else {
    outcome = await callUnary<BBSClient, never, unknown>(client, req.method as never, req.body, { deadlineMs: 20_000 }).then(
      (value) => ({ ok: true as const, value }),
      (err: grpc.ServiceError) => ({ ok: false as const, code: err.code, details: err.details ?? '' }),
    );
  }
  const label = outcome.ok ? 'OK' : grpc.status[outcome.code];
  stats.set(`${req.method} ${label}`, (stats.get(`${req.method} ${label}`) ?? 0) + 1);
  judge(req, outcome);
  return outcome;
}

function judge(req: Request, outcome: Outcome): void {
  if (!outcome.ok) {
    if (!ALLOWED.has(outcome.code)) return fail(req, `answered ${grpc.status[outcome.code]}: ${outcome.details.slice(0, 300)}`);
    if (!outcome.details.trim()) return fail(req, `answered ${grpc.status[outcome.code]} with no message`);
    if (outcome.details.length > MAX_DETAILS) return fail(req, `answered ${grpc.status[outcome.code]} with a ${outcome.details.length}-character message`);
  }
  if (!req.expect) return;
  const got = outcome.ok ? 'ok' : outcome.code;
  // A request over the rate limit is refused whatever it was.
  if (!outcome.ok && outcome.code === grpc.status.RESOURCE_EXHAUSTED && /rate/i.test(outcome.details)) return;
  if (!req.expect.includes(got)) {
    const wanted = req.expect.map((c) => (c === 'ok' ? 'OK' : grpc.status[c])).join(' or ');
    fail(req, `expected ${wanted}, got ${outcome.ok ? 'OK' : `${grpc.status[outcome.code]}: ${outcome.details.slice(0, 200)}`}`);
  }
}

// ---------------------------------------------------------------------------
// Fingerprints: is a record (a desired LRP with its instances, or a task) as it was?

async function fingerprint(client: BBSClient, target: NonNullable<Request['target']>): Promise<string> {
  const get = (method: string, body: unknown) =>
    callUnary<BBSClient, never, Record<string, unknown>>(client, method as never, body, { deadlineMs: 20_000 }).then(
      (v) => v,
      (err: grpc.ServiceError) => ({ error: grpc.status[err.code] }),
    );
  if (target.kind === 'task') return JSON.stringify(await get('GetTask', { task_guid: target.guid }));
  const desired = await get('GetDesiredLRP', { process_guid: target.guid });
  const actual = (await get('ListActualLRPs', { filter: { process_guid: target.guid } })) as { actual_lrps?: ActualLRP[] };
  const rows = (actual.actual_lrps ?? []).map((a) => JSON.stringify(a)).sort();
  return JSON.stringify({ desired, rows });
}

// ---------------------------------------------------------------------------
// Raw protobuf: encoders for valid requests (to mangle) and hand-made wrong wire types.

const requestCodec = (name: string) => codec<unknown>(`gantry.bbs.${name}`);
const RAW_METHODS: Array<[string, string, () => unknown]> = [
  ['DesireLRP', 'DesireLRPRequest', () => ({ desired_lrp: desiredLRP('raw-lrp', 1, { domain: MAIN_DOMAIN }) })],
  ['UpdateDesiredLRP', 'UpdateDesiredLRPRequest', () => ({ process_guid: 'raw-lrp', update: { instances: 2 } })],
  ['RemoveDesiredLRP', 'RemoveDesiredLRPRequest', () => ({ process_guid: 'raw-lrp' })],
  ['GetDesiredLRP', 'DesiredLRPByProcessGuidRequest', () => ({ process_guid: 'raw-lrp' })],
  ['ListDesiredLRPs', 'DesiredLRPsRequest', () => ({ domain: MAIN_DOMAIN })],
  ['ListActualLRPs', 'ActualLRPsRequest', () => ({ filter: { process_guid: 'raw-lrp', index: 0 } })],
  ['ClaimActualLRP', 'ClaimActualLRPRequest', () => ({ process_guid: 'raw-lrp', index: 0, instance_key: { instance_guid: 'i', cell_id: 'c' } })],
  ['StartActualLRP', 'StartActualLRPRequest', () => ({ key: { process_guid: 'raw-lrp', index: 0, domain: MAIN_DOMAIN }, instance_key: { instance_guid: 'i', cell_id: 'c' }, net_info: netInfo() })],
  ['CrashActualLRP', 'CrashActualLRPRequest', () => ({ key: { process_guid: 'raw-lrp', index: 0, domain: MAIN_DOMAIN }, instance_key: { instance_guid: 'i', cell_id: 'c' }, error_message: 'x' })],
  ['EvacuateRunningActualLRP', 'EvacuateRunningActualLRPRequest', () => ({ key: { process_guid: 'raw-lrp', index: 0, domain: MAIN_DOMAIN }, instance_key: { instance_guid: 'i', cell_id: 'c' }, net_info: netInfo() })],
  ['DesireTask', 'DesireTaskRequest', () => ({ task: taskDefinition('raw-task', { domain: MAIN_DOMAIN }) })],
  ['CompleteTask', 'CompleteTaskRequest', () => ({ task_guid: 'raw-task', cell_id: 'c', failed: true, failure_reason: 'r' })],
  ['CancelTask', 'TaskGuidRequest', () => ({ task_guid: 'raw-task' })],
  ['UpsertDomain', 'UpsertDomainRequest', () => ({ domain: 'raw-domain', ttl_seconds: 60 })],
  ['ListTasks', 'TasksRequest', () => ({ filter: { domain: MAIN_DOMAIN } })],
  ['SubscribeEvents', 'SubscribeRequest', () => ({})],
];

function rawRequest(rng: Rng): Request {
  const [method, type, make] = rng.pick(RAW_METHODS.filter(([m]) => m !== 'SubscribeEvents'));
  const valid = Buffer.from(requestCodec(type).encode(make()));
  const w = () => protobuf.Writer.create();
  const variants: Array<[string, () => Buffer]> = [
    ['random bytes', () => rng.bytes(rng.int(0, 64))],
    ['truncated', () => valid.subarray(0, rng.int(0, Math.max(0, valid.length - 1)))],
    ['flipped bytes', () => {
      const b = Buffer.from(valid);
      for (let i = 0; i < rng.int(1, 4) && b.length > 0; i++) b[rng.int(0, b.length - 1)] ^= 1 << rng.int(0, 7);
      return b;
    }],
    ['garbage appended', () => Buffer.concat([valid, rng.bytes(rng.int(1, 16))])],
    ['field 1 as a varint', () => Buffer.from(w().uint32((1 << 3) | 0).uint32(rng.int(0, 2 ** 31)).finish())],
    ['field 1 as fixed64', () => Buffer.from(w().uint32((1 << 3) | 1).fixed64(rng.int(0, 2 ** 31)).finish())],
    ['field 2 as fixed32', () => Buffer.from(w().uint32((2 << 3) | 5).fixed32(7).finish())],
    ['length past the end', () => Buffer.concat([Buffer.from(w().uint32((1 << 3) | 2).uint32(1000).finish()), Buffer.from('short')])],
    ['length of 2^32-1', () => Buffer.from(w().uint32((1 << 3) | 2).uint32(0xffffffff).finish())],
    ['field number 0', () => Buffer.from(w().uint32(0).uint32(1).finish())],
    ['wire type 7', () => Buffer.from([(1 << 3) | 7, 1, 2, 3])],
    ['an unmatched group start', () => Buffer.from(w().uint32((1 << 3) | 3).uint32((2 << 3) | 0).uint32(1).finish())],
    ['an 11-byte varint', () => Buffer.from([(3 << 3) | 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
    ['an unknown field 99', () => Buffer.concat([valid, Buffer.from(w().uint32((99 << 3) | 0).uint32(5).finish())])],
    ['invalid UTF-8 in a string', () => Buffer.concat([Buffer.from(w().uint32((1 << 3) | 2).uint32(4).finish()), Buffer.from([0xc3, 0x28, 0xff, 0xfe])])],
    ['a string in the index field', () => Buffer.from(w().uint32((2 << 3) | 2).string('zero').finish())],
    ['the valid request', () => valid],
  ];
  const [variant, make2] = rng.pick(variants);
  return { method, body: make2(), raw: true, variant: `raw: ${variant}` };
}

// ---------------------------------------------------------------------------
// One worker: its own records (guids prefixed with its id), valid and
// malformed requests about them.

type Corruption<T> = [string, (value: T, rng: Rng) => void];

const desiredCorruptions: Corruption<DesiredLRP>[] = [
  ['process_guid', (d, rng) => { d.process_guid = rng.pick(BAD_GUIDS); }],
  ['empty domain', (d) => { d.domain = ''; }],
  ['huge domain', (d, rng) => { d.domain = rng.pick(['d'.repeat(300), ONE_MB]); }],
  ['instances', (d, rng) => { d.instances = rng.pick([-1, -2147483648, 100_001, 2147483647]); }],
  ['memory_mb', (d) => { d.memory_mb = -5; }],
  ['disk_mb', (d) => { d.disk_mb = -1; }],
  ['max_pids', (d) => { d.max_pids = -1; }],
  ['rootfs', (d, rng) => { d.rootfs = rng.pick(['', 'bad rootfs', '-lead', 'r'.repeat(MiB)]); }],
  ['annotation over 10 KiB', (d, rng) => { d.annotation = hugeText(rng.pick([10 * 1024 + 1, MiB])); }],
  ['routes over 128 KiB', (d) => { d.routes = Array.from({ length: 2200 }, (_, i) => ({ hostnames: [`h${i}-${'a'.repeat(52)}.example.com`], port: 8080 })); }],
  ['route hostname', (d, rng) => { d.routes = [{ hostnames: [rng.pick(['', 'bad host', '-x.com', 'a'.repeat(300), 'ü.com'])], port: 8080 }]; }],
  ['route without hostnames', (d) => { d.routes = [{ hostnames: [], port: 8080 }]; }],
  ['route port', (d, rng) => { d.routes = [{ hostnames: ['a.example.com'], port: rng.pick([0, 9999, 70000]) }]; }],
  ['ports', (d, rng) => { d.ports = rng.pick([Array.from({ length: 33 }, (_, i) => 8000 + i), [0], [70000], [8080, 8080]]); }],
  ['env name', (d, rng) => { d.env = [{ name: rng.pick(['', 'A=B', 'N\u0000UL']), value: 'v' }]; }],
  ['env over 1 MiB', (d) => { d.env = Array.from({ length: 1200 }, (_, i) => ({ name: `V${i}`, value: 'v'.repeat(1000) })); }],
  ['start_command over 1 MiB', (d) => { d.start_command = hugeText(2 * MiB); }],
  ['no start_command and no droplet', (d) => { d.start_command = ''; d.droplet = null; }],
  ['droplet', (d, rng) => { d.droplet = rng.pick([{ digest: 'sha256:xyz', url: '' }, { digest: '', url: 'ftp://x/y' }, { digest: '', url: '' }, { digest: '', url: 'not a url' }]); }],
  ['unknown check type', (d, rng) => { d.check = { type: rng.pick([3, 7, 255]) as unknown as 'TCP', port: 8080, path: '', timeout_ms: 1000, interval_ms: 1000 }; }],
  ['check timeouts', (d, rng) => { d.check = { type: 'TCP', port: 8080, path: '', timeout_ms: rng.pick([4_000_000_000, 600_001]), interval_ms: 1000 }; }],
  // (With no ports declared any port may be checked: only a declared set constrains it.)
  ['check port', (d) => { d.ports = [8080]; d.routes = []; d.check = { type: 'TCP', port: 9999, path: '', timeout_ms: 1000, interval_ms: 1000 }; }],
  ['HTTP check path', (d) => { d.check = { type: 'HTTP', port: 8080, path: 'health', timeout_ms: 1000, interval_ms: 1000 }; }],
  ['start_timeout_ms', (d) => { d.start_timeout_ms = 4_000_000_000; }],
  ['placement tag', (d, rng) => { d.placement_tags = [rng.pick(['', '   '])]; }],
  ['log_guid', (d, rng) => { d.log_guid = rng.pick(BAD_GUIDS.filter((g) => g !== '')); }],
  ['user', (d, rng) => { d.user = rng.pick(['Root!', 'u'.repeat(MiB), '0day']); }],
  ['request over maxRequestBytes', (d) => { d.annotation = hugeText(5 * MiB); }],
];

const taskCorruptions: Corruption<Task>[] = [
  ['task_guid', (t, rng) => { t.task_guid = rng.pick(BAD_GUIDS); }],
  ['empty domain', (t) => { t.domain = ''; }],
  ['huge domain', (t, rng) => { t.domain = rng.pick(['d'.repeat(300), ONE_MB]); }],
  ['rootfs', (t, rng) => { t.rootfs = rng.pick(['', 'bad rootfs']); }],
  ['command', (t) => { t.command = ''; }],
  ['command over 1 MiB', (t) => { t.command = hugeText(2 * MiB); }],
  ['memory_mb', (t, rng) => { t.memory_mb = rng.pick([-1, -2147483648]); }],
  ['annotation over 10 KiB', (t) => { t.annotation = hugeText(10 * 1024 + 1); }],
  ['download', (t, rng) => { t.downloads = [rng.pick([{ digest: '', url: '', to: '/x', extract: false }, { digest: 'sha256:1', url: '', to: '/x', extract: false }, { digest: '', url: 'http://x/y', to: 'relative', extract: false }, { digest: '', url: 'http://x/y', to: '/a/../b', extract: true }])]; }],
  ['65 downloads', (t) => { t.downloads = Array.from({ length: 65 }, () => ({ digest: '', url: 'http://x/y', to: '/x', extract: false })); }],
  ['uploads', (t, rng) => { t.uploads = rng.pick([[{ from: 'relative' }], Array.from({ length: 17 }, () => ({ from: '/x' }))]); }],
  ['result_file', (t) => { t.result_file = 'out.txt'; }],
  ['env name', (t) => { t.env = [{ name: 'A=B', value: '' }]; }],
  ['placement tag', (t) => { t.placement_tags = ['']; }],
  ['log_guid', (t) => { t.log_guid = 'a b'; }],
  ['user', (t) => { t.user = 'Root!'; }],
];

class Worker {
  readonly rng: Rng;
  private readonly lrps: string[] = [];
  private readonly tasks: string[] = [];
  /** The cell each task was last started on (so completions come from the right cell most of the time). */
  private readonly taskCells = new Map<string, string>();
  private nextId = 0;
  private readonly cells: string[];

  constructor(readonly id: number, private readonly client: BBSClient) {
    this.rng = new Rng((SEED ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0);
    this.cells = [`w${id}-cell-a`, `w${id}-cell-b`];
  }

  private newGuid(kind: string): string {
    return `w${this.id}-${kind}-${this.nextId++}`;
  }

  private domainOf(guid: string): string {
    // A guid keeps one domain for good, so listings taken one after another agree.
    return Number(guid.split('-').pop()) % 4 === 0 ? OTHER_DOMAIN : MAIN_DOMAIN;
  }

  private instanceKey(): { instance_guid: string; cell_id: string } {
    return { instance_guid: `w${this.id}-i-${this.rng.int(0, 9)}`, cell_id: this.rng.pick(this.cells) };
  }

  private someLrp(): string | undefined {
    return this.lrps.length ? this.rng.pick(this.lrps) : undefined;
  }

  private someTask(): string | undefined {
    return this.tasks.length ? this.rng.pick(this.tasks) : undefined;
  }

  private validDesired(guid: string): DesiredLRP {
    const rng = this.rng;
    const ports = rng.pick([[8080], [8080, 9090], []]);
    const d = desiredLRP(guid, rng.int(0, 4), {
      domain: this.domainOf(guid),
      ports,
      routes: ports.length ? [{ hostnames: [`${guid}.fuzz.example.com`], port: rng.pick(ports) }] : [],
      check: ports.length ? rng.pick([
        { type: 'TCP' as const, port: 0, path: '', timeout_ms: 1000, interval_ms: 5000 },
        { type: 'HTTP' as const, port: ports[0]!, path: '/health', timeout_ms: 1000, interval_ms: 5000 },
        null,
      ]) : { type: 'NONE' as const, port: 0, path: '', timeout_ms: 0, interval_ms: 0 },
      annotation: rng.chance(0.3) ? 'a'.repeat(rng.int(0, 10 * 1024)) : '',
      droplet: rng.chance(0.3) ? { digest: `sha256:${'ab'.repeat(32)}`, url: '' } : null,
      placement_tags: rng.chance(0.2) ? ['ssd'] : [],
    });
    return d;
  }

  private validTask(guid: string): Task {
    return taskDefinition(guid, {
      domain: this.domainOf(guid),
      result_file: this.rng.chance(0.3) ? '/tmp/result' : '',
      annotation: this.rng.chance(0.3) ? 'note' : '',
    });
  }

  /** The actual rows of one of this worker's LRPs. */
  private async rows(guid: string): Promise<ActualLRP[]> {
    const out = await send(this.client, { method: 'ListActualLRPs', body: { filter: { process_guid: guid } }, variant: 'lookup before a lifecycle step', expect: ['ok'] });
    if (!out.ok) return [];
    const rows = (out.value as { actual_lrps: ActualLRP[] }).actual_lrps;
    for (const r of rows) {
      if (r.key?.process_guid !== guid) fail({ method: 'ListActualLRPs', body: { filter: { process_guid: guid } }, variant: 'filter' }, `listed a row of ${r.key?.process_guid}`);
    }
    return rows;
  }

  /** One request (a lifecycle step may look up the LRP's rows first). */
  async step(): Promise<void> {
    const kind = this.rng.weighted<() => Promise<Request>>([
      [10, async () => this.desireLRP()],
      [5, async () => this.updateLRP()],
      [3, async () => this.removeLRP()],
      [26, () => this.lifecycle()],
      [8, async () => this.desireTask()],
      [14, () => this.taskStep()],
      [6, async () => this.lookup()],
      [3, async () => this.upsertDomain()],
      [10, async () => rawRequest(this.rng)],
    ]);
    const req = await kind();
    const check = req.target && this.rng.chance(0.35) ? req.target : undefined;
    const before = check ? await fingerprint(this.client, check) : undefined;
    const outcome = await send(this.client, req);
    if (outcome.ok) this.learn(req);
    if (check && !outcome.ok) {
      unchangedChecks++;
      const afterwards = await fingerprint(this.client, check);
      if (afterwards !== before) fail(req, `was refused (${grpc.status[outcome.code]}: ${outcome.details.slice(0, 120)}) but ${check.kind} ${check.guid} changed:\n    before ${before!.slice(0, 400)}\n    after  ${afterwards.slice(0, 400)}`);
    }
  }

  /** Remember the records a successful request created. */
  private learn(req: Request): void {
    if (req.raw) return;
    const body = req.body as Record<string, { process_guid?: string; task_guid?: string }>;
    if (req.method === 'DesireLRP' && body.desired_lrp?.process_guid?.startsWith(`w${this.id}-`)) {
      if (!this.lrps.includes(body.desired_lrp.process_guid)) this.lrps.push(body.desired_lrp.process_guid);
    }
    if (req.method === 'DesireTask' && body.task?.task_guid?.startsWith(`w${this.id}-`)) {
      if (!this.tasks.includes(body.task.task_guid)) this.tasks.push(body.task.task_guid);
    }
    if (req.method === 'StartTask') {
      const start = req.body as { task_guid: string; cell_id: string };
      this.taskCells.set(start.task_guid, start.cell_id);
    }
  }

  private desireLRP(): Request {
    const rng = this.rng;
    const existing = this.someLrp();
    if (existing && rng.chance(0.15)) {
      return { method: 'DesireLRP', body: { desired_lrp: this.validDesired(existing) }, variant: 'duplicate', expect: [grpc.status.ALREADY_EXISTS, 'ok'], target: { kind: 'lrp', guid: existing } };
    }
    const guid = this.newGuid('lrp');
    if (rng.chance(0.45)) return { method: 'DesireLRP', body: { desired_lrp: this.validDesired(guid) }, variant: 'valid', expect: ['ok'] };
    if (rng.chance(0.05)) return { method: 'DesireLRP', body: {}, variant: 'no desired_lrp', expect: [grpc.status.INVALID_ARGUMENT] };
    const d = this.validDesired(guid);
    const [name, corrupt] = rng.pick(desiredCorruptions);
    corrupt(d, rng);
    // Over the request size limit the transport refuses it first.
    return { method: 'DesireLRP', body: { desired_lrp: d }, variant: `bad ${name}`, expect: [grpc.status.INVALID_ARGUMENT, grpc.status.RESOURCE_EXHAUSTED] };
  }

  private updateLRP(): Request {
    const rng = this.rng;
    const guid = this.someLrp() ?? this.newGuid('lrp');
    const target = { kind: 'lrp' as const, guid };
    const variants: Array<() => Request> = [
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: guid, update: { instances: rng.int(0, 5) } }, variant: 'scale', expect: ['ok', grpc.status.NOT_FOUND], target }),
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: guid, update: { annotation: `v${rng.int(0, 99)}` } }, variant: 'annotation', expect: ['ok', grpc.status.NOT_FOUND], target }),
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: guid, update: { routes: { routes: [] } } }, variant: 'no routes', expect: ['ok', grpc.status.NOT_FOUND], target }),
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: guid, update: { instances: rng.pick(BAD_INTS.filter((n) => n < 0 || n > 100_000)) } }, variant: 'bad instances', expect: [grpc.status.INVALID_ARGUMENT], target }),
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: guid, update: { annotation: hugeText(10 * 1024 + 1) } }, variant: 'annotation over 10 KiB', expect: [grpc.status.INVALID_ARGUMENT], target }),
      () => ({
        method: 'UpdateDesiredLRP', body: { process_guid: guid, update: { routes: { routes: Array.from({ length: 2200 }, (_, i) => ({ hostnames: [`h${i}-${'a'.repeat(52)}.example.com`], port: 8080 })) } } },
        variant: 'routes over 128 KiB', expect: [grpc.status.INVALID_ARGUMENT], target,
      }),
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: guid, update: { routes: { routes: [{ hostnames: ['x.example.com'], port: 1234 }] } } }, variant: 'route to a port not exposed', expect: [grpc.status.INVALID_ARGUMENT, grpc.status.NOT_FOUND], target }),
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: guid }, variant: 'no update', expect: [grpc.status.INVALID_ARGUMENT], target }),
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: rng.pick(BAD_GUIDS), update: { instances: 1 } }, variant: 'bad guid', expect: [grpc.status.INVALID_ARGUMENT] }),
      () => ({ method: 'UpdateDesiredLRP', body: { process_guid: this.newGuid('nope'), update: { instances: 1 } }, variant: 'unknown guid', expect: [grpc.status.NOT_FOUND] }),
    ];
    return rng.pick(variants)();
  }

  private removeLRP(): Request {
    const rng = this.rng;
    const guid = this.someLrp();
    if (guid && rng.chance(0.6)) {
      return { method: 'RemoveDesiredLRP', body: { process_guid: guid }, variant: 'existing', expect: ['ok', grpc.status.NOT_FOUND], target: { kind: 'lrp', guid } };
    }
    return rng.chance(0.5)
      ? { method: 'RemoveDesiredLRP', body: { process_guid: rng.pick(BAD_GUIDS) }, variant: 'bad guid', expect: [grpc.status.INVALID_ARGUMENT] }
      : { method: 'RemoveDesiredLRP', body: { process_guid: this.newGuid('nope') }, variant: 'unknown guid', expect: [grpc.status.NOT_FOUND] };
  }

  /** A lifecycle step on an instance of one of this worker's LRPs: right or wrong state, right or wrong instance. */
  private async lifecycle(): Promise<Request> {
    const rng = this.rng;
    const guid = this.someLrp() ?? this.newGuid('lrp');
    const rows = await this.rows(guid);
    const row = rows.length && rng.chance(0.85) ? rng.pick(rows) : undefined;
    const index = row?.key?.index ?? rng.pick([0, 1, 2, 5]);
    const domain = this.domainOf(guid);
    const target = { kind: 'lrp' as const, guid };
    const rowKey = row?.instance_key?.cell_id ? { instance_guid: row.instance_key.instance_guid, cell_id: row.instance_key.cell_id } : undefined;
    const ik = () => (rowKey && rng.chance(0.7) ? rowKey : this.instanceKey());
    let key: unknown = { process_guid: guid, index, domain };
    let variant = row ? `${row.presence} ${row.state}` : 'no row';

    // A third of the steps carry a malformed key (m 0-3) or instance key (m 4-6).
    const m = rng.chance(0.33) ? rng.int(0, 6) : -1;
    let instanceKey: unknown = ik();
    if (m === 0) key = null, variant += ', no key';
    else if (m === 1) key = { process_guid: rng.pick(BAD_GUIDS), index, domain }, variant += ', bad process_guid';
    else if (m === 2) key = { process_guid: guid, index: rng.pick([-1, -2147483648]), domain }, variant += ', negative index';
    else if (m === 3) key = { process_guid: guid, index, domain: rng.pick(['', 'd'.repeat(300), ONE_MB]) }, variant += ', bad domain';
    else if (m === 4) instanceKey = null, variant += ', no instance key';
    else if (m === 5) instanceKey = { instance_guid: rng.pick(BAD_IDS), cell_id: 'c' }, variant += ', bad instance_guid';
    else if (m === 6) instanceKey = { instance_guid: 'i', cell_id: rng.pick(BAD_IDS) }, variant += ', bad cell_id';
    // Which malformations a method sees depends on the fields it has.
    const bad = (applies: number[]) => (applies.includes(m) ? [grpc.status.INVALID_ARGUMENT] : undefined);
    const ALL = [0, 1, 2, 3, 4, 5, 6];
    const KEY_ONLY = [0, 1, 2, 3];
    const keyGuid = (key as { process_guid?: string } | null)?.process_guid ?? guid;
    const keyIndex = (key as { index?: number } | null)?.index ?? index;
    const net = rng.chance(0.85) ? netInfo(rng.int(61000, 61999)) : rng.pick([
      null, { address: '', ports: [], instance_address: '' }, { address: '10.0.0.1', ports: [{ container_port: 0, host_port: 70000 }], instance_address: '' },
      { address: 'a'.repeat(300), ports: [], instance_address: '' }, { address: '10.0.0.1', ports: Array.from({ length: 40 }, (_, i) => ({ container_port: 8000 + i, host_port: 61000 + i })), instance_address: '' },
    ]);
    const az = rng.chance(0.95) ? 'z1' : 'a'.repeat(300);
    const badNet = !net || !net.address || net.address.length > 255 || net.ports.length > 32 || net.ports.some((p) => p.container_port < 1 || p.host_port > 65535) || az.length > 255;
    const reason = rng.pick(['boom', '', hugeText(5000)]);
    const invalid = [grpc.status.INVALID_ARGUMENT];

    const op = rng.pick(['claim', 'start', 'crash', 'fail', 'remove', 'retire', 'evacuate-claimed', 'evacuate-running', 'evacuate-crashed', 'evacuate-stopped', 'remove-evacuating'] as const);
    variant = `${op}: ${variant}`;
    switch (op) {
      case 'claim':
        return { method: 'ClaimActualLRP', body: { process_guid: keyGuid, index: keyIndex, instance_key: instanceKey }, variant, expect: bad([1, 2, 4, 5, 6]), target };
      case 'start':
        return { method: 'StartActualLRP', body: { key, instance_key: instanceKey, net_info: net, availability_zone: az }, variant: variant + (badNet ? ', bad net_info' : ''), expect: badNet ? invalid : bad(ALL), target };
      case 'crash':
        return { method: 'CrashActualLRP', body: { key, instance_key: instanceKey, error_message: reason }, variant, expect: bad(ALL), target };
      case 'fail':
        return { method: 'FailActualLRP', body: { key, error_message: reason }, variant: `${variant}, reason ${reason.length}`, expect: reason === '' ? invalid : bad(KEY_ONLY), target };
      case 'remove': {
        const withInstance = rng.chance(0.5);
        return { method: 'RemoveActualLRP', body: { process_guid: keyGuid, index: keyIndex, instance_key: withInstance ? instanceKey : null }, variant, expect: bad(withInstance ? [1, 2, 5, 6] : [1, 2]), target };
      }
      case 'retire':
        return { method: 'RetireActualLRP', body: { key }, variant, expect: bad(KEY_ONLY), target };
      case 'evacuate-claimed':
        return { method: 'EvacuateClaimedActualLRP', body: { key, instance_key: instanceKey }, variant, expect: bad(ALL), target };
      case 'evacuate-running':
        return { method: 'EvacuateRunningActualLRP', body: { key, instance_key: instanceKey, net_info: net, availability_zone: az }, variant: variant + (badNet ? ', bad net_info' : ''), expect: badNet ? invalid : bad(ALL), target };
      case 'evacuate-crashed':
        return { method: 'EvacuateCrashedActualLRP', body: { key, instance_key: instanceKey, error_message: reason }, variant: `${variant}, reason ${reason.length}`, expect: reason === '' ? invalid : bad(ALL), target };
      case 'evacuate-stopped':
        return { method: 'EvacuateStoppedActualLRP', body: { key, instance_key: instanceKey }, variant, expect: bad(ALL), target };
      case 'remove-evacuating':
        return { method: 'RemoveEvacuatingActualLRP', body: { key, instance_key: instanceKey }, variant, expect: bad(ALL), target };
    }
  }

  private desireTask(): Request {
    const rng = this.rng;
    const existing = this.someTask();
    if (existing && rng.chance(0.15)) {
      // ALREADY_EXISTS, or OK if it was deleted meanwhile.
      return { method: 'DesireTask', body: { task: this.validTask(existing) }, variant: 'duplicate', expect: [grpc.status.ALREADY_EXISTS, 'ok'], target: { kind: 'task', guid: existing } };
    }
    const guid = this.newGuid('task');
    if (rng.chance(0.5)) {
      const t = this.validTask(guid);
      // What a client may not set is ignored: the task starts PENDING.
      if (rng.chance(0.2)) Object.assign(t, { state: rng.pick(['RUNNING', 'COMPLETED']), cell_id: 'sneaky', failed: true, result: 'r', rejection_count: -4 });
      return { method: 'DesireTask', body: { task: t }, variant: 'valid', expect: ['ok'] };
    }
    if (rng.chance(0.05)) return { method: 'DesireTask', body: {}, variant: 'no task', expect: [grpc.status.INVALID_ARGUMENT] };
    const t = this.validTask(guid);
    const [name, corrupt] = rng.pick(taskCorruptions);
    corrupt(t, rng);
    return { method: 'DesireTask', body: { task: t }, variant: `bad ${name}`, expect: [grpc.status.INVALID_ARGUMENT, grpc.status.RESOURCE_EXHAUSTED] };
  }

  private async taskStep(): Promise<Request> {
    const rng = this.rng;
    const guid = this.someTask() ?? this.newGuid('task');
    const target = { kind: 'task' as const, guid };
    const startedOn = this.taskCells.get(guid);
    const cell = startedOn && rng.chance(0.6) ? startedOn : rng.weighted([[8, this.cells[0]!], [3, this.cells[1]!], [1, rng.pick(BAD_IDS)]]);
    const badCell = cell === '' || cell.length > 255;
    const badGuid = rng.chance(0.1) ? rng.pick(BAD_GUIDS) : undefined;
    const taskGuid = badGuid ?? guid;
    const expectBad = badGuid !== undefined ? [grpc.status.INVALID_ARGUMENT] : undefined;
    const op = rng.pick(['start', 'complete', 'complete', 'fail', 'reject', 'cancel', 'resolving', 'delete', 'get'] as const);
    switch (op) {
      case 'start':
        return { method: 'StartTask', body: { task_guid: taskGuid, cell_id: cell }, variant: `start${badCell ? ' bad cell' : ''}`, expect: expectBad ?? (badCell ? [grpc.status.INVALID_ARGUMENT] : undefined), target };
      case 'complete': {
        const failed = rng.chance(0.4);
        const result = rng.weighted([[6, 'the result'], [2, ''], [1, hugeText(10 * 1024 + 1)], [1, hugeText(2 * MiB)]]);
        const failureReason = rng.pick(['', 'exit status 1']);
        const tooBig = result.length > 10 * 1024;
        return {
          method: 'CompleteTask', body: { task_guid: taskGuid, cell_id: cell, failed, failure_reason: failureReason, result },
          variant: `complete failed=${failed} reason=${failureReason ? 'yes' : 'no'} result=${result.length}${badCell ? ' bad cell' : ''}`,
          expect: expectBad ?? (badCell || tooBig ? [grpc.status.INVALID_ARGUMENT, grpc.status.RESOURCE_EXHAUSTED] : undefined), target,
        };
      }
      case 'fail': {
        const reason = rng.pick(['', 'gave up', hugeText(5000)]);
        return { method: 'FailTask', body: { task_guid: taskGuid, failure_reason: reason }, variant: `fail reason=${reason.length}`, expect: expectBad ?? (reason === '' ? [grpc.status.INVALID_ARGUMENT] : undefined), target };
      }
      case 'reject':
        return { method: 'RejectTask', body: { task_guid: taskGuid, rejection_reason: rng.pick(['', 'no room']) }, variant: 'reject', expect: expectBad, target };
      case 'cancel':
        return { method: 'CancelTask', body: { task_guid: taskGuid }, variant: 'cancel', expect: expectBad, target };
      case 'resolving':
        return { method: 'ResolvingTask', body: { task_guid: taskGuid }, variant: 'resolving', expect: expectBad, target };
      case 'delete':
        return { method: 'DeleteTask', body: { task_guid: taskGuid }, variant: 'delete', expect: expectBad, target };
      case 'get':
        return { method: 'GetTask', body: { task_guid: taskGuid }, variant: 'get', expect: expectBad ?? ['ok', grpc.status.NOT_FOUND] };
    }
  }

  private lookup(): Request {
    const rng = this.rng;
    const guid = this.someLrp() ?? this.newGuid('lrp');
    return rng.pick<() => Request>([
      () => ({ method: 'GetDesiredLRP', body: { process_guid: guid }, variant: 'get', expect: ['ok', grpc.status.NOT_FOUND] }),
      () => ({ method: 'GetDesiredLRP', body: { process_guid: rng.pick(BAD_GUIDS) }, variant: 'get bad guid', expect: [grpc.status.INVALID_ARGUMENT] }),
      () => ({ method: 'ListDesiredLRPs', body: { domain: rng.pick(['', MAIN_DOMAIN, 'x'.repeat(300)]), process_guids: rng.chance(0.5) ? [guid, ...BAD_GUIDS.slice(0, 10)] : [] }, variant: 'list', expect: ['ok'] }),
      () => ({ method: 'ListDesiredLRPSchedulingInfos', body: { domain: OTHER_DOMAIN, process_guids: Array.from({ length: 2000 }, (_, i) => `w${this.id}-lrp-${i}`) }, variant: 'scheduling infos of 2000 guids', expect: ['ok'] }),
      () => ({ method: 'ListActualLRPs', body: { filter: rng.pick([null, { index: -3 }, { cell_id: this.cells[0] }, { domain: MAIN_DOMAIN, index: 0 }, { process_guid: ONE_MB }]) }, variant: 'list actual', expect: ['ok', grpc.status.INVALID_ARGUMENT] }),
      () => ({ method: 'ListTasks', body: { filter: rng.pick([null, { domain: OTHER_DOMAIN }, { cell_id: this.cells[1] }]) }, variant: 'list tasks', expect: ['ok'] }),
      () => ({ method: 'ListDomains', body: {}, variant: 'domains', expect: ['ok'] }),
      () => ({ method: 'ListCells', body: {}, variant: 'cells', expect: ['ok'] }),
      () => ({ method: 'Ping', body: {}, variant: 'ping', expect: ['ok'] }),
    ])();
  }

  private upsertDomain(): Request {
    const rng = this.rng;
    return rng.pick<() => Request>([
      () => ({ method: 'UpsertDomain', body: { domain: `w${this.id}-domain-${rng.int(0, 3)}`, ttl_seconds: rng.pick([0, 1, 60, 4294967295]) }, variant: 'valid', expect: ['ok'] }),
      () => ({ method: 'UpsertDomain', body: { domain: rng.pick(['', 'd'.repeat(300), ONE_MB]), ttl_seconds: 60 }, variant: 'bad domain', expect: [grpc.status.INVALID_ARGUMENT] }),
      () => ({ method: 'UpsertDomain', body: { domain: rng.pick(['ünïcödé', 'with space', 'a/b.c', '☃']), ttl_seconds: 60 }, variant: 'odd but valid domain', expect: ['ok'] }),
    ])();
  }
}

// ---------------------------------------------------------------------------
// Checks on the whole state.

async function listings(client: BBSClient): Promise<InvariantState & { domains: Domain[]; cells: CellPresence[] }> {
  const desired = (await callUnary<BBSClient, 'ListDesiredLRPs', { desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs', {})).desired_lrps;
  const actual = (await callUnary<BBSClient, 'ListActualLRPs', { actual_lrps: ActualLRP[] }>(client, 'ListActualLRPs', {})).actual_lrps;
  const tasks = (await callUnary<BBSClient, 'ListTasks', { tasks: Task[] }>(client, 'ListTasks', {})).tasks;
  const domains = (await callUnary<BBSClient, 'ListDomains', { domains: Domain[] }>(client, 'ListDomains', {})).domains;
  const cells = (await callUnary<BBSClient, 'ListCells', { cells: CellPresence[] }>(client, 'ListCells', {})).cells;
  return { desired, actual, tasks, domains, cells };
}

const messageOf: Record<RecordKind, string> = { desired: 'DesiredLRP', actual: 'ActualLRP', task: 'Task', domain: 'Domain' };

/** KV holds exactly the records the BBS lists (write-through), decoded. */
async function assertKvMatches(bbs: BbsHandle, state: InvariantState): Promise<void> {
  const expected: Record<'desired' | 'actual' | 'task', Map<string, unknown>> = {
    desired: new Map(state.desired.map((d) => [d.process_guid, d])),
    actual: new Map(state.actual.map((a) => [`${a.key!.process_guid}.${a.key!.index}.${a.presence}`, a])),
    task: new Map(state.tasks.map((t) => [t.task_guid, t])),
  };
  for (const kind of ['desired', 'actual', 'task'] as const) {
    const kv = await bbs.nc.jetstream().views.kv(bucketNames[kind], { bindOnly: true });
    const c = codec<unknown>(`gantry.models.${messageOf[kind]}`);
    const stored = new Map<string, unknown>();
    const keys: string[] = [];
    for await (const k of await kv.keys()) keys.push(k);
    for (const k of keys) {
      const e = await kv.get(k);
      if (e && e.operation === 'PUT') stored.set(k, c.decode(e.value));
    }
    const listed = expected[kind];
    const missing = [...listed.keys()].filter((k) => !stored.has(k));
    const extra = [...stored.keys()].filter((k) => !listed.has(k));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `KV bucket of ${kind} records and the BBS's listing disagree`);
    for (const [k, value] of listed) assert.deepEqual(stored.get(k), JSON.parse(JSON.stringify(value)), `KV ${kind} ${k} differs from the listing`);
  }
}

// ---------------------------------------------------------------------------

let bbs: BbsHandle;
let client: BBSClient;
let events: EventStream;
const defer = cleanupStack(after);

before(async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  bbs = await startLeader(nats);
  defer(() => bbs.stop());
  client = bbsClient(bbs.address);
  defer(() => client.close());
  events = subscribe(client);
  defer(() => events.cancel());
  await events.ready;
  // Both domains fresh for good: after convergence no orphan or extra instance may stay in them.
  for (const domain of [MAIN_DOMAIN, OTHER_DOMAIN]) await callUnary(client, 'UpsertDomain', { domain, ttl_seconds: 0 });
});

test(`the BBS answers thousands of random and malformed requests with a result or a clear error, and keeps its invariants (seed ${SEED})`, { timeout: 180_000 }, async (t) => {
  const started = Date.now();
  t.diagnostic(`fuzz seed ${SEED} (replay: GANTRY_FUZZ_SEED=${SEED})`);
  const workers = Array.from({ length: WORKERS }, (_, i) => new Worker(i, client));

  for (let round = 1; round <= ROUNDS; round++) {
    await Promise.all(workers.map(async (w) => {
      for (let i = 0; i < OPS_PER_ROUND && failures.length < MAX_FAILURES; i++) await w.step();
    }));
    if (failures.length >= MAX_FAILURES) break;
    // Between rounds nothing is in flight: the listings are one state.
    const state = await listings(client);
    const violations = checkInvariants(state);
    assert.deepEqual(violations, [], `invariants after round ${round} (seed ${SEED})`);
    await assertKvMatches(bbs, state);
    t.diagnostic(`round ${round}: ${sent} requests, ${state.desired.length} desired LRPs, ${state.actual.length} actual LRPs, ${state.tasks.length} tasks, ${failures.length} failures`);
  }

  if (failures.length >= MAX_FAILURES) assert.fail(`${failures.length} bad answers (seed ${SEED}), run stopped; the first ones:\n${failures.slice(0, 25).join('\n')}`);

  // A pass of convergence, then its stricter invariants.
  await eventually('cell presence complete', () => bbs.presence.warm, 10_000);
  const passes = bbs.term()!.convergence.completed;
  await bbs.term()!.convergence.trigger('fuzz');
  assert.ok(bbs.term()!.convergence.completed > passes, 'a convergence pass ran');
  const converged = await listings(client);
  const ctx = { liveCells: new Set(converged.cells.map((c) => c.cell_id)), freshDomains: new Set(converged.domains.map((d) => d.domain)) };
  assert.ok(ctx.freshDomains.has(MAIN_DOMAIN) && ctx.freshDomains.has(OTHER_DOMAIN));
  assert.deepEqual(checkInvariants(converged, ctx), [], `invariants after convergence (seed ${SEED})`);
  await assertKvMatches(bbs, converged);
  // A second pass finds a converged state and keeps it so.
  await bbs.term()!.convergence.trigger('fuzz-again');
  const again = await listings(client);
  assert.deepEqual(checkInvariants(again, ctx), [], `invariants after a second convergence pass (seed ${SEED})`);
  assert.equal(again.actual.length, converged.actual.length, 'the second pass removed or added no instance');

  // Still alive and serving, the event stream still open.
  assert.equal(await healthStatus(bbs.address, 'gantry.bbs.BBS'), 'SERVING');
  await callUnary(client, 'Ping', {});
  assert.ok(events.events.length > 0, 'the event stream saw the changes');
  const ended = await Promise.race([events.ended.then((s) => `ended ${grpc.status[s.code]}: ${s.details}`), new Promise<string>((r) => setTimeout(() => r('open'), 50))]);
  assert.equal(ended, 'open', 'the event subscriber was not cut off');

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = [...stats.entries()].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
  t.diagnostic(`${sent} requests in ${seconds} s (${unchangedChecks} refusals checked to have changed nothing); ${summary}`);
  if (failures.length > 0) {
    assert.fail(`${failures.length} bad answers (seed ${SEED}); the first ones:\n${failures.slice(0, 25).join('\n')}`);
  }
});
