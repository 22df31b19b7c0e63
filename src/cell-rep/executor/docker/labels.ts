// Container labels: everything a restarted rep needs to know about a container
// it finds on the engine (who it belongs to, what it holds), and nothing else.
import type { PortMapping } from '../../../common/models.ts';
import type { ContainerInfo, ContainerSpec, ContainerTags } from '../types.ts';

export const LABEL = {
  kind: 'gantry.kind',
  processGuid: 'gantry.process-guid',
  index: 'gantry.index',
  instanceGuid: 'gantry.instance-guid',
  taskGuid: 'gantry.task-guid',
  domain: 'gantry.domain',
  cellId: 'gantry.cell-id',
  guid: 'gantry.guid',
  memoryMb: 'gantry.memory-mb',
  diskMb: 'gantry.disk-mb',
  maxPids: 'gantry.max-pids',
  ports: 'gantry.ports',
  logGuid: 'gantry.log-guid',
  droplet: 'gantry.droplet',
  resultFile: 'gantry.result-file',
} as const;

export interface LabelExtras {
  /** Digest of the unpacked droplet the container uses (its cache lease is taken again on adoption). */
  dropletDigest?: string;
}

export function labelsFor(cellId: string, spec: ContainerSpec, extras: LabelExtras = {}): Record<string, string> {
  const l: Record<string, string> = {
    [LABEL.kind]: spec.tags.kind,
    [LABEL.domain]: spec.tags.domain,
    [LABEL.cellId]: cellId,
    [LABEL.guid]: spec.guid,
    [LABEL.memoryMb]: String(spec.memoryMb),
    [LABEL.diskMb]: String(spec.diskMb),
    [LABEL.maxPids]: String(spec.maxPids),
    [LABEL.ports]: spec.ports.map((p) => `${p.container_port}:${p.host_port}`).join(','),
    [LABEL.logGuid]: spec.logGuid,
  };
  if (spec.tags.processGuid !== undefined) l[LABEL.processGuid] = spec.tags.processGuid;
  if (spec.tags.index !== undefined) l[LABEL.index] = String(spec.tags.index);
  if (spec.tags.instanceGuid !== undefined) l[LABEL.instanceGuid] = spec.tags.instanceGuid;
  if (spec.tags.taskGuid !== undefined) l[LABEL.taskGuid] = spec.tags.taskGuid;
  if (extras.dropletDigest) l[LABEL.droplet] = extras.dropletDigest;
  if (spec.resultFile) l[LABEL.resultFile] = spec.resultFile;
  return l;
}

function int(s: string | undefined): number {
  const n = Number.parseInt(s ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

export function parsePorts(s: string | undefined): PortMapping[] {
  if (!s) return [];
  const out: PortMapping[] = [];
  for (const part of s.split(',')) {
    const m = /^(\d+):(\d+)$/.exec(part.trim());
    if (m) out.push({ container_port: Number(m[1]), host_port: Number(m[2]) });
  }
  return out;
}

/** The container a label set describes, or null when the labels are not gantry's. */
export function infoFromLabels(labels: Record<string, string>, running: boolean): ContainerInfo | null {
  const kind = labels[LABEL.kind];
  const guid = labels[LABEL.guid];
  if ((kind !== 'lrp' && kind !== 'task') || !guid) return null;
  const tags: ContainerTags = { kind, domain: labels[LABEL.domain] ?? '' };
  if (labels[LABEL.processGuid] !== undefined) tags.processGuid = labels[LABEL.processGuid];
  if (labels[LABEL.index] !== undefined) tags.index = int(labels[LABEL.index]);
  if (labels[LABEL.instanceGuid] !== undefined) tags.instanceGuid = labels[LABEL.instanceGuid];
  if (labels[LABEL.taskGuid] !== undefined) tags.taskGuid = labels[LABEL.taskGuid];
  return {
    guid,
    tags,
    memoryMb: int(labels[LABEL.memoryMb]),
    diskMb: int(labels[LABEL.diskMb]),
    maxPids: int(labels[LABEL.maxPids]),
    ports: parsePorts(labels[LABEL.ports]),
    status: running ? 'running' : 'exited',
  };
}

/** A Docker container name for an instance: "gantry-<cell>-<guid>", with what Docker refuses replaced. */
export function containerName(cellId: string, guid: string): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '_');
  return `gantry-${safe(cellId)}-${safe(guid)}`;
}
