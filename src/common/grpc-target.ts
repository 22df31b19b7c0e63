// One gRPC target for a list of addresses, so a client finds the leader among
// several BBSes (or auctioneers) the way Diego's clients do through a service
// name: only the leader binds its port, and a channel with every address and
// pick_first connects to whichever accepts. When the leader dies the channel
// tries the list again (with the reconnect backoff of channelOptions) and
// finds the new one.
//
//   "h:1"                     → "h:1" (unchanged: grpc-js's DNS resolver)
//   "10.0.0.1:1,10.0.0.2:1"   → "ipv4:10.0.0.1:1,10.0.0.2:1" (grpc-js's own)
//   "[::1]:1,[::2]:1"         → "ipv6:[::1]:1,[::2]:1"
//   "bbs-1:1,bbs-2:1" (names, or IPs of both families)
//                             → "gantry-list:bbs-1:1,bbs-2:1": a tiny resolver
//                               here that looks each name up and lists them in order.
//
// The channel's default authority (what TLS checks the server certificate
// against) is the first address's host in every case.
import dns from 'node:dns';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { ConfigError } from './config.ts';

const LIST_SCHEME = 'gantry-list';
/** Least time between two lookups of a list, however often the channel asks. */
const MIN_RERESOLVE_MS = 1000;

/** "a:1, b:2" → ["a:1", "b:2"]. */
export function splitAddresses(addresses: string): string[] {
  return addresses.split(',').map((s) => s.trim()).filter(Boolean);
}

/** host:port or [v6]:port → its parts; undefined if it is neither. */
export function parseAddress(address: string): { host: string; port: number } | undefined {
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(address) ?? /^([^\s:[\]]+):(\d{1,5})$/.exec(address);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port > 65535) return undefined;
  return { host: m[1]!, port };
}

/** The grpc-js target for one address or a comma-separated list of them (see the top of this file). */
export function grpcTarget(addresses: string | readonly string[]): string {
  const list = typeof addresses === 'string' ? splitAddresses(addresses) : addresses.map((a) => a.trim()).filter(Boolean);
  if (list.length === 0) throw new Error(`no address in ${JSON.stringify(addresses)}`);
  if (list.length === 1) return list[0]!;
  const parsed = list.map((a) => {
    const p = parseAddress(a);
    if (!p) throw new Error(`expected host:port, got ${JSON.stringify(a)} in ${JSON.stringify(list.join(','))}`);
    return p;
  });
  if (parsed.every((p) => net.isIPv4(p.host))) return `ipv4:${list.join(',')}`;
  if (parsed.every((p) => net.isIPv6(p.host))) return `ipv6:${list.join(',')}`;
  registerListResolver();
  return `${LIST_SCHEME}:${list.join(',')}`;
}

/** A setting that holds one host:port or a list of them; throws a ConfigError naming it. */
export function checkAddresses(field: string, addresses: string): void {
  const list = splitAddresses(addresses);
  if (list.length === 0) throw new ConfigError(`${field}: at least one host:port is needed`);
  for (const a of list) {
    if (!parseAddress(a)) throw new ConfigError(`${field}: expected host:port, or several comma-separated, got ${JSON.stringify(addresses)}`);
  }
}

type Endpoint = grpc.experimental.Endpoint;

class ListResolver implements grpc.experimental.Resolver {
  private readonly entries: { host: string; port: number }[];
  private destroyed = false;
  private resolving = false;
  private lastAt = 0;
  private timer?: NodeJS.Timeout;

  constructor(target: grpc.experimental.GrpcUri, private readonly listener: grpc.experimental.ResolverListener) {
    this.entries = splitAddresses(target.path).map((a) => {
      const p = parseAddress(a);
      if (!p) throw new Error(`${LIST_SCHEME}: expected host:port, got ${JSON.stringify(a)}`);
      return p;
    });
  }

  updateResolution(): void {
    this.destroyed = false;
    if (this.resolving || this.timer) return;
    const wait = this.lastAt + MIN_RERESOLVE_MS - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.updateResolution();
      }, wait);
      this.timer.unref?.();
      return;
    }
    this.resolving = true;
    this.lastAt = Date.now();
    void this.resolve().finally(() => (this.resolving = false));
  }

  private async resolve(): Promise<void> {
    const looked = await Promise.all(
      this.entries.map(async ({ host, port }): Promise<Endpoint | undefined> => {
        if (net.isIP(host)) return { addresses: [{ host, port }] };
        try {
          const found = await dns.promises.lookup(host, { all: true });
          return found.length > 0 ? { addresses: found.map((f) => ({ host: f.address, port })) } : undefined;
        } catch {
          return undefined; // one name that does not resolve leaves the others
        }
      }),
    );
    if (this.destroyed) return;
    const endpoints = looked.filter((e): e is Endpoint => e !== undefined);
    if (endpoints.length > 0) {
      this.listener(grpc.experimental.statusOrFromValue(endpoints), {}, null, '');
    } else {
      const details = `none of ${this.entries.map((e) => `${e.host}:${e.port}`).join(', ')} resolves`;
      this.listener(grpc.experimental.statusOrFromError({ code: grpc.status.UNAVAILABLE, details, metadata: new grpc.Metadata() }), {}, null, '');
    }
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  static getDefaultAuthority(target: grpc.experimental.GrpcUri): string {
    return splitAddresses(target.path)[0] ?? target.path;
  }
}

let registered = false;
function registerListResolver(): void {
  if (registered) return;
  registered = true;
  grpc.experimental.registerResolver(LIST_SCHEME, ListResolver);
}
