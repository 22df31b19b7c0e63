// A unix-socket proxy in front of the real Docker engine, for the fault "the
// engine stops answering" without freezing the machine's dockerd (other tests
// use it). Every byte goes to and from the real engine; hang() stops the
// forwarding on every connection, open or new (connections are still
// accepted, as a wedged dockerd's are), and resume() lets what waited go on.
// A client that gave up meanwhile closes its connection: what it had sent is
// dropped, never reaching the engine.
import fs from 'node:fs';
import net from 'node:net';

export const DOCKER_SOCKET = '/var/run/docker.sock';

interface Pair {
  client: net.Socket;
  engine: net.Socket;
  toEngine: Buffer[];
  toClient: Buffer[];
  clientEnded: boolean;
  engineEnded: boolean;
}

export class DockerProxy {
  private readonly pairs = new Set<Pair>();
  private hung = false;
  /** Connections accepted so far (a check that the cell really talks through the proxy). */
  connections = 0;

  private constructor(readonly socketPath: string, private readonly server: net.Server, private readonly upstream: string) {}

  static async start(socketPath: string, upstream = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : DOCKER_SOCKET): Promise<DockerProxy> {
    fs.rmSync(socketPath, { force: true });
    let proxy!: DockerProxy;
    const server = net.createServer((client) => proxy.accept(client));
    proxy = new DockerProxy(socketPath, server, upstream);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    return proxy;
  }

  get hanging(): boolean {
    return this.hung;
  }

  private accept(client: net.Socket): void {
    this.connections++;
    const engine = net.createConnection(this.upstream);
    const pair: Pair = { client, engine, toEngine: [], toClient: [], clientEnded: false, engineEnded: false };
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      engine.destroy();
    };
    client.on('data', (d: Buffer) => (this.hung ? pair.toEngine.push(d) : engine.write(d)));
    engine.on('data', (d: Buffer) => (this.hung ? pair.toClient.push(d) : client.write(d)));
    client.on('end', () => {
      pair.clientEnded = true;
      if (!this.hung) engine.end();
    });
    engine.on('end', () => {
      pair.engineEnded = true;
      if (!this.hung) client.end();
    });
    client.on('error', drop);
    engine.on('error', drop);
    client.on('close', drop);
    engine.on('close', () => {
      pair.engineEnded = true;
      // An engine that closed while hung is told to the client on resume, after what it sent before.
      if (!this.hung) client.end();
    });
  }

  /** The engine stops answering: nothing is forwarded either way until resume(). */
  hang(): void {
    this.hung = true;
  }

  /** The engine answers again: what waited is delivered, in order. */
  resume(): void {
    this.hung = false;
    for (const p of this.pairs) {
      for (const d of p.toEngine.splice(0)) p.engine.write(d);
      for (const d of p.toClient.splice(0)) p.client.write(d);
      if (p.clientEnded) p.engine.end();
      if (p.engineEnded) p.client.end();
    }
  }

  async close(): Promise<void> {
    this.hung = false;
    for (const p of this.pairs) {
      p.client.destroy();
      p.engine.destroy();
    }
    this.pairs.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }
}
