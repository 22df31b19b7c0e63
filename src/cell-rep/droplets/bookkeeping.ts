// The droplet cache's bookkeeping, with no I/O: which entries are in use (a
// reference count per entry), how big they are, and which ones garbage
// collection may remove. An entry no instance uses is kept for a grace period
// (the next instance of the same app is likely to come soon); past a size
// limit the least recently used unused entries go first, grace or not.

export interface CacheEntry {
  key: string;
  bytes: number;
  refs: number;
  /** When it was last acquired or released (ms). */
  lastUsedAt: number;
}

export interface GcPolicy {
  /** An unused entry stays at least this long after its last use. */
  graceMs: number;
  /** Above this many bytes in total, unused entries go oldest first even within their grace (0 = no limit). */
  maxBytes: number;
}

export class CacheBook {
  private readonly entries = new Map<string, CacheEntry>();

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): CacheEntry | undefined {
    const e = this.entries.get(key);
    return e && { ...e };
  }

  /** A new entry on disk, not yet used by anyone. */
  add(key: string, bytes: number, now: number): void {
    if (this.entries.has(key)) return;
    this.entries.set(key, { key, bytes, refs: 0, lastUsedAt: now });
  }

  /** One more user; false when the entry is unknown. */
  acquire(key: string, now: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    e.refs += 1;
    e.lastUsedAt = now;
    return true;
  }

  /** One user fewer. Releasing more than was acquired is a bug in the caller, and is ignored. */
  release(key: string, now: number): void {
    const e = this.entries.get(key);
    if (!e || e.refs === 0) return;
    e.refs -= 1;
    e.lastUsedAt = now;
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  totals(): { entries: number; bytes: number; inUse: number } {
    let bytes = 0;
    let inUse = 0;
    for (const e of this.entries.values()) {
      bytes += e.bytes;
      if (e.refs > 0) inUse++;
    }
    return { entries: this.entries.size, bytes, inUse };
  }

  /** The keys garbage collection should remove now (never one in use). */
  collectable(now: number, policy: GcPolicy): string[] {
    const unused = [...this.entries.values()].filter((e) => e.refs === 0).sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    const out = new Set<string>();
    for (const e of unused) if (now - e.lastUsedAt >= policy.graceMs) out.add(e.key);
    if (policy.maxBytes > 0) {
      let total = 0;
      for (const e of this.entries.values()) if (!out.has(e.key)) total += e.bytes;
      for (const e of unused) {
        if (total <= policy.maxBytes) break;
        if (out.has(e.key)) continue;
        out.add(e.key);
        total -= e.bytes;
      }
    }
    return [...out];
  }
}
