// The live set of cells, from their presence heartbeats (pure: time is passed
// in). Freshness is judged by when this BBS received a heartbeat, not by the
// cell's own clock. A cell is lost when its heartbeats stop for the lost
// timeout, or at once when it says goodbye (or is found gone: nothing listens
// on its rep address); a heartbeat sent before that (still in flight) does not
// bring it back.
import type { CellPresence } from '../../common/models.ts';

interface LiveCell {
  presence: CellPresence;
  lastSeen: number;
}

export type HeartbeatResult = 'new' | 'refreshed' | 'ignored';

export class CellRegistry {
  private readonly cells = new Map<string, LiveCell>();
  /** Each goodbye's sent_at (and when it arrived), so a late heartbeat from before it is ignored. */
  private readonly goodbyes = new Map<string, { sentAt: number; receivedAt: number }>();

  constructor(private readonly lostTimeoutMs: number) {}

  heartbeat(presence: CellPresence, now: number): HeartbeatResult {
    const id = presence.cell_id;
    if (!id) return 'ignored';
    const goodbye = this.goodbyes.get(id);
    if (goodbye !== undefined) {
      if (presence.sent_at <= goodbye.sentAt) return 'ignored';
      this.goodbyes.delete(id);
    }
    const known = this.cells.has(id);
    this.cells.set(id, { presence, lastSeen: now });
    return known ? 'refreshed' : 'new';
  }

  /** The cell left cleanly; returns its presence if it was live. */
  goodbye(presence: CellPresence, now: number): CellPresence | undefined {
    const id = presence.cell_id;
    if (!id) return undefined;
    this.goodbyes.set(id, { sentAt: presence.sent_at, receivedAt: now });
    const cell = this.cells.get(id);
    this.cells.delete(id);
    return cell?.presence;
  }

  /** Remove and return the cells whose last heartbeat is older than the lost timeout. */
  expire(now: number): CellPresence[] {
    const lost: CellPresence[] = [];
    for (const [id, cell] of this.cells) {
      if (now - cell.lastSeen > this.lostTimeoutMs) {
        this.cells.delete(id);
        lost.push(cell.presence);
      }
    }
    // Goodbye markers only matter while a late heartbeat could still arrive.
    for (const [id, g] of this.goodbyes) if (now - g.receivedAt > 10 * this.lostTimeoutMs) this.goodbyes.delete(id);
    return lost;
  }

  /** Live cells not heard from for more than silentMs (their heartbeats may have stopped), with when each was last heard. */
  silent(now: number, silentMs: number): Array<{ presence: CellPresence; lastSeen: number }> {
    const out: Array<{ presence: CellPresence; lastSeen: number }> = [];
    for (const cell of this.cells.values()) if (now - cell.lastSeen > silentMs) out.push({ presence: cell.presence, lastSeen: cell.lastSeen });
    return out;
  }

  /**
   * The cell's process is gone (nothing listens on its rep address): lose it
   * now, as if it had said goodbye when last heard. Heartbeats it sent before
   * then (in flight) do not bring it back; a new process's do. Returns its
   * presence if it was live and still unheard since `lastSeen`.
   */
  gone(cellId: string, lastSeen: number, now: number): CellPresence | undefined {
    const cell = this.cells.get(cellId);
    if (!cell || cell.lastSeen !== lastSeen) return undefined;
    // Its clock at this moment, estimated from its last heartbeat's sent_at and the time since.
    return this.goodbye({ ...cell.presence, sent_at: cell.presence.sent_at + (now - cell.lastSeen) }, now);
  }

  get(cellId: string): CellPresence | undefined {
    return this.cells.get(cellId)?.presence;
  }

  /** The live cells by id (a snapshot). */
  live(): Map<string, CellPresence> {
    const out = new Map<string, CellPresence>();
    for (const [id, cell] of this.cells) out.set(id, cell.presence);
    return out;
  }

  list(): CellPresence[] {
    return [...this.cells.values()].map((c) => c.presence).sort((a, b) => (a.cell_id < b.cell_id ? -1 : a.cell_id > b.cell_id ? 1 : 0));
  }

  get size(): number {
    return this.cells.size;
  }
}
