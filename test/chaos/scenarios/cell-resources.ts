// Faults of a cell's own resources (issue 6): each scenario starts its own
// ChaosCluster of real processes (nats-server, BBS, auctioneer, one docker
// cell), breaks one thing the cell depends on, and measures how the cell
// failed and came back. The tests (test/chaos/cell-resources.test.ts) assert
// the reasons and invariants; bench/reliability.ts prints the results as rows
// of the reliability table. No scenario asserts timing.
//
// - droplet-disk-full: the cell's data dir is a small tmpfs (16 MB, mounted
//   here; root is needed) that something else has mostly filled (a 10 MB
//   file), and the app's droplet unpacks to 8 MB. The instance crashes with
//   "droplet cache: no space left on device (DIR)…", nothing half-written
//   stays, the cell reports no disk (State) and refuses work; then the file is
//   deleted, as an operator frees space, and the instance runs. recoverMs:
//   from the deletion to RUNNING.
// - droplet-digest-mismatch: the object store holds, under the app's digest,
//   other bytes (a tampered droplet that would serve other content). The
//   instance crashes naming the expected and the actual digest, no container
//   is created, nothing stays in the cache; once the right bytes are stored
//   under the name (putDroplet replaces what does not match), the app runs and
//   serves the right content. recoverMs: from the fix to RUNNING.
// - docker-engine-hang: the cell talks to Docker through a proxy
//   (test/chaos/docker-proxy.ts) that stops forwarding. An instance started
//   meanwhile crashes with "docker engine did not answer within N ms (…)", the
//   cell goes NOT_SERVING, its State fails UNAVAILABLE (the auction leaves it
//   out) and it refuses Perform; an instance already running keeps running and
//   answering. Once the proxy forwards again the cell is SERVING and the
//   crashed instance runs. recoverMs: from the resume to RUNNING.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import Docker from 'dockerode';
import { connect, type NatsConnection } from 'nats';
import { dropletStore, putDroplet } from '../../../src/cell-rep/droplets/object-store.ts';
import { LABEL } from '../../../src/cell-rep/executor/docker/labels.ts';
import { connectBbs, type Bbs } from '../../../src/cli/bbs-client.ts';
import type { HealthStatus } from '../../../src/cli/cluster/health.ts';
import { targetAt } from '../../../src/cli/target.ts';
import type { ActualLRP, DesiredLRP } from '../../../src/common/models.ts';
import { buildHttpdDroplet } from '../../e2e/harness.ts';
import { desiredLRP } from '../../integration/cell-rep/rep-bbs-peer.ts';
import { lrpWork, RepTestClient } from '../../integration/cell-rep/rep-harness.ts';
import { DockerProxy } from '../docker-proxy.ts';
import { ChaosCluster, until, type ChaosClusterOptions } from '../harness.ts';
import type { FaultResult, FaultScenario } from '../result.ts';

/** What a cell-resource scenario saw, beyond the table's row: the tests assert on these. */
export interface CellResourceResult extends FaultResult {
  /** The crash reason of the instance the fault hit. */
  crashReason: string;
  /** The instance's placement error while the cell took no work ('' if none was seen). */
  placementError: string;
  /** The cell's State while the fault lasted: its available disk, or the error it answered with. */
  stateDuringFault: { availableDiskMb?: number; error?: { code: number; message: string } };
  /** The cell's gRPC health while the fault lasted, and after. */
  healthDuringFault: HealthStatus;
  healthAfter: HealthStatus;
  /** Perform of a small LRP while the fault lasted: refused (true) or accepted. */
  performRefused: boolean;
  /** What the fault left where it should not: files in the cache's tmp dir, the bad droplet's cache entries, containers. */
  leftovers: string[];
  /** The instance runs at the end and answers HTTP with this body ('' if it does not). */
  servedAfter: string;
  /** docker-engine-hang: an instance running before the hang, still the same and answering during and after it. */
  bystander?: { answeredDuringHang: boolean; sameInstanceAfter: boolean };
}

const MiB = 1024 * 1024;

/** How long a scenario waits for one step before it gives up (a failure, never a timing assertion). */
const stepTimeoutMs = 60_000;

const tcpCheck = { type: 'TCP' as const, port: 8080, path: '', timeout_ms: 1000, interval_ms: 1000 };

function app(processGuid: string, digest: string, over: Partial<DesiredLRP> = {}): DesiredLRP {
  return desiredLRP(processGuid, {
    droplet: { digest, url: '' }, memory_mb: 32, disk_mb: 64, max_pids: 128, ports: [8080], check: tcpCheck, start_timeout_ms: 30_000, ...over,
  });
}

/** A cluster of one docker cell, with a BBS client, a NATS connection and a rep client to that cell. */
export interface ResourceEnv {
  cluster: ChaosCluster;
  bbs: Bbs;
  nc: NatsConnection;
  rep: RepTestClient;
  /** The cell's data dir. */
  dataDir: string;
  /** Scratch space for droplets; removed at the end. */
  scratch: string;
}

export interface ResourceEnvOptions {
  /** Flags for the cell, after the harness's own (a later flag wins). */
  cellArgs?: string[];
  /** The cell's data dir (default: the harness's). */
  dataDir?: string;
  cellDiskMb?: number;
}

/** Runs body on a fresh one-cell cluster (ChaosCluster.run) with the clients a scenario needs, closed after. */
export async function withResourceEnv<T>(opts: ResourceEnvOptions, body: (env: ResourceEnv) => Promise<T>): Promise<T> {
  const clusterOpts: ChaosClusterOptions = {
    cells: 1,
    executor: 'docker',
    heartbeatIntervalMs: 500,
    convergenceIntervalMs: 1000,
    cellDiskMb: opts.cellDiskMb ?? 4096,
    extraArgs: {
      // An UNCLAIMED instance whose auction found no cell is auctioned again after this.
      bbs: ['--stale-unclaimed-ms', '2000'],
      cell: [...(opts.dataDir ? ['--data-dir', opts.dataDir] : []), '--resource-check-interval-ms', '1000', '--stop-grace-ms', '2000', ...(opts.cellArgs ?? [])],
    },
  };
  return ChaosCluster.run(clusterOpts, async (cluster) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-cell-resources-'));
    const bbsAddress = cluster.bbsAddresses.split(',')[0]!;
    const bbs = connectBbs(targetAt(bbsAddress, cluster.nats.url));
    const rep = new RepTestClient(cluster.cells[0]!.address);
    let nc: NatsConnection | undefined;
    try {
      nc = await connect({ servers: cluster.nats.url });
      // A domain of the tests' own, fresh, as the CLI keeps its own: convergence retires orphans only in fresh domains.
      await bbs.call('UpsertDomain', { domain: 'test', ttl_seconds: 0 }, 'upsert domain test');
      const dataDir = opts.dataDir ?? path.join(cluster.dir, 'cells', cluster.cellId(0));
      return await body({ cluster, bbs, nc, rep, dataDir, scratch });
    } finally {
      rep.close();
      bbs.close();
      await nc?.close().catch(() => {});
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
}

const desire = (env: ResourceEnv, d: DesiredLRP) => env.bbs.call('DesireLRP', { desired_lrp: d }, `desire ${d.process_guid}`);

async function remove(env: ResourceEnv, processGuid: string): Promise<void> {
  await env.bbs.call('RemoveDesiredLRP', { process_guid: processGuid }, `remove ${processGuid}`);
  let left: ActualLRP[] = [];
  await until(`${processGuid} gone`, async () => ((left = await env.bbs.listActualLRPs({ process_guid: processGuid })).length === 0 ? true : undefined), stepTimeoutMs)
    .catch((err: Error) => {
      throw new Error(`${err.message}; left: ${JSON.stringify(left)}`);
    });
}

const row = async (env: ResourceEnv, processGuid: string): Promise<ActualLRP | undefined> => (await env.bbs.listActualLRPs({ process_guid: processGuid }))[0];

const running = (env: ResourceEnv, processGuid: string) =>
  until(`${processGuid} RUNNING`, async () => {
    const a = await row(env, processGuid);
    return a?.state === 'RUNNING' ? a : undefined;
  }, stepTimeoutMs);

const crashed = (env: ResourceEnv, processGuid: string) =>
  until(`${processGuid} crashed`, async () => {
    const a = await row(env, processGuid);
    return a && a.crash_count > 0 && a.crash_reason ? a : undefined;
  }, stepTimeoutMs);

/** The placement error the instance gets once its restart finds no cell (waited for, but '' if it never shows). */
const placementErrorOf = (env: ResourceEnv, processGuid: string) =>
  until(`${processGuid} placement error`, async () => {
    const a = await row(env, processGuid);
    return a?.state === 'UNCLAIMED' && a.placement_error ? a.placement_error : undefined;
  }, 15_000).catch(() => '');

const hostPort = (a: ActualLRP) => a.net_info?.ports.find((p) => p.container_port === 8080)?.host_port ?? 0;

async function body(a: ActualLRP): Promise<string> {
  try {
    const res = await fetch(`http://${a.net_info?.address || '127.0.0.1'}:${hostPort(a)}/`, { signal: AbortSignal.timeout(3000) });
    return res.status === 200 ? await res.text() : '';
  } catch {
    return '';
  }
}

/** What the cell's State says now: its available disk, or the gRPC error. */
async function stateOf(env: ResourceEnv): Promise<CellResourceResult['stateDuringFault']> {
  try {
    const s = await env.rep.state();
    return { availableDiskMb: s.available?.disk_mb ?? 0 };
  } catch (err) {
    const e = err as { code?: number; details?: string; message?: string };
    return { error: { code: e.code ?? -1, message: e.details ?? e.message ?? String(err) } };
  }
}

/** Perform of one small LRP (a probe: nothing is claimed for it, and it is stopped at once if taken). */
async function performRefused(env: ResourceEnv): Promise<boolean> {
  const probe = lrpWork(`probe-${crypto.randomBytes(4).toString('hex')}`, 0, { memory_mb: 1, disk_mb: 1 });
  const r = await env.rep.perform([probe]);
  return r.refused_lrps.length === 1;
}

/** Waits until the cell holds no instance of the app (its last attempt is over, whatever its outcome). */
const cellLetGo = (env: ResourceEnv, processGuid: string) =>
  until(`the cell to hold no instance of ${processGuid}`, async () => ((await env.rep.state()).lrps.some((l) => l.process_guid === processGuid) ? undefined : true), stepTimeoutMs);

async function containersOf(processGuid: string): Promise<string[]> {
  const found = await new Docker().listContainers({ all: true, filters: { label: [`${LABEL.processGuid}=${processGuid}`] } });
  return found.map((c) => `container ${c.Names[0] ?? c.Id} (${c.State})`);
}

/** Files in the cache's tmp dir, and cache entries of the given digests. */
function cacheLeftovers(dataDir: string, digests: string[]): string[] {
  const root = path.join(dataDir, 'droplets');
  const out = fs.readdirSync(path.join(root, 'tmp')).map((f) => `droplets/tmp/${f}`);
  for (const d of digests) {
    const name = d.replace(':', '-');
    for (const p of [`unpacked/${name}`, `blobs/${name}.tgz`]) if (fs.existsSync(path.join(root, p))) out.push(`droplets/${p}`);
  }
  return out;
}

const hex = () => crypto.randomBytes(3).toString('hex');

// ---- droplet cache disk full ---------------------------------------------------

export async function dropletDiskFull(): Promise<CellResourceResult> {
  if (process.getuid?.() !== 0) throw new Error('this scenario mounts a tmpfs and needs root');
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0755', 'tmpfs', mnt]);
  try {
    return await withResourceEnv({ dataDir: mnt }, async (env) => {
      // Something else on the cell's disk takes most of it.
      const hog = path.join(mnt, 'something-else.bin');
      fs.writeFileSync(hog, Buffer.alloc(10 * MiB, 1));
      // An app whose droplet is small packed (zeros compress) and 8 MB unpacked: more than the disk has left.
      const src = path.join(env.scratch, 'big');
      fs.mkdirSync(src);
      const id = hex();
      buildHttpdDroplet(src, `big ${id}\n`);
      fs.writeFileSync(path.join(src, 'droplet', 'app', 'padding.bin'), Buffer.alloc(8 * MiB));
      const tgz = path.join(src, 'big.tgz');
      execFileSync('tar', ['-czf', tgz, '-C', path.join(src, 'droplet'), '.']);
      const { digest } = await putDroplet(env.nc, tgz);
      const guid = `disk-full-${id}`;

      const faultAt = Date.now();
      await desire(env, app(guid, digest));
      const crash = await crashed(env, guid);
      // The cell now reports no disk: its restart finds no room anywhere.
      const placementError = await placementErrorOf(env, guid);
      const stateDuringFault = await until('the cell to report no disk', async () => {
        const s = await stateOf(env);
        return s.availableDiskMb === 0 ? s : undefined;
      }, 15_000).catch(() => stateOf(env));
      const healthDuringFault = await env.cluster.cells[0]!.health();
      const refused = await performRefused(env);
      await cellLetGo(env, guid);
      const leftovers = [...cacheLeftovers(env.dataDir, [digest]), ...(await containersOf(guid))];

      // Space is back: an operator deletes what filled the disk.
      fs.rmSync(hog);
      const fixedAt = Date.now();
      const ran = await running(env, guid);
      const recoverMs = Date.now() - fixedAt;
      const servedAfter = await body(ran);
      const healthAfter = await env.cluster.cells[0]!.health();
      await remove(env, guid);
      return {
        fault: 'droplet cache disk full (6 MB free, 8 MB droplet)',
        affected: 1,
        recoverMs,
        lost: servedAfter ? 0 : 1,
        notes: `crash "${crash.crash_reason}"; restart: "${placementError}"; fault lasted ${fixedAt - faultAt} ms until space was freed`,
        crashReason: crash.crash_reason,
        placementError,
        stateDuringFault,
        healthDuringFault,
        healthAfter,
        performRefused: refused,
        leftovers,
        servedAfter,
      };
    });
  } finally {
    unmount(mnt);
  }
}

/** Unmounts (lazily when something still holds it) and removes the mount point. */
function unmount(dir: string): void {
  for (const args of [[dir], ['-l', dir]]) {
    try {
      execFileSync('umount', args, { stdio: 'ignore' });
      break;
    } catch {
      /* busy or not mounted: try lazily, then give up */
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---- a droplet that fails its digest --------------------------------------------

export async function dropletDigestMismatch(): Promise<CellResourceResult> {
  return withResourceEnv({}, async (env) => {
    const id = hex();
    fs.mkdirSync(path.join(env.scratch, 'good'));
    fs.mkdirSync(path.join(env.scratch, 'evil'));
    const good = fs.readFileSync(buildHttpdDroplet(path.join(env.scratch, 'good'), `good ${id}\n`));
    const evil = fs.readFileSync(buildHttpdDroplet(path.join(env.scratch, 'evil'), `tampered ${id}\n`));
    const digestOf = (b: Buffer) => `sha256:${crypto.createHash('sha256').update(b).digest('hex')}`;
    const goodDigest = digestOf(good);
    const evilDigest = digestOf(evil);
    // The tampered object: other bytes under the good droplet's name (the store's own checksum is of what it holds, so it passes).
    const store = await dropletStore(env.nc);
    await store.putBlob({ name: goodDigest, description: 'tampered' }, evil);
    const guid = `digest-${id}`;

    await desire(env, app(guid, goodDigest));
    const crash = await crashed(env, guid);
    const stateDuringFault = await stateOf(env);
    const healthDuringFault = await env.cluster.cells[0]!.health();
    const refused = await performRefused(env);
    // Its immediate restarts crash the same way: stop them, then look at what the attempts left.
    await remove(env, guid);
    await cellLetGo(env, guid);
    const leftovers = [...cacheLeftovers(env.dataDir, [goodDigest, evilDigest]), ...(await containersOf(guid))];

    // The fix: the right bytes under the name (putDroplet replaces an object whose content does not match), desired again.
    await putDroplet(env.nc, good);
    const fixedAt = Date.now();
    await desire(env, app(guid, goodDigest));
    const ran = await running(env, guid);
    const recoverMs = Date.now() - fixedAt;
    const servedAfter = await body(ran);
    const healthAfter = await env.cluster.cells[0]!.health();
    await remove(env, guid);
    return {
      fault: 'droplet fails its digest (tampered object)',
      affected: 1,
      recoverMs,
      lost: servedAfter === `good ${id}\n` ? 0 : 1,
      notes: `crash "${crash.crash_reason}"; recoverMs from the right bytes stored to RUNNING`,
      crashReason: crash.crash_reason,
      placementError: '',
      stateDuringFault,
      healthDuringFault,
      healthAfter,
      performRefused: refused,
      leftovers,
      servedAfter,
    };
  });
}

// ---- a Docker engine that stops answering ------------------------------------------

export const HANG_TIMEOUT_MS = 4000;

export async function dockerEngineHang(): Promise<CellResourceResult> {
  const sockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-docker-proxy-'));
  const proxy = await DockerProxy.start(path.join(sockDir, 'docker.sock'));
  try {
    return await withResourceEnv({ cellArgs: ['--docker-socket', proxy.socketPath, '--docker-timeout-ms', String(HANG_TIMEOUT_MS)] }, async (env) => {
      const id = hex();
      fs.mkdirSync(path.join(env.scratch, 'app'));
      const { digest } = await putDroplet(env.nc, buildHttpdDroplet(path.join(env.scratch, 'app'), `hello ${id}\n`));
      if (proxy.connections === 0) throw new Error('the cell does not talk to Docker through the proxy');
      // One instance runs before the fault (it also warms the droplet cache).
      const bystanderGuid = `hang-a-${id}`;
      await desire(env, app(bystanderGuid, digest));
      const before = await running(env, bystanderGuid);

      // The engine stops answering; an instance starts meanwhile (before the cell's own ping notices: its timeout is longer than the placement).
      proxy.hang();
      const faultAt = Date.now();
      const guid = `hang-b-${id}`;
      await desire(env, app(guid, digest));
      const crash = await crashed(env, guid);
      const healthDuringFault = await until('the cell NOT_SERVING', async () => {
        const h = await env.cluster.cells[0]!.health();
        return h === 'NOT_SERVING' ? h : undefined;
      }, 15_000).catch(() => env.cluster.cells[0]!.health());
      const stateDuringFault = await stateOf(env);
      const refused = await performRefused(env);
      const placementError = await placementErrorOf(env, guid);
      const answeredDuringHang = (await body(before)) === `hello ${id}\n`;
      const leftovers = await containersOf(guid);

      proxy.resume();
      const fixedAt = Date.now();
      const ran = await running(env, guid);
      const recoverMs = Date.now() - fixedAt;
      const healthAfter = await until('the cell SERVING', async () => {
        const h = await env.cluster.cells[0]!.health();
        return h === 'SERVING' ? h : undefined;
      }, 15_000).catch(() => env.cluster.cells[0]!.health());
      const servedAfter = await body(ran);
      const after = await row(env, bystanderGuid);
      const sameInstanceAfter = after?.state === 'RUNNING' && after.instance_key?.instance_guid === before.instance_key?.instance_guid && (await body(after)) === `hello ${id}\n`;
      await remove(env, guid);
      await remove(env, bystanderGuid);
      return {
        fault: `docker engine stops answering (${fixedAt - faultAt} ms)`,
        affected: 2,
        recoverMs,
        lost: (servedAfter ? 0 : 1) + (sameInstanceAfter ? 0 : 1),
        notes: `crash "${crash.crash_reason}"; while hung: ${healthDuringFault}, State ${stateDuringFault.error ? status[stateDuringFault.error.code] : 'answered'}, restart "${placementError}"; the running instance ${answeredDuringHang ? 'kept answering' : 'did NOT answer'}`,
        crashReason: crash.crash_reason,
        placementError,
        stateDuringFault,
        healthDuringFault,
        healthAfter,
        performRefused: refused,
        leftovers,
        servedAfter,
        bystander: { answeredDuringHang, sameInstanceAfter },
      };
    });
  } finally {
    await proxy.close();
    fs.rmSync(sockDir, { recursive: true, force: true });
  }
}

export const scenarios: FaultScenario[] = [
  { name: 'droplet-disk-full', target: '0 lost; clear reason, no work taken until room', run: dropletDiskFull },
  { name: 'droplet-digest-mismatch', target: '0 lost; not run, not kept', run: dropletDigestMismatch },
  { name: 'docker-engine-hang', target: '0 lost; unhealthy until it answers', run: dockerEngineHang },
];
