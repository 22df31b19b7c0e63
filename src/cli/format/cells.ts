// `gantry cells`: each live cell's capacity, what its instances and tasks use of
// it (from the BBS's actual LRPs and tasks, sized by their desired LRPs), zone,
// stacks and tags.
import type { ActualLRP, CellPresence, DesiredLRPSchedulingInfo, Task } from '../../common/models.ts';
import type { Paint } from './colour.ts';
import { renderTable } from './table.ts';

export interface CellUsage {
  cellId: string;
  zone: string;
  repAddress: string;
  stacks: string[];
  placementTags: string[];
  optionalPlacementTags: string[];
  evacuating: boolean;
  instances: number;
  tasks: number;
  memory: { used: number; total: number; free: number };
  disk: { used: number; total: number; free: number };
  containers: { used: number; total: number; free: number };
}

export interface CellsReport {
  cells: CellUsage[];
  /** Instances the BBS still places on cells that no longer send presence (lost). */
  onLostCells: Array<{ cellId: string; instances: number }>;
}

/** Instances hold resources on their cell while CLAIMED or RUNNING (in any presence); tasks while RUNNING. */
export function cellUsage(cells: CellPresence[], actuals: ActualLRP[], infos: DesiredLRPSchedulingInfo[], tasks: Task[]): CellsReport {
  const size = new Map(infos.map((i) => [i.process_guid, i]));
  const used = new Map<string, { mem: number; disk: number; containers: number; instances: number; tasks: number }>();
  const bump = (cellId: string) => {
    let u = used.get(cellId);
    if (!u) used.set(cellId, (u = { mem: 0, disk: 0, containers: 0, instances: 0, tasks: 0 }));
    return u;
  };
  for (const a of actuals) {
    const cellId = a.instance_key?.cell_id;
    if (!cellId || (a.state !== 'CLAIMED' && a.state !== 'RUNNING')) continue;
    const u = bump(cellId);
    const info = size.get(a.key?.process_guid ?? '');
    u.mem += info?.memory_mb ?? 0;
    u.disk += info?.disk_mb ?? 0;
    u.containers++;
    u.instances++;
  }
  for (const t of tasks) {
    if (!t.cell_id || t.state !== 'RUNNING') continue;
    const u = bump(t.cell_id);
    u.mem += t.memory_mb;
    u.disk += t.disk_mb;
    u.containers++;
    u.tasks++;
  }
  const live = new Set(cells.map((c) => c.cell_id));
  const report: CellsReport = {
    cells: [...cells]
      .sort((a, b) => a.cell_id.localeCompare(b.cell_id, undefined, { numeric: true }))
      .map((c) => {
        const u = used.get(c.cell_id) ?? { mem: 0, disk: 0, containers: 0, instances: 0, tasks: 0 };
        const cap = c.capacity ?? { memory_mb: 0, disk_mb: 0, containers: 0, pids: 0 };
        const res = (usedN: number, total: number) => ({ used: usedN, total, free: Math.max(0, total - usedN) });
        return {
          cellId: c.cell_id,
          zone: c.zone,
          repAddress: c.rep_address,
          stacks: c.stacks,
          placementTags: c.placement_tags,
          optionalPlacementTags: c.optional_placement_tags,
          evacuating: c.evacuating,
          instances: u.instances,
          tasks: u.tasks,
          memory: res(u.mem, cap.memory_mb),
          disk: res(u.disk, cap.disk_mb),
          containers: res(u.containers, cap.containers),
        };
      }),
    onLostCells: [...used.entries()]
      .filter(([id]) => !live.has(id))
      .map(([cellId, u]) => ({ cellId, instances: u.instances }))
      .sort((a, b) => a.cellId.localeCompare(b.cellId)),
  };
  return report;
}

const pct = (used: number, total: number) => (total > 0 ? ` ${Math.round((100 * used) / total)}%` : '');

export function formatCells(report: CellsReport, paint: Paint): string {
  if (!report.cells.length && !report.onLostCells.length) return 'no cells: none has sent presence to the BBS (are the cells running? `gantry up` starts some)\n';
  let out = renderTable(
    ['CELL', 'ZONE', 'INSTANCES', 'TASKS', 'MEMORY USED/TOTAL', 'MEMORY FREE', 'DISK USED/TOTAL', 'DISK FREE', 'CONTAINERS', 'STACKS', 'TAGS', 'STATE'],
    report.cells.map((c) => [
      paint('bold', c.cellId),
      c.zone || '-',
      String(c.instances),
      String(c.tasks),
      `${c.memory.used}/${c.memory.total}M${pct(c.memory.used, c.memory.total)}`,
      `${c.memory.free}M`,
      `${c.disk.used}/${c.disk.total}M${pct(c.disk.used, c.disk.total)}`,
      `${c.disk.free}M`,
      `${c.containers.used}/${c.containers.total}`,
      c.stacks.join(',') || '-',
      [...c.placementTags, ...c.optionalPlacementTags.map((t) => `${t}?`)].join(',') || '-',
      c.evacuating ? paint('cyan', 'evacuating') : paint('green', 'live'),
    ]),
    { right: [2, 3, 4, 5, 6, 7, 8] },
  );
  for (const lost of report.onLostCells) {
    out += paint('magenta', `${lost.cellId}: no presence (lost), ${lost.instances} instance(s) still recorded there`) + '\n';
  }
  return out;
}
