// Describing desired and actual LRPs in words: health checks, droplets, ports,
// states with their colours, and the one-line counts of an app's instances.
import type { ActualLRP, CheckDefinition, DesiredLRP, DropletRef } from '../../common/models.ts';
import type { Colour, Paint } from './colour.ts';

export const stateColour: Record<ActualLRP['state'], Colour> = {
  RUNNING: 'green',
  CLAIMED: 'yellow',
  UNCLAIMED: 'white',
  CRASHED: 'red',
};
export const presenceColour: Record<ActualLRP['presence'], Colour | null> = {
  ORDINARY: null,
  EVACUATING: 'cyan',
  SUSPECT: 'magenta',
};

/** "RUNNING", "RUNNING (EVACUATING)", coloured. */
export function stateLabel(a: ActualLRP, paint: Paint): string {
  const state = paint(stateColour[a.state], a.state);
  if (a.presence === 'ORDINARY') return state;
  return `${state} ${paint(presenceColour[a.presence]!, `(${a.presence})`)}`;
}

export function describeCheck(check: CheckDefinition | null | undefined, ports: number[]): string {
  if (!check || check.type === 'NONE') return 'process (alive is healthy)';
  const port = check.port || ports[0];
  const on = port ? ` on port ${port}` : '';
  if (check.type === 'TCP') return port ? `port ${port}` : 'port';
  return `http GET ${check.path || '/'}${on}`;
}

export function describeDroplet(d: DropletRef | null | undefined): string {
  if (!d || (!d.digest && !d.url)) return '-';
  if (d.url && d.digest) return `${d.url} (${d.digest})`;
  return d.url || d.digest;
}

/** "8080→61003, 2222→61004". */
export function describePorts(a: ActualLRP): string {
  const ports = a.net_info?.ports ?? [];
  if (!ports.length) return '-';
  return ports.map((p) => `${p.container_port}→${p.host_port}`).join(', ');
}

/** The address a person can curl: host:first host port. */
export function instanceUrlAddress(a: ActualLRP): string | null {
  const host = a.net_info?.address;
  const port = a.net_info?.ports[0]?.host_port;
  return host && port ? `${host}:${port}` : null;
}

export interface InstanceCounts {
  desired: number;
  running: number;
  claimed: number;
  unclaimed: number;
  crashed: number;
  evacuating: number;
  suspect: number;
}

/**
 * Counts of an app's instances by index below `desired`: an index is running
 * when any copy of it runs (an EVACUATING or SUSPECT copy still serves while
 * its replacement starts), else it has the state of its ORDINARY copy.
 * Evacuating and suspect copies are counted on the side.
 */
export function countInstances(desired: number, actuals: ActualLRP[]): InstanceCounts {
  const c: InstanceCounts = { desired, running: 0, claimed: 0, unclaimed: 0, crashed: 0, evacuating: 0, suspect: 0 };
  const byIndex = new Map<number, ActualLRP[]>();
  for (const a of actuals) {
    if (a.presence === 'EVACUATING') c.evacuating++;
    if (a.presence === 'SUSPECT') c.suspect++;
    const i = a.key?.index ?? 0;
    if (i >= desired) continue;
    byIndex.set(i, [...(byIndex.get(i) ?? []), a]);
  }
  for (const rows of byIndex.values()) {
    if (rows.some((r) => r.state === 'RUNNING')) {
      c.running++;
      continue;
    }
    const ordinary = rows.find((r) => r.presence === 'ORDINARY');
    if (!ordinary) continue;
    if (ordinary.state === 'CLAIMED') c.claimed++;
    else if (ordinary.state === 'UNCLAIMED') c.unclaimed++;
    else if (ordinary.state === 'CRASHED') c.crashed++;
  }
  return c;
}

/** "3/3 running", "1/3 running, 1 starting, 1 crashed". */
export function summarizeCounts(c: InstanceCounts): string {
  const parts = [`${c.running}/${c.desired} running`];
  if (c.claimed) parts.push(`${c.claimed} starting`);
  if (c.unclaimed) parts.push(`${c.unclaimed} unplaced`);
  if (c.crashed) parts.push(`${c.crashed} crashed`);
  if (c.evacuating) parts.push(`${c.evacuating} evacuating`);
  if (c.suspect) parts.push(`${c.suspect} suspect`);
  return parts.join(', ');
}

const presenceOrder: Record<ActualLRP['presence'], number> = { ORDINARY: 0, EVACUATING: 1, SUSPECT: 2 };

export function sortActuals(actuals: ActualLRP[]): ActualLRP[] {
  return [...actuals].sort(
    (a, b) =>
      (a.key?.process_guid ?? '').localeCompare(b.key?.process_guid ?? '') ||
      (a.key?.index ?? 0) - (b.key?.index ?? 0) ||
      presenceOrder[a.presence] - presenceOrder[b.presence],
  );
}

export function desiredPorts(d: DesiredLRP): number[] {
  return d.ports ?? [];
}
