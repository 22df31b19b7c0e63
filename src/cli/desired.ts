// Building a DesiredLRP from what an operator types (`gantry create`, `gantry
// push`) or writes in a file (`gantry desire`). Pure: every bad value is a
// usage error naming the flag or field, found before anything is sent.
import type { CheckDefinition, DesiredLRP, DropletRef, EnvironmentVariable, Route } from '../common/models.ts';
import { usageError } from './exit.ts';

/** The domain the CLI's apps live in; upserted with no expiry before each desire. */
export const defaultDomain = 'gantry';
/** The stack of `deploy/stack/build-stack.sh`'s image gantry-stack:bookworm. */
export const defaultStack = 'bookworm';
export const defaultMemoryMb = 256;
export const defaultDiskMb = 1024;
export const defaultMaxPids = 1024;
/** The nominal container port; with host networking the app listens on $PORT, the host port the cell assigns. */
export const defaultContainerPort = 8080;
export const defaultStartTimeoutMs = 60_000;

const namePattern = /^[a-zA-Z0-9_-]+$/;

export function validateName(name: string, what = 'NAME'): string {
  if (!namePattern.test(name)) throw usageError(`${what} ${JSON.stringify(name)}: use letters, digits, '-' and '_' only`);
  return name;
}

/** port | http | http:/path | process (also: tcp, none). */
export function parseHealthCheck(text: string, port = 0): CheckDefinition {
  const t = text.trim();
  const base = { port, path: '', timeout_ms: 1000, interval_ms: 2000 };
  if (t === 'port' || t === 'tcp') return { ...base, type: 'TCP' };
  if (t === 'process' || t === 'none') return { ...base, type: 'NONE' };
  if (t === 'http') return { ...base, type: 'HTTP', path: '/' };
  if (t.startsWith('http:')) {
    const path = t.slice('http:'.length);
    if (!path.startsWith('/')) throw usageError(`--health-check ${JSON.stringify(text)}: the HTTP path must start with '/', e.g. http:/health`);
    return { ...base, type: 'HTTP', path };
  }
  throw usageError(`--health-check ${JSON.stringify(text)}: expected port, http:/PATH or process`);
}

export function parseEnv(pairs: string[]): EnvironmentVariable[] {
  return pairs.map((p) => {
    const eq = p.indexOf('=');
    const name = eq >= 0 ? p.slice(0, eq) : p;
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw usageError(`--env ${JSON.stringify(p)}: expected NAME=VALUE with NAME made of letters, digits and '_'`);
    return { name, value: p.slice(eq + 1) };
  });
}

export function parseRoutes(hosts: string[], port: number): Route[] {
  if (!hosts.length) return [];
  for (const h of hosts) {
    if (!/^[a-zA-Z0-9*]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:\d+)?$/.test(h)) throw usageError(`--route ${JSON.stringify(h)}: expected a host name like web.local`);
  }
  return [{ hostnames: hosts, port }];
}

export type DropletSource = { kind: 'ref'; ref: DropletRef } | { kind: 'file'; path: string };

/**
 * sha256:<hex> (a droplet in the object store), an http(s) URL (optionally
 * with #sha256:<hex> to verify it), or a path to a local .tgz the CLI uploads.
 */
export function parseDropletRef(text: string): DropletSource {
  const t = text.trim();
  if (t.startsWith('sha256:')) {
    if (!/^sha256:[0-9a-f]{64}$/.test(t)) throw usageError(`--droplet ${JSON.stringify(text)}: a digest is sha256: and 64 lowercase hex digits`);
    return { kind: 'ref', ref: { digest: t, url: '' } };
  }
  if (/^https?:\/\//.test(t)) {
    const [url, fragment] = t.split('#', 2) as [string, string | undefined];
    if (fragment !== undefined && !/^sha256:[0-9a-f]{64}$/.test(fragment)) {
      throw usageError(`--droplet ${JSON.stringify(text)}: after '#' put the droplet's digest, sha256: and 64 hex digits`);
    }
    return { kind: 'ref', ref: { url, digest: fragment ?? '' } };
  }
  if (!t) throw usageError('--droplet: give a digest (sha256:…), an http(s) URL or a .tgz file');
  return { kind: 'file', path: t };
}

export interface AppSpec {
  name: string;
  droplet: DropletRef | null;
  instances: number;
  memoryMb: number;
  diskMb: number;
  healthCheck: string;
  env: string[];
  routes: string[];
  ports: number[];
  stack: string;
  startCommand: string;
  placementTags: string[];
  startTimeoutMs: number;
  domain: string;
  annotation?: string;
}

/** The DesiredLRP of `gantry create` / `gantry push`. */
export function buildDesiredLRP(spec: AppSpec): DesiredLRP {
  validateName(spec.name);
  if (!spec.droplet && !spec.startCommand) throw usageError('give --droplet REF (or --start-command for a command the stack runs as it is)');
  if (!Number.isInteger(spec.instances) || spec.instances < 0) throw usageError(`-i/--instances must be a whole number ≥ 0, got ${spec.instances}`);
  if (!Number.isInteger(spec.memoryMb) || spec.memoryMb <= 0) throw usageError(`-m/--memory must be a positive number of MB, got ${spec.memoryMb}`);
  if (!Number.isInteger(spec.diskMb) || spec.diskMb <= 0) throw usageError(`-k/--disk must be a positive number of MB, got ${spec.diskMb}`);
  const ports = spec.ports.length ? spec.ports : [defaultContainerPort];
  for (const p of ports) if (!Number.isInteger(p) || p < 1 || p > 65535) throw usageError(`--port must be 1-65535, got ${p}`);
  for (const t of spec.placementTags) if (!t.trim()) throw usageError('--tag: a placement tag cannot be empty');
  const check = parseHealthCheck(spec.healthCheck, ports[0]);
  return {
    process_guid: spec.name,
    domain: spec.domain,
    instances: spec.instances,
    rootfs: spec.stack,
    memory_mb: spec.memoryMb,
    disk_mb: spec.diskMb,
    max_pids: defaultMaxPids,
    ports,
    routes: parseRoutes(spec.routes, ports[0]!),
    env: parseEnv(spec.env),
    start_command: spec.startCommand,
    droplet: spec.droplet,
    check,
    start_timeout_ms: spec.startTimeoutMs,
    placement_tags: spec.placementTags,
    annotation: spec.annotation ?? '',
    modification_tag: null,
    log_guid: spec.name,
    user: '',
    created_at: 0,
  };
}

const desiredFields = new Set([
  'process_guid', 'domain', 'instances', 'rootfs', 'memory_mb', 'disk_mb', 'max_pids', 'ports', 'routes', 'env',
  'start_command', 'droplet', 'check', 'start_timeout_ms', 'placement_tags', 'annotation', 'modification_tag',
  'log_guid', 'user', 'created_at',
]);

/**
 * A DesiredLRP from a JSON file (proto field names, e.g. "process_guid",
 * "memory_mb"), with the CLI's defaults for domain, stack, sizes, ports and
 * log guid. Unknown fields are refused so a typo does not go unnoticed.
 */
export function desiredFromJson(text: string, file: string): DesiredLRP {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw usageError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw usageError(`${file}: expected a JSON object holding a DesiredLRP`);
  const obj = raw as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !desiredFields.has(k));
  if (unknown.length) throw usageError(`${file}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}; fields are those of DesiredLRP in proto/models.proto`);
  if (typeof obj.process_guid !== 'string' || !obj.process_guid) throw usageError(`${file}: process_guid is required`);
  validateName(obj.process_guid, `${file}: process_guid`);
  const num = (k: string, dflt: number) => {
    const v = obj[k];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw usageError(`${file}: ${k} must be a whole number`);
    return v;
  };
  const str = (k: string, dflt: string) => {
    const v = obj[k];
    if (v === undefined) return dflt;
    if (typeof v !== 'string') throw usageError(`${file}: ${k} must be a string`);
    return v;
  };
  const arr = <T>(k: string): T[] => {
    const v = obj[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw usageError(`${file}: ${k} must be an array`);
    return v as T[];
  };
  const ports = obj.ports === undefined ? [defaultContainerPort] : arr<number>('ports');
  const droplet = obj.droplet as DropletRef | undefined;
  if (droplet !== undefined && (typeof droplet !== 'object' || droplet === null)) throw usageError(`${file}: droplet must be an object {"digest": …} or {"url": …}`);
  return {
    process_guid: obj.process_guid,
    domain: str('domain', defaultDomain),
    instances: num('instances', 1),
    rootfs: str('rootfs', defaultStack),
    memory_mb: num('memory_mb', defaultMemoryMb),
    disk_mb: num('disk_mb', defaultDiskMb),
    max_pids: num('max_pids', defaultMaxPids),
    ports,
    routes: arr<Route>('routes'),
    env: arr<EnvironmentVariable>('env'),
    start_command: str('start_command', ''),
    droplet: droplet ? { digest: droplet.digest ?? '', url: droplet.url ?? '' } : null,
    check: (obj.check as CheckDefinition | undefined) ?? { type: 'TCP', port: ports[0] ?? 0, path: '', timeout_ms: 1000, interval_ms: 2000 },
    start_timeout_ms: num('start_timeout_ms', defaultStartTimeoutMs),
    placement_tags: arr<string>('placement_tags'),
    annotation: str('annotation', ''),
    modification_tag: null,
    log_guid: str('log_guid', obj.process_guid),
    user: str('user', ''),
    created_at: 0,
  };
}
