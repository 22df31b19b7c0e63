// Host ports of one cell: containers use host networking, so each container
// port of an instance is mapped to a host port the rep picks from the cell's
// configured range, and gets back when the container is destroyed.
import type { PortMapping } from '../common/models.ts';

export class PortAllocator {
  private readonly owners = new Map<string, number[]>();
  private readonly taken = new Set<number>();
  /** Where the next search starts: ports are handed out round-robin so a freed port is not reused at once. */
  private cursor: number;

  constructor(readonly first: number, readonly last: number) {
    if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last > 65535 || first > last) {
      throw new Error(`port range must be integers with 1 <= first <= last <= 65535, got ${first}-${last}`);
    }
    this.cursor = first;
  }

  size(): number {
    return this.last - this.first + 1;
  }

  free(): number {
    return this.size() - this.taken.size;
  }

  portsOf(owner: string): number[] {
    return [...(this.owners.get(owner) ?? [])];
  }

  /**
   * One host port per container port, all or none. An owner that already holds
   * ports gets them back (mapped in order) if the count matches, so a retry
   * does not leak. null when the range has too few free ports.
   */
  allocate(owner: string, containerPorts: readonly number[]): PortMapping[] | null {
    const held = this.owners.get(owner);
    if (held) {
      if (held.length === containerPorts.length) return containerPorts.map((c, i) => ({ container_port: c, host_port: held[i]! }));
      this.release(owner);
    }
    if (containerPorts.length > this.free()) return null;
    const picked: number[] = [];
    let p = this.cursor;
    while (picked.length < containerPorts.length) {
      if (!this.taken.has(p)) picked.push(p);
      p = p === this.last ? this.first : p + 1;
    }
    this.cursor = p;
    for (const port of picked) this.taken.add(port);
    this.owners.set(owner, picked);
    return containerPorts.map((c, i) => ({ container_port: c, host_port: picked[i]! }));
  }

  /**
   * Mark ports an existing container already uses (adoption after a restart).
   * Ports outside the range are recorded for the owner but not counted; a port
   * another owner holds is refused (false) and nothing changes.
   */
  adopt(owner: string, hostPorts: readonly number[]): boolean {
    const mine = new Set(this.owners.get(owner) ?? []);
    for (const p of hostPorts) {
      if (this.taken.has(p) && !mine.has(p)) return false;
    }
    this.release(owner);
    for (const p of hostPorts) if (this.inRange(p)) this.taken.add(p);
    this.owners.set(owner, [...hostPorts]);
    return true;
  }

  /** Free an owner's ports; idempotent. */
  release(owner: string): void {
    const held = this.owners.get(owner);
    if (!held) return;
    this.owners.delete(owner);
    for (const p of held) this.taken.delete(p);
  }

  /** Replace every holding with what really runs (the sync loop's recount). */
  recount(holdings: ReadonlyMap<string, readonly number[]>): void {
    this.owners.clear();
    this.taken.clear();
    for (const [owner, ports] of holdings) {
      const ok = ports.filter((p) => !this.taken.has(p));
      for (const p of ok) if (this.inRange(p)) this.taken.add(p);
      this.owners.set(owner, ok);
    }
  }

  private inRange(p: number): boolean {
    return p >= this.first && p <= this.last;
  }
}
