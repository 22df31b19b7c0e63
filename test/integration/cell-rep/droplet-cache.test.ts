// The droplet cache against a real nats-server's object store and a local
// HTTP server: one download per digest however many ask, verification,
// reasons for what goes wrong, garbage collection, a restart, a full disk.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { connect, type NatsConnection, type ObjectStore } from 'nats';
import { setLogSink } from '../../../src/common/log.ts';
import { freePort } from '../../../src/common/net.ts';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { DropletCache } from '../../../src/cell-rep/droplets/cache.ts';
import { dropletStore, putDroplet } from '../../../src/cell-rep/droplets/object-store.ts';
import { buildDroplet, tempDataDir, webDropletFiles } from './executor-fixtures.ts';

setLogSink(() => {});

describe('droplet cache', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let server: http.Server;
  let baseUrl: string;
  const served = new Map<string, Buffer>();
  let gets = 0;
  const dirs: string[] = [];
  const caches: DropletCache[] = [];
  const droplet = buildDroplet(webDropletFiles());

  /** The object store, counting fetches. */
  const countingStore = async (): Promise<ObjectStore> => {
    const os = await dropletStore(nc);
    return new Proxy(os, {
      get(target, prop) {
        if (prop === 'get') return (name: string) => ((gets += 1), target.get(name));
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  };

  async function open(opts: Partial<Parameters<typeof DropletCache.open>[0]> = {}): Promise<DropletCache> {
    const dataDir = opts.dataDir ?? tempDataDir('gantry-droplets-');
    if (!dirs.includes(dataDir)) dirs.push(dataDir);
    const cache = await DropletCache.open({ dataDir, objectStore: countingStore, gcIntervalMs: 0, ...opts });
    caches.push(cache);
    return cache;
  }

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    await putDroplet(nc, droplet.bytes);
    server = http.createServer((req, res) => {
      const body = served.get(req.url ?? '');
      if (!body) return void res.writeHead(404).end();
      // /chunked/...: no Content-Length, so the size is known only once it has all come.
      if (req.url?.startsWith('/chunked/')) {
        for (let i = 0; i < body.length; i += 16 * 1024) res.write(body.subarray(i, i + 16 * 1024));
        return void res.end();
      }
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const c of caches) await c.close();
    server?.close();
    await nc?.close();
    await nats?.stop();
    for (const d of dirs) {
      try {
        execFileSync('umount', [path.join(d, 'tiny')], { stdio: 'ignore' });
      } catch {
        /* not mounted */
      }
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  test('putDroplet stores under the digest, once', async () => {
    const again = await putDroplet(nc, droplet.bytes);
    assert.equal(again.digest, droplet.digest);
    const info = await (await dropletStore(nc)).info(droplet.digest);
    assert.equal(info?.size, droplet.bytes.length);
  });

  test('putDroplet replaces an object under the digest whose content is other bytes of the same size', async () => {
    const bytes = crypto.randomBytes(4096);
    const tampered = Buffer.from(bytes);
    tampered[100] = tampered[100]! ^ 0xff;
    const digest = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
    const store = await dropletStore(nc);
    await store.putBlob({ name: digest }, tampered);
    const cache = await open();
    await assert.rejects(cache.acquire({ digest, url: '' }, { kind: 'blob' }), { message: /failed its digest check: got sha256:/ });
    await putDroplet(nc, bytes);
    const lease = await cache.acquire({ digest, url: '' }, { kind: 'blob' });
    assert.deepEqual(fs.readFileSync(lease.path), bytes);
    lease.release();
  });

  test('concurrent requests for one digest share one download; the droplet is unpacked, owned by vcap', async () => {
    const cache = await open();
    gets = 0;
    const leases = await Promise.all(Array.from({ length: 10 }, () => cache.acquire({ digest: droplet.digest, url: '' })));
    assert.equal(gets, 1, 'one fetch from the object store');
    assert.equal(new Set(leases.map((l) => l.path)).size, 1);
    const dir = leases[0]!.path;
    assert.equal(fs.readFileSync(path.join(dir, 'app/index.html'), 'utf8'), 'hello from gantry\n');
    assert.ok(fs.existsSync(path.join(dir, 'staging_info.yml')));
    if (process.getuid?.() === 0) assert.equal(fs.statSync(path.join(dir, 'app/index.html')).uid, 2000);
    assert.equal(cache.refs(droplet.digest), 10);
    // Cached now: no more fetches.
    const more = await cache.acquire({ digest: droplet.digest, url: '' });
    assert.equal(gets, 1);
    for (const l of [...leases, more]) l.release();
    more.release(); // twice: harmless
    assert.equal(cache.refs(droplet.digest), 0);
    assert.deepEqual(fs.readdirSync(path.join(dirs.at(-1)!, 'droplets', 'tmp')), [], 'nothing half-done left');
  });

  test('a digest not in the object store, a failed URL, bytes that do not match, and a broken archive are reasons', async () => {
    const cache = await open();
    const missing = `sha256:${'1'.repeat(64)}`;
    await assert.rejects(cache.acquire({ digest: missing, url: '' }), { message: `droplet download failed: ${missing} is not in the object store` });
    await assert.rejects(cache.acquire({ digest: '', url: `${baseUrl}/nothing.tgz` }), { message: `droplet download failed: GET ${baseUrl}/nothing.tgz returned 404` });
    const closed = `http://127.0.0.1:${await freePort()}/d.tgz`;
    await assert.rejects(cache.acquire({ digest: '', url: closed }), { message: `droplet download failed: GET ${closed}: ECONNREFUSED` });
    served.set('/good.tgz', droplet.bytes);
    const claimed = `sha256:${'2'.repeat(64)}`;
    await assert.rejects(cache.acquire({ digest: claimed, url: `${baseUrl}/good.tgz` }), { message: `droplet ${claimed} failed its digest check: got ${droplet.digest}` });
    const junk = Buffer.from('this is not a tarball');
    const junkDigest = `sha256:${crypto.createHash('sha256').update(junk).digest('hex')}`;
    served.set('/junk.tgz', junk);
    await assert.rejects(cache.acquire({ digest: junkDigest, url: `${baseUrl}/junk.tgz` }), { message: `droplet ${junkDigest} could not be unpacked: not a valid .tgz archive` });
    assert.deepEqual(cache.stats(), { entries: 0, bytes: 0, inUse: 0 }, 'nothing bad is cached');
    assert.deepEqual(fs.readdirSync(path.join(dirs.at(-1)!, 'droplets', 'tmp')), []);
  });

  test('a URL without a digest is cached under the digest of what came', async () => {
    const cache = await open();
    served.set('/by-url.tgz', droplet.bytes);
    const lease = await cache.acquire({ digest: '', url: `${baseUrl}/by-url.tgz` });
    assert.equal(lease.digest, droplet.digest);
    // Now the digest alone finds it, without the object store.
    gets = 0;
    const byDigest = await cache.acquire({ digest: droplet.digest, url: '' });
    assert.equal(gets, 0);
    lease.release();
    byDigest.release();
  });

  test('blobs (task downloads) are kept as fetched', async () => {
    const cache = await open();
    const bytes = Buffer.from('just a file');
    const { digest } = await putDroplet(nc, bytes);
    const lease = await cache.acquire({ digest, url: '' }, { kind: 'blob', what: 'download' });
    assert.equal(fs.readFileSync(lease.path, 'utf8'), 'just a file');
    lease.release();
  });

  test('unused droplets are collected after their grace period, used ones never; a restart keeps the cache', async () => {
    const cache = await open({ graceMs: 200 });
    const dataDir = dirs.at(-1)!;
    const lease = await cache.acquire({ digest: droplet.digest, url: '' });
    await new Promise((r) => setTimeout(r, 250));
    assert.deepEqual(await cache.gc(), [], 'in use');
    lease.release();
    assert.deepEqual(await cache.gc(), [], 'within its grace');
    await cache.close();

    // A rep restart: the cache comes back from disk; its grace starts again.
    const reopened = await open({ dataDir, graceMs: 200 });
    assert.equal(reopened.stats().entries, 1);
    const held = reopened.hold(droplet.digest);
    assert.ok(held, 'an adopted instance can hold what is on disk');
    held.release();
    assert.equal(reopened.hold(`sha256:${'3'.repeat(64)}`), null);
    await new Promise((r) => setTimeout(r, 250));
    assert.deepEqual(await reopened.gc(), [droplet.digest]);
    assert.equal(fs.existsSync(reopened.pathOf('unpacked', droplet.digest)), false);
    assert.deepEqual(reopened.stats(), { entries: 0, bytes: 0, inUse: 0 });
    // And it can be fetched again.
    const again = await reopened.acquire({ digest: droplet.digest, url: '' });
    again.release();
  });

  /** A tmpfs of this size in a fresh data dir (unmounted by after()). */
  function tinyDisk(size: string): string {
    if (process.getuid?.() !== 0) throw new Error('this test mounts a small tmpfs and needs root');
    const dataDir = tempDataDir('gantry-droplets-');
    dirs.push(dataDir);
    const tiny = path.join(dataDir, 'tiny');
    fs.mkdirSync(tiny);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', tiny]);
    return tiny;
  }
  const tmpOf = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'droplets', 'tmp'));

  /** Fills a tiny disk with a file outside the cache (what else lives on a cell's disk); returns its path. */
  function filler(tiny: string, bytes: number): string {
    const f = path.join(tiny, 'filler');
    fs.writeFileSync(f, Buffer.alloc(bytes, 1));
    return f;
  }

  test('no room by the cache\'s own count: the size is known before a byte is written; room again ends it', async () => {
    const tiny = tinyDisk('1m');
    const fill = filler(tiny, 900 * 1024);
    const blob = crypto.randomBytes(256 * 1024); // incompressible
    const { digest } = await putDroplet(nc, blob);
    const cache = await open({ dataDir: tiny });
    await assert.rejects(cache.acquire({ digest, url: '' }, { kind: 'blob' }), {
      message: new RegExp(`^droplet cache: no space left on device \\(${tiny}/droplets\\): needs 0\\.3 MB, 0\\.1 MB free$`),
    });
    assert.deepEqual(tmpOf(tiny), []);
    assert.match(cache.spaceProblem()?.reason ?? '', /^droplet cache: no space left on device/);
    assert.ok(await cache.checkSpace(), 'still no room: still out of space');
    fs.rmSync(fill);
    assert.equal(await cache.checkSpace(), null, 'room again');
    const lease = await cache.acquire({ digest, url: '' }, { kind: 'blob' });
    lease.release();
  });

  test('a droplet larger than the whole file system fails alone: the cache is not out of space for it', async () => {
    const tiny = tinyDisk('64k');
    const { digest } = await putDroplet(nc, crypto.randomBytes(256 * 1024));
    const cache = await open({ dataDir: tiny });
    await assert.rejects(cache.acquire({ digest, url: '' }, { kind: 'blob' }), {
      message: new RegExp(`^droplet cache: no space left on device \\(${tiny}/droplets\\): needs 0\\.3 MB, more than the file system holds \\(0\\.1 MB\\)$`),
    });
    assert.deepEqual(tmpOf(tiny), []);
    assert.equal(cache.spaceProblem(), null, 'other work still fits');
  });

  test('a write that fails with ENOSPC: the reason names the cache, the partial file goes, room again ends it', async () => {
    const tiny = tinyDisk('256k');
    const fill = filler(tiny, 200 * 1024);
    const body = crypto.randomBytes(100 * 1024);
    served.set('/chunked/body.bin', body);
    const cache = await open({ dataDir: tiny });
    await assert.rejects(cache.acquire({ digest: '', url: `${baseUrl}/chunked/body.bin` }, { kind: 'blob', what: 'download' }), {
      message: `droplet cache: no space left on device (${tiny}/droplets)`,
    });
    assert.deepEqual(tmpOf(tiny), [], 'the partial file is removed');
    assert.ok(cache.spaceProblem(), 'out of space');
    assert.ok(await cache.checkSpace(), 'no more room than the failed attempt had: still out of space');
    fs.rmSync(fill);
    assert.equal(await cache.checkSpace(), null, 'room again: taking work');
    const lease = await cache.acquire({ digest: '', url: `${baseUrl}/chunked/body.bin` }, { kind: 'blob', what: 'download' });
    assert.deepEqual(fs.readFileSync(lease.path), body);
    lease.release();
  });

  test('an unpack that fails with ENOSPC (a .tgz whose gzip trailer understates it) is the same reason', async () => {
    const tiny = tinyDisk('2m');
    const fill = filler(tiny, 1536 * 1024);
    // A tar of 1 MB of zeros, gzipped as two members: the trailer the cache reads gives the second one's size only.
    const src = tempDataDir('gantry-droplet-src-');
    dirs.push(src);
    fs.writeFileSync(path.join(src, 'zeros.bin'), Buffer.alloc(1024 * 1024));
    const tar = execFileSync('tar', ['-cf', '-', '-C', src, 'zeros.bin'], { maxBuffer: 8 * 1024 * 1024 });
    const tgz = Buffer.concat([zlib.gzipSync(tar.subarray(0, tar.length - 1024)), zlib.gzipSync(tar.subarray(tar.length - 1024))]);
    const { digest } = await putDroplet(nc, tgz);
    const cache = await open({ dataDir: tiny });
    await assert.rejects(cache.acquire({ digest, url: '' }), { message: `droplet cache: no space left on device (${tiny}/droplets)` });
    assert.deepEqual(tmpOf(tiny), [], 'what was unpacked so far is removed');
    assert.deepEqual(fs.readdirSync(path.join(tiny, 'droplets', 'unpacked')), []);
    // Room again means more than that failed attempt had: the same disk is not enough.
    assert.ok(await cache.checkSpace());
    fs.rmSync(fill);
    assert.equal(await cache.checkSpace(), null);
    const lease = await cache.acquire({ digest, url: '' });
    assert.equal(fs.statSync(path.join(lease.path, 'zeros.bin')).size, 1024 * 1024);
    lease.release();
  });

  test('minFreeBytes: the cache keeps that much free, and says so when the disk has less', async () => {
    const tiny = tinyDisk('4m');
    const fill = filler(tiny, 2560 * 1024);
    const cache = await open({ dataDir: tiny, minFreeBytes: 2 * 1024 * 1024 });
    assert.equal(cache.spaceProblem(), null);
    const problem = await cache.checkSpace();
    assert.match(problem?.reason ?? '', /^droplet cache: no space left on device \(.*\): 1\.5 MB free, less than the 2\.0 MB the cell keeps free$/);
    await assert.rejects(cache.acquire({ digest: droplet.digest, url: '' }), { message: /needs 0\.0 MB \(keeping 2\.0 MB free\), 1\.5 MB free$/ });
    fs.rmSync(fill);
    assert.equal(await cache.checkSpace(), null);
    const lease = await cache.acquire({ digest: droplet.digest, url: '' });
    lease.release();
  });
});
