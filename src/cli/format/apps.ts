// `gantry list`: one row per app with its instances' counts.
import type { ActualLRP, DesiredLRP } from '../../common/models.ts';
import type { Paint } from './colour.ts';
import { countInstances, describeCheck } from './lrp.ts';
import { renderTable } from './table.ts';

export interface AppRow {
  name: string;
  desired: number;
  running: number;
  starting: number;
  crashed: number;
  unplaced: number;
  memoryMb: number;
  diskMb: number;
  healthCheck: string;
  routes: string[];
}

export function appRows(desired: DesiredLRP[], actuals: ActualLRP[]): AppRow[] {
  const byGuid = new Map<string, ActualLRP[]>();
  for (const a of actuals) {
    const g = a.key?.process_guid ?? '';
    byGuid.set(g, [...(byGuid.get(g) ?? []), a]);
  }
  return [...desired]
    .sort((a, b) => a.process_guid.localeCompare(b.process_guid))
    .map((d) => {
      const c = countInstances(d.instances, byGuid.get(d.process_guid) ?? []);
      return {
        name: d.process_guid,
        desired: d.instances,
        running: c.running,
        starting: c.claimed,
        crashed: c.crashed,
        unplaced: c.unclaimed,
        memoryMb: d.memory_mb,
        diskMb: d.disk_mb,
        healthCheck: describeCheck(d.check, d.ports),
        routes: d.routes.flatMap((r) => r.hostnames),
      };
    });
}

export function formatAppList(rows: AppRow[], paint: Paint): string {
  if (!rows.length) return 'no apps: create one with `gantry push NAME -p DIR` or `gantry create NAME --droplet REF`\n';
  return renderTable(
    ['NAME', 'INSTANCES', 'STARTING', 'CRASHED', 'UNPLACED', 'MEMORY', 'DISK', 'HEALTH CHECK', 'ROUTES'],
    rows.map((r) => [
      paint('bold', r.name),
      paint(r.running === r.desired ? 'green' : 'yellow', `${r.running}/${r.desired}`),
      String(r.starting),
      r.crashed ? paint('red', String(r.crashed)) : '0',
      r.unplaced ? paint('yellow', String(r.unplaced)) : '0',
      `${r.memoryMb}M`,
      `${r.diskMb}M`,
      r.healthCheck,
      r.routes.join(', ') || '-',
    ]),
    { right: [2, 3, 4, 5, 6] },
  );
}
