// Shared by the executor and droplet integration tests: small droplets built
// on the spot, container specs, and checks that the tools the tests need exist.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerSpec } from '../../../src/cell-rep/executor/types.ts';

export interface DropletFiles {
  /** Path inside the droplet → content. */
  [file: string]: string;
}

/**
 * Serve the app's directory on $PORT: busybox httpd in the stack; on a host
 * without busybox (the process executor) the node that runs the rep.
 */
export const SERVE_APP_DIR =
  'if command -v busybox >/dev/null 2>&1; then exec busybox httpd -f -p "$PORT" -h .; else ' +
  `exec node -e 'require("http").createServer((q, r) => require("fs").readFile("." + (q.url === "/" ? "/index.html" : q.url), (e, d) => { r.statusCode = e ? 404 : 200; r.end(d); })).listen(+process.env.PORT)'; fi`;

/** A web app droplet serving app/ on $PORT, with profile.d scripts whose variables the app shows. */
export function webDropletFiles(startCommand = SERVE_APP_DIR): DropletFiles {
  return {
    'app/index.html': 'hello from gantry\n',
    'app/health': 'ok\n',
    'app/.profile.d/app.sh': 'export FROM_APP_PROFILE="app:$FROM_DEP_PROFILE"\n',
    'deps/0/profile.d/dep.sh': 'export FROM_DEP_PROFILE="dep:$FROM_DROPLET_PROFILE"\n',
    'profile.d/droplet.sh': 'export FROM_DROPLET_PROFILE=droplet\n',
    'staging_info.yml': JSON.stringify({ detected_buildpack: 'test', start_command: startCommand }) + '\n',
  };
}

/** Build a .tgz droplet from files; returns its bytes and digest. */
export function buildDroplet(files: DropletFiles): { bytes: Buffer; digest: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-droplet-src-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    const tgz = path.join(dir, '..', `${path.basename(dir)}.tgz`);
    execFileSync('tar', ['-czf', tgz, '-C', dir, '.']);
    const bytes = fs.readFileSync(tgz);
    fs.rmSync(tgz);
    return { bytes, digest: `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function tempDataDir(prefix = 'gantry-cell-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function lrpSpec(over: Partial<ContainerSpec> & { guid: string; hostPort?: number }): ContainerSpec {
  const { hostPort, ...rest } = over;
  return {
    tags: { kind: 'lrp', processGuid: `pg-${over.guid}`, index: 0, instanceGuid: over.guid, domain: 'test' },
    stack: 'bookworm',
    memoryMb: 64,
    diskMb: 256,
    maxPids: 256,
    ports: hostPort ? [{ container_port: 8080, host_port: hostPort }] : [],
    env: [],
    command: '',
    droplet: null,
    downloads: [],
    resultFile: '',
    user: 'vcap',
    logGuid: `pg-${over.guid}`,
    startTimeoutMs: 30_000,
    check: hostPort ? { type: 'HTTP', port: 8080, path: '/health', timeout_ms: 1000, interval_ms: 1000 } : null,
    ...rest,
  };
}

/** Docker must be there: these tests fail (never skip) without it. */
export function requireDocker(): void {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 15_000 });
  } catch (err) {
    throw new Error(`these tests need a running Docker engine (run scripts/setup.sh): ${(err as Error).message}`);
  }
  try {
    execFileSync('docker', ['image', 'inspect', 'gantry-stack:bookworm'], { stdio: 'pipe', timeout: 15_000 });
  } catch {
    throw new Error('these tests need the stack image gantry-stack:bookworm: run `bash deploy/stack/build-stack.sh`');
  }
}

/** Remove every container a test cell left behind (by its cell id label). */
export function removeCellContainers(cellId: string): void {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=gantry.cell-id=${cellId}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (ids.length) execFileSync('docker', ['rm', '-fv', ...ids], { stdio: 'ignore' });
}

export async function httpGet(port: number, p = '/'): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: await res.text() };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
