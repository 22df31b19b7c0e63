// Helpers for the staging integration tests: builder.sh run in the real stack
// image with the Docker CLI, fixture buildpacks that record how they were
// called, and launching a droplet with the real launcher on a loopback port.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { builderArgs, stagingPaths } from '../../../src/lifecycle/builder/args.ts';
import { freePort } from '../../../src/common/net.ts';

const exec = promisify(execFile);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const builderDir = path.join(repoRoot, 'src/lifecycle/builder');
export const shippedBuildpacks = path.join(repoRoot, 'src/lifecycle/buildpacks');
export const launcherPath = path.join(repoRoot, 'src/lifecycle/launcher/launcher.sh');
export const examplesDir = path.join(repoRoot, 'examples');
export const STACK_IMAGE = process.env.GANTRY_STACK_IMAGE ?? 'gantry-stack:bookworm';
export const DOCKER = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
/** Staging downloads and packed buildpacks are cached across test runs, as a cell's are. */
export const testCacheDir = path.join(os.tmpdir(), 'gantry-test-staging-cache');

/** Fails loudly (never skips) when Docker or the stack image is missing. */
export async function requireDocker(): Promise<void> {
  try {
    await exec(DOCKER, ['image', 'inspect', STACK_IMAGE]);
  } catch (err) {
    throw new Error(`these tests need a Docker engine and the stack image ${STACK_IMAGE}: run \`bash scripts/setup.sh\` (${(err as Error).message.split('\n')[0]})`);
  }
}

/** The nodejs buildpack carries a Node runtime packaged by package-runtime.sh. */
export async function requireNodeRuntime(): Promise<void> {
  await exec('bash', [path.join(shippedBuildpacks, 'nodejs/package-runtime.sh')]);
}

const made: string[] = [];

/** A fresh directory the stack's vcap user may read (mkdtemp makes them 0700); removeTempDirs() removes it. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), `gantry-${prefix}-`));
  made.push(dir);
  await fs.promises.chmod(dir, 0o755);
  return dir;
}

/** Remove every directory tempDir / writableDir / runBuilder made in this process. */
export async function removeTempDirs(): Promise<void> {
  for (const dir of made.splice(0)) await fs.promises.rm(dir, { recursive: true, force: true });
}

/** A directory the stack's vcap user (uid 2000) may write. */
export async function writableDir(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  if (process.getuid?.() === 0) await fs.promises.chown(dir, 2000, 2000);
  else await fs.promises.chmod(dir, 0o777);
  return dir;
}

export interface BuilderRun {
  code: number;
  stdout: string;
  stderr: string;
  outDir: string;
  /** The result JSON, when the builder wrote it. */
  result: Record<string, unknown> | null;
  droplet: string;
  cacheOut: string;
}

export interface BuilderRunOptions {
  appDir: string;
  buildpacksDir: string;
  order: string[];
  skipDetect?: boolean;
  /** A cache .tgz from an earlier run. */
  cacheIn?: string;
  env?: Record<string, string>;
}

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * builder.sh in the stack image as vcap, with no network, its arguments built
 * by builderArgs (what a staging Task runs), inputs bind-mounted read-only.
 */
export async function runBuilder(o: BuilderRunOptions): Promise<BuilderRun> {
  const outDir = await writableDir('builder-out');
  const mounts = [
    '-v', `${builderDir}:${stagingPaths.builderDir}:ro`,
    '-v', `${o.appDir}:${stagingPaths.appDir}:ro`,
    '-v', `${o.buildpacksDir}:${stagingPaths.buildpacksDir}:ro`,
    '-v', `${outDir}:${stagingPaths.outDir}`,
  ];
  if (o.cacheIn) mounts.push('-v', `${o.cacheIn}:${stagingPaths.cacheIn}:ro`);
  const env = Object.entries(o.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const args = builderArgs({ buildpacks: o.order, skipDetect: o.skipDetect ?? false, withCache: Boolean(o.cacheIn), stack: 'bookworm' });
  // Mount points make /tmp/staging root's here (a cell's launcher makes it vcap's): work elsewhere.
  args.push('--work-dir', '/tmp/builder-work');
  const r = await run(DOCKER, ['run', '--rm', '-u', 'vcap', '--network', 'none', ...mounts, ...env, STACK_IMAGE, 'bash', stagingPaths.builderScript, ...args]);
  const resultFile = path.join(outDir, 'result.json');
  const result = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Record<string, unknown>) : null;
  return { ...r, outDir, result, droplet: path.join(outDir, 'droplet.tgz'), cacheOut: path.join(outDir, 'cache.tgz') };
}

/** A file's content inside a droplet .tgz, or null. */
export async function dropletFile(droplet: string, member: string): Promise<string | null> {
  const r = await run('tar', ['-xzOf', droplet, member]);
  return r.code === 0 ? r.stdout : null;
}

export async function dropletMembers(droplet: string): Promise<string[]> {
  const r = await run('tar', ['-tzf', droplet]);
  if (r.code !== 0) throw new Error(`tar -tzf ${droplet}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

export interface FixtureBuildpack {
  /** Shell for bin/detect; default: record the call and pass. null: no script. */
  detect?: string | null;
  supply?: string | null;
  finalize?: string | null;
  compile?: string | null;
  /** YAML bin/release prints; null: no bin/release. */
  release?: string | null;
}

/**
 * A buildpack whose scripts append "<name> <script> <args…>" to the build
 * dir's .calls (so the droplet records the order and arguments), then run
 * the given body.
 */
export async function makeBuildpack(dir: string, name: string, spec: FixtureBuildpack): Promise<string> {
  const bin = path.join(dir, name, 'bin');
  await fs.promises.mkdir(bin, { recursive: true });
  const write = async (script: string, body: string | null | undefined, fallback: string) => {
    if (body === null) return;
    const text = `#!/usr/bin/env bash\nset -e\nbuild_dir=$1\necho "${name} ${script} $*" >>"$build_dir/.calls"\n${body ?? fallback}\n`;
    await fs.promises.writeFile(path.join(bin, script), text, { mode: 0o755 });
  };
  await write('detect', spec.detect, `echo ${name}`);
  await write('supply', spec.supply, 'true');
  await write('finalize', spec.finalize, 'true');
  await write('compile', spec.compile, 'true');
  if (spec.release !== null) {
    const yaml = spec.release ?? `---\ndefault_process_types:\n  web: ${name}-web\n`;
    await fs.promises.writeFile(path.join(bin, 'release'), `#!/usr/bin/env bash\ncat <<'YAML'\n${yaml}YAML\n`, { mode: 0o755 });
  }
  return path.join(dir, name);
}

export interface Launched {
  url: string;
  port: number;
  logs(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A droplet launched as a cell would: unpacked into /home/vcap, then the
 * launcher (profile.d, start command from staging_info.yml) on a free
 * loopback port with host networking.
 */
export async function launchDroplet(droplet: string, env: Record<string, string> = {}): Promise<Launched> {
  const port = await freePort();
  const envArgs = Object.entries({ PORT: String(port), ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const r = await run(DOCKER, [
    'run', '-d', '--network', 'host', '-u', 'vcap', ...envArgs,
    '--label', 'gantry.test=lifecycle',
    '-v', `${droplet}:/tmp/droplet.tgz:ro`,
    '-v', `${launcherPath}:/tmp/launcher.sh:ro`,
    STACK_IMAGE, 'bash', '-c', 'tar -xzf /tmp/droplet.tgz -C /home/vcap && exec bash /tmp/launcher.sh /home/vcap ""',
  ]);
  if (r.code !== 0) throw new Error(`docker run: ${r.stderr}`);
  const id = r.stdout.trim();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs: async () => {
      const l = await run(DOCKER, ['logs', id]);
      return l.stdout + l.stderr;
    },
    stop: async () => {
      await run(DOCKER, ['rm', '-f', id]);
    },
  };
}

/** GET url until it answers (any status), or throw after timeoutMs. */
export async function waitForHttp(url: string, timeoutMs = 15_000): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      return { status: res.status, body: await res.text() };
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${(last as Error)?.message}`);
}

/**
 * The Node example without node_modules, shipping an npm cache and a lockfile
 * instead (made here with the host's npm, offline: `npm pack` of the vendored
 * dependency, `npm cache add`, a lockfile naming its integrity).
 */
export async function makeNpmCacheApp(dest: string): Promise<string> {
  const src = path.join(examplesDir, 'node-app');
  await fs.promises.cp(src, dest, { recursive: true });
  await fs.promises.rm(path.join(dest, 'node_modules'), { recursive: true, force: true });
  const packDir = await tempDir('npm-pack');
  try {
    const dep = path.join(src, 'node_modules/tiny-greeting');
    const packed = await exec('npm', ['pack', dep, '--pack-destination', packDir, '--json', '--silent'], { cwd: packDir });
    const info = (JSON.parse(packed.stdout) as { filename: string; integrity: string; version: string; name: string }[])[0]!;
    await exec('npm', ['cache', 'add', path.join(packDir, info.filename), '--cache', path.join(dest, 'npm-cache'), '--silent'], { cwd: packDir });
    const pkg = JSON.parse(await fs.promises.readFile(path.join(dest, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
    const lock = {
      name: pkg.name,
      version: pkg.version,
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies },
        [`node_modules/${info.name}`]: {
          version: info.version,
          resolved: `https://registry.npmjs.org/${info.name}/-/${info.name}-${info.version}.tgz`,
          integrity: info.integrity,
        },
      },
    };
    await fs.promises.writeFile(path.join(dest, 'package-lock.json'), JSON.stringify(lock, null, 2) + '\n');
    await fs.promises.rm(path.join(dest, 'npm-cache', '_logs'), { recursive: true, force: true });
    return dest;
  } finally {
    await fs.promises.rm(packDir, { recursive: true, force: true });
  }
}

/** Remove every container a test run left (labelled gantry.test=lifecycle). */
export async function removeTestContainers(): Promise<void> {
  const r = await run(DOCKER, ['ps', '-aq', '--filter', 'label=gantry.test=lifecycle']);
  const ids = r.stdout.split('\n').filter(Boolean);
  if (ids.length) await run(DOCKER, ['rm', '-f', ...ids]);
}

/**
 * A .zip of root/sub (entries named sub/...), stored uncompressed and with no
 * unix modes, as zip tools on other systems make them.
 */
export async function writeZip(dest: string, root: string, sub: string): Promise<void> {
  const files: { name: string; data: Buffer }[] = [];
  const walk = async (rel: string) => {
    for (const e of await fs.promises.readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) await walk(r);
      else files.push({ name: r, data: await fs.promises.readFile(path.join(root, r)) });
    }
  };
  await walk(sub);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const crc = zlib.crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(10, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += local.length + name.length + f.data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  await fs.promises.writeFile(dest, Buffer.concat([...locals, ...centrals, end]));
}
