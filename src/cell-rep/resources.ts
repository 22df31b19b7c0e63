// Resource accounting of one cell: what it has in total, what its containers
// hold, and what is left for the auction. Pure and synchronous on purpose:
// Perform reserves a whole batch in one synchronous call, so two concurrent
// Performs can never book the same megabytes (JS runs one call to the end
// before the next starts).

/** What a cell offers: memory and disk in MB, a container count and a pid budget. */
export interface Capacity {
  memoryMb: number;
  diskMb: number;
  containers: number;
  pids: number;
}

/** What one piece of work (one container) holds. */
export interface ResourceNeed {
  memoryMb: number;
  diskMb: number;
  /** 0 asks for no pid limit, and so takes nothing from the cell's pid budget (as the auction counts it). */
  maxPids: number;
}

export interface Reservation extends ResourceNeed {
  /** Who holds it: an LRP instance guid or a task guid. */
  key: string;
}

/** A piece to reserve, carrying whatever the caller wants back in accepted/refused. */
export interface ReservationRequest<T> extends Reservation {
  work: T;
}

export interface ReserveOutcome<T> {
  accepted: T[];
  refused: T[];
}

/** Why a need does not fit what is available ([] when it fits). */
export function shortfall(available: Capacity, need: ResourceNeed): Array<keyof Capacity> {
  const lacking: Array<keyof Capacity> = [];
  if (need.memoryMb > available.memoryMb) lacking.push('memoryMb');
  if (need.diskMb > available.diskMb) lacking.push('diskMb');
  if (available.containers < 1) lacking.push('containers');
  if (need.maxPids > available.pids) lacking.push('pids');
  return lacking;
}

export class ResourceLedger {
  private readonly held = new Map<string, Reservation>();
  private used: Capacity = { memoryMb: 0, diskMb: 0, containers: 0, pids: 0 };

  constructor(private readonly capacity: Capacity) {
    for (const [k, v] of Object.entries(capacity)) {
      if (!Number.isFinite(v) || v < 0) throw new Error(`cell capacity ${k} must be a number >= 0, got ${v}`);
    }
  }

  total(): Capacity {
    return { ...this.capacity };
  }

  available(): Capacity {
    return {
      memoryMb: this.capacity.memoryMb - this.used.memoryMb,
      diskMb: this.capacity.diskMb - this.used.diskMb,
      containers: this.capacity.containers - this.used.containers,
      pids: this.capacity.pids - this.used.pids,
    };
  }

  has(key: string): boolean {
    return this.held.has(key);
  }

  get(key: string): Reservation | undefined {
    return this.held.get(key);
  }

  size(): number {
    return this.held.size;
  }

  keys(): string[] {
    return [...this.held.keys()];
  }

  /** Reserve one piece if it fits whole; false (and nothing held) if not, or if the key already holds resources. */
  tryReserve(r: Reservation): boolean {
    if (this.held.has(r.key)) return false;
    if (shortfall(this.available(), r).length > 0) return false;
    this.add(r);
    return true;
  }

  /**
   * Reserve a batch, in order: each piece is reserved whole or refused whole.
   * A refused piece does not stop the ones after it (a smaller one may still fit).
   */
  reserve<T>(pieces: ReservationRequest<T>[]): ReserveOutcome<T> {
    const out: ReserveOutcome<T> = { accepted: [], refused: [] };
    for (const p of pieces) {
      if (this.tryReserve({ key: p.key, memoryMb: p.memoryMb, diskMb: p.diskMb, maxPids: p.maxPids })) out.accepted.push(p.work);
      else out.refused.push(p.work);
    }
    return out;
  }

  /**
   * Hold what an existing container uses, fitting or not (adoption after a
   * restart: the container runs whatever the books say). Replaces what the key held.
   */
  hold(r: Reservation): void {
    this.release(r.key);
    this.add(r);
  }

  /** Give back what a key holds; false when it held nothing (release is idempotent). */
  release(key: string): boolean {
    const r = this.held.get(key);
    if (!r) return false;
    this.held.delete(key);
    this.used = {
      memoryMb: this.used.memoryMb - r.memoryMb,
      diskMb: this.used.diskMb - r.diskMb,
      containers: this.used.containers - 1,
      pids: this.used.pids - r.maxPids,
    };
    return true;
  }

  /**
   * Replace every reservation with what really runs (the sync loop's recount).
   * A recount may go over capacity (containers adopted after a restart with a
   * smaller configured cell): available goes negative and nothing new fits
   * until enough of them end, which is the honest answer.
   */
  recount(reservations: Reservation[]): void {
    this.held.clear();
    this.used = { memoryMb: 0, diskMb: 0, containers: 0, pids: 0 };
    for (const r of reservations) {
      if (!this.held.has(r.key)) this.add(r);
    }
  }

  private add(r: Reservation): void {
    this.held.set(r.key, { key: r.key, memoryMb: r.memoryMb, diskMb: r.diskMb, maxPids: r.maxPids });
    this.used = {
      memoryMb: this.used.memoryMb + r.memoryMb,
      diskMb: this.used.diskMb + r.diskMb,
      containers: this.used.containers + 1,
      pids: this.used.pids + r.maxPids,
    };
  }
}
