// Validation of desired LRPs, their updates and the keys of actual LRP
// requests, after Diego's (cloudfoundry/bbs models/desired_lrp.go Validate,
// actual_lrp.go and actual_lrp_requests.go). Each check throws
// INVALID_ARGUMENT naming the field path, before the model changes anything.
import type {
  ActualLRPInstanceKey, ActualLRPKey, ActualLRPNetInfo, CheckDefinition, DesiredLRP, DesiredLRPUpdate, DropletRef,
  EnvironmentVariable, Route,
} from '../../common/models.ts';
import { invalidArgument } from '../../common/errors.ts';

/** Process and task guids: Diego's processGuidPattern / taskGuidPattern. */
export const GUID_PATTERN = /^[a-zA-Z0-9_-]+$/;
/** A stack name: "bookworm", "cflinuxfs4", "gantry:bookworm". */
export const ROOTFS_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
export const DROPLET_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** Diego's maximumAnnotationLength (bytes). */
export const MAX_ANNOTATION_BYTES = 10 * 1024;
/** Diego's maximumRouteLength: all routes of one LRP together (bytes). */
export const MAX_ROUTES_BYTES = 128 * 1024;
/** Ports one instance may expose; each needs a host port on its cell. */
export const MAX_PORTS = 32;
/** A bound on one LRP's instances, so a typo cannot ask for billions of records. */
export const MAX_INSTANCES = 100_000;
/** A health check's per-probe timeout and interval stay under this. */
export const MAX_CHECK_MS = 10 * 60_000;
/** A start (droplet download, start command, first healthy check) may take at most this. */
export const MAX_START_TIMEOUT_MS = 60 * 60_000;
export const MAX_HOSTNAME_LENGTH = 253;
/**
 * Guids, domains, cell ids, instance guids, addresses and zones: Diego keeps
 * each in a VARCHAR(255) column. Here a guid is also part of a KV key (a NATS
 * subject, whose control line is bounded) and every one may be quoted in an
 * error message, so none may be longer.
 */
export const MAX_ID_LENGTH = 255;
/** Longest piece of a client's value an error message quotes. */
const QUOTED_CHARS = 64;
const HOSTNAME_PATTERN = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const ENV_NAME_PATTERN = /^[^=\0]+$/;
const USER_PATTERN = /^[a-z_][a-z0-9_-]*$/;

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A client's value as an error message quotes it: JSON, cut short. */
export function quoted(value: string): string {
  return value.length <= QUOTED_CHARS ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, QUOTED_CHARS))}… (${value.length} characters)`;
}

function validateLength(value: string, field: string, max = MAX_ID_LENGTH): void {
  if (bytes(value) > max) throw invalidArgument(field, `at most ${max} bytes, got ${bytes(value)}`);
}

export function validateGuid(value: string | null | undefined, field: string): void {
  if (!value) throw invalidArgument(field, 'required');
  validateLength(value, field);
  if (!GUID_PATTERN.test(value)) throw invalidArgument(field, `must match ${GUID_PATTERN.source}`);
}

/** A domain name: any text, at most MAX_ID_LENGTH bytes (its KV key is its hex encoding). */
export function validateDomain(value: string | null | undefined, field: string): void {
  if (!value) throw invalidArgument(field, 'required');
  validateLength(value, field);
}

/** An instance guid, a cell id: required, at most MAX_ID_LENGTH bytes. */
export function validateId(value: string | null | undefined, field: string): void {
  if (!value) throw invalidArgument(field, 'required');
  validateLength(value, field);
}

/** An optional short text (an availability zone): at most MAX_ID_LENGTH bytes. */
export function validateShort(value: string | null | undefined, field: string): void {
  if (value) validateLength(value, field);
}

export function validateRequired(value: string | null | undefined, field: string): void {
  if (!value) throw invalidArgument(field, 'required');
}

export function validateRootfs(value: string, field: string): void {
  if (!value) throw invalidArgument(field, 'required (the stack to run on)');
  validateLength(value, field);
  if (!ROOTFS_PATTERN.test(value)) throw invalidArgument(field, `not a stack name: ${quoted(value)}`);
}

export function validateNonNegative(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0) throw invalidArgument(field, 'must be a non-negative integer');
}

export function validateInstances(value: number, field: string): void {
  validateNonNegative(value, field);
  if (value > MAX_INSTANCES) throw invalidArgument(field, `at most ${MAX_INSTANCES}`);
}

export function validateAnnotation(value: string, field: string): void {
  if (bytes(value) > MAX_ANNOTATION_BYTES) throw invalidArgument(field, `at most ${MAX_ANNOTATION_BYTES} bytes`);
}

export function validateEnv(env: EnvironmentVariable[], field: string): void {
  env.forEach((variable, i) => {
    if (!variable) throw invalidArgument(`${field}[${i}]`, 'required');
    if (!variable.name) throw invalidArgument(`${field}[${i}].name`, 'cannot be blank');
    if (!ENV_NAME_PATTERN.test(variable.name)) throw invalidArgument(`${field}[${i}].name`, "must not contain '=' or NUL");
  });
}

export function validatePlacementTags(tags: string[], field: string): void {
  tags.forEach((tag, i) => {
    if (!tag || tag.trim() === '') throw invalidArgument(`${field}[${i}]`, 'cannot be blank');
  });
}

export function validateUser(user: string, field: string): void {
  if (user === '') return;
  validateLength(user, field);
  if (!USER_PATTERN.test(user)) throw invalidArgument(field, `not a user name: ${quoted(user)}`);
}

export function validateUrl(url: string, field: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidArgument(field, `not a URL: ${quoted(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidArgument(field, 'must be an http(s) URL');
}

export function validateDigest(digest: string, field: string): void {
  if (!DROPLET_DIGEST_PATTERN.test(digest)) throw invalidArgument(field, 'must be sha256:<64 lowercase hex digits>');
}

function validatePorts(ports: number[], field: string): void {
  if (ports.length > MAX_PORTS) throw invalidArgument(field, `at most ${MAX_PORTS} ports`);
  const seen = new Set<number>();
  ports.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalidArgument(`${field}[${i}]`, 'must be a port in 1..65535');
    if (seen.has(port)) throw invalidArgument(`${field}[${i}]`, `port ${port} listed twice`);
    seen.add(port);
  });
}

/** Routes on their own (hostnames, total size); whether their ports are exposed needs the LRP's ports. */
export function validateRoutes(routes: Route[], field: string): void {
  let total = 0;
  routes.forEach((route, i) => {
    if (!route) throw invalidArgument(`${field}[${i}]`, 'required');
    if (route.hostnames.length === 0) throw invalidArgument(`${field}[${i}].hostnames`, 'at least one hostname');
    route.hostnames.forEach((hostname, j) => {
      const at = `${field}[${i}].hostnames[${j}]`;
      if (!hostname) throw invalidArgument(at, 'cannot be blank');
      if (hostname.length > MAX_HOSTNAME_LENGTH || !HOSTNAME_PATTERN.test(hostname)) throw invalidArgument(at, `not a hostname: ${quoted(hostname)}`);
      total += bytes(hostname);
    });
    if (!Number.isInteger(route.port) || route.port < 1 || route.port > 65535) throw invalidArgument(`${field}[${i}].port`, 'must be a port in 1..65535');
    total += 8;
  });
  if (total > MAX_ROUTES_BYTES) throw invalidArgument(field, `at most ${MAX_ROUTES_BYTES} bytes of routes`);
}

/** A route can only reach a port the instance exposes. */
export function validateRoutePorts(routes: Route[], ports: number[], field: string): void {
  routes.forEach((route, i) => {
    if (!ports.includes(route.port)) throw invalidArgument(`${field}[${i}].port`, `port ${route.port} is not one of the LRP's ports [${ports.join(', ')}]`);
  });
}

function validateDroplet(droplet: DropletRef, field: string): void {
  if (!droplet.digest && !droplet.url) throw invalidArgument(field, 'needs a digest or a url');
  if (droplet.digest) validateDigest(droplet.digest, `${field}.digest`);
  if (droplet.url) validateUrl(droplet.url, `${field}.url`);
}

function validateCheck(check: CheckDefinition, ports: number[], field: string): void {
  if (check.type !== 'NONE' && check.type !== 'TCP' && check.type !== 'HTTP') throw invalidArgument(`${field}.type`, 'must be NONE, TCP or HTTP');
  if (!Number.isInteger(check.timeout_ms) || check.timeout_ms < 0 || check.timeout_ms > MAX_CHECK_MS) {
    throw invalidArgument(`${field}.timeout_ms`, `must be 0..${MAX_CHECK_MS}`);
  }
  if (!Number.isInteger(check.interval_ms) || check.interval_ms < 0 || check.interval_ms > MAX_CHECK_MS) {
    throw invalidArgument(`${field}.interval_ms`, `must be 0..${MAX_CHECK_MS}`);
  }
  if (check.type === 'NONE') return;
  if (check.port === 0) {
    if (ports.length === 0) throw invalidArgument(`${field}.port`, 'no port to check: the LRP exposes no ports');
  } else {
    if (!Number.isInteger(check.port) || check.port < 1 || check.port > 65535) throw invalidArgument(`${field}.port`, 'must be a port in 1..65535');
    if (ports.length > 0 && !ports.includes(check.port)) throw invalidArgument(`${field}.port`, `port ${check.port} is not one of the LRP's ports [${ports.join(', ')}]`);
  }
  if (check.type === 'HTTP' && !check.path.startsWith('/')) throw invalidArgument(`${field}.path`, "an HTTP check needs a path starting with '/'");
}

/** Diego's DesiredLRP.Validate, for gantry's fields. */
export function validateDesiredLRP(desired: DesiredLRP | null | undefined, field = 'desired_lrp'): void {
  if (!desired) throw invalidArgument(field, 'required');
  validateGuid(desired.process_guid, `${field}.process_guid`);
  validateDomain(desired.domain, `${field}.domain`);
  validateRootfs(desired.rootfs, `${field}.rootfs`);
  validateInstances(desired.instances, `${field}.instances`);
  validateNonNegative(desired.memory_mb, `${field}.memory_mb`);
  validateNonNegative(desired.disk_mb, `${field}.disk_mb`);
  validateNonNegative(desired.max_pids, `${field}.max_pids`);
  validateAnnotation(desired.annotation, `${field}.annotation`);
  validatePorts(desired.ports, `${field}.ports`);
  validateRoutes(desired.routes, `${field}.routes`);
  validateRoutePorts(desired.routes, desired.ports, `${field}.routes`);
  validateEnv(desired.env, `${field}.env`);
  if (!desired.start_command && !desired.droplet) throw invalidArgument(`${field}.start_command`, 'required when no droplet is given');
  if (desired.droplet) validateDroplet(desired.droplet, `${field}.droplet`);
  if (desired.check) validateCheck(desired.check, desired.ports, `${field}.check`);
  if (!Number.isInteger(desired.start_timeout_ms) || desired.start_timeout_ms < 0 || desired.start_timeout_ms > MAX_START_TIMEOUT_MS) {
    throw invalidArgument(`${field}.start_timeout_ms`, `must be 0..${MAX_START_TIMEOUT_MS}`);
  }
  validatePlacementTags(desired.placement_tags, `${field}.placement_tags`);
  if (desired.log_guid) validateGuid(desired.log_guid, `${field}.log_guid`);
  validateUser(desired.user, `${field}.user`);
}

/** Diego's DesiredLRPUpdate.Validate: what can be checked without the LRP itself. */
export function validateDesiredLRPUpdate(update: DesiredLRPUpdate | null | undefined, field = 'update'): void {
  if (!update) throw invalidArgument(field, 'required');
  if (update.instances !== undefined && update.instances !== null) validateInstances(update.instances, `${field}.instances`);
  if (update.annotation !== undefined && update.annotation !== null) validateAnnotation(update.annotation, `${field}.annotation`);
  if (update.routes) validateRoutes(update.routes.routes, `${field}.routes`);
}

export function validateActualLRPKey(key: ActualLRPKey | null | undefined, field = 'key'): asserts key is ActualLRPKey {
  if (!key) throw invalidArgument(field, 'required');
  validateGuid(key.process_guid, `${field}.process_guid`);
  validateIndex(key.index, `${field}.index`);
  validateDomain(key.domain, `${field}.domain`);
}

export function validateIndex(index: number, field = 'index'): void {
  if (!Number.isInteger(index) || index < 0) throw invalidArgument(field, 'must be a non-negative integer');
}

export function validateInstanceKey(key: ActualLRPInstanceKey | null | undefined, field = 'instance_key'): asserts key is ActualLRPInstanceKey {
  if (!key) throw invalidArgument(field, 'required');
  validateId(key.instance_guid, `${field}.instance_guid`);
  validateId(key.cell_id, `${field}.cell_id`);
}

export function validateNetInfo(info: ActualLRPNetInfo | null | undefined, field = 'net_info'): asserts info is ActualLRPNetInfo {
  if (!info) throw invalidArgument(field, 'required');
  validateId(info.address, `${field}.address`);
  validateShort(info.instance_address, `${field}.instance_address`);
  if (info.ports.length > MAX_PORTS) throw invalidArgument(`${field}.ports`, `at most ${MAX_PORTS} ports`);
  info.ports.forEach((port, i) => {
    if (!port) throw invalidArgument(`${field}.ports[${i}]`, 'required');
    if (!Number.isInteger(port.container_port) || port.container_port < 1 || port.container_port > 65535) throw invalidArgument(`${field}.ports[${i}].container_port`, 'must be a port in 1..65535');
    if (!Number.isInteger(port.host_port) || port.host_port < 1 || port.host_port > 65535) throw invalidArgument(`${field}.ports[${i}].host_port`, 'must be a port in 1..65535');
  });
}
