// The gRPC server of a process that serves only while it leads (the BBS, the
// auctioneer). As Diego's BBS starts its server only once it holds its lock, a
// standby does not bind its port at all: clients given every instance's
// address (grpc-target.ts) then connect to the one that accepts, the leader,
// and a leader that loses its lock unbinds, so it can never go on answering
// beside a new one. The port is fixed when the process starts (port 0 picks a
// free one then), so it is the same in every term.
import type { ServerHandle } from './grpc.ts';
import type { Logger } from './log.ts';
import { freePort, splitHostPort, unbracketed } from './net.ts';

const bindRetryMs = 250;
const unbindGraceMs = 1000;

export interface LeaderServerOptions {
  /** host:port to listen on; port 0 picks a free port once, now. */
  listen: string;
  /** Starts (binds) the server on host:port; a new one for every term. */
  start: (address: string) => Promise<ServerHandle>;
  log: Logger;
  /** For log lines: "bbs", "auctioneer". */
  name: string;
}

export class LeaderServer {
  private current?: ServerHandle;
  /** Binds and unbinds run one after another, in the order asked. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly host: string, readonly port: number, private readonly opts: LeaderServerOptions) {}

  static async create(opts: LeaderServerOptions): Promise<LeaderServer> {
    const [host, port] = splitHostPort(opts.listen, 'listen');
    return new LeaderServer(host, port || (await freePort(unbracketed(host))), opts);
  }

  /** host:port to dial (the listen host, with the port picked). */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get bound(): boolean {
    return this.current !== undefined;
  }

  /**
   * Binds and reports SERVING; a bind that fails (the port still held by the
   * previous term's server, or by someone else) is retried while `wanted()`.
   * Resolves true once serving, false if no longer wanted.
   */
  serve(wanted: () => boolean): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      let failures = 0;
      while (wanted()) {
        if (this.current) {
          this.current.setServing(true);
          return true;
        }
        try {
          this.current = await this.opts.start(this.address);
          this.current.setServing(true);
          this.opts.log.info(`${this.opts.name} listening: leading`, { address: this.address });
          return true;
        } catch (err) {
          if (failures++ % 20 === 0) this.opts.log.error(`${this.opts.name} cannot listen; retrying`, { address: this.address, error: err as Error });
          await new Promise((r) => setTimeout(r, bindRetryMs));
        }
      }
      return false;
    };
    const p = this.queue.then(run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** NOT_SERVING, then the server stops and the port is released (calls in flight get a moment to finish). */
  unserve(graceMs = unbindGraceMs): Promise<void> {
    const run = async () => {
      const s = this.current;
      this.current = undefined;
      if (!s) return;
      await s.stop(graceMs);
      this.opts.log.info(`${this.opts.name} stopped listening`, { address: this.address });
    };
    const p = this.queue.then(run);
    this.queue = p.catch(() => undefined);
    return p;
  }
}
