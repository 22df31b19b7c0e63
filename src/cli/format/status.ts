// `gantry status NAME`: the desired state, then one block per instance.
import type { ActualLRP, DesiredLRP } from '../../common/models.ts';
import type { Paint } from './colour.ts';
import { countInstances, describeCheck, describeDroplet, describePorts, sortActuals, stateLabel, summarizeCounts } from './lrp.ts';
import { renderFields } from './table.ts';
import { relativeTime } from './time.ts';

export function formatDesired(d: DesiredLRP, actuals: ActualLRP[], now: number, paint: Paint): string {
  const counts = countInstances(d.instances, actuals);
  const fields: Array<[string, string]> = [
    ['app', paint('bold', d.process_guid)],
    ['instances', summarizeCounts(counts)],
    ['droplet', describeDroplet(d.droplet)],
    ['stack', d.rootfs || '-'],
    ['memory', `${d.memory_mb} MB`],
    ['disk', `${d.disk_mb} MB`],
    ['ports', d.ports.length ? d.ports.join(', ') : '-'],
    ['health check', describeCheck(d.check, d.ports)],
  ];
  if (d.start_command) fields.push(['start command', d.start_command]);
  const hosts = d.routes.flatMap((r) => r.hostnames.map((h) => (r.port ? `${h} → ${r.port}` : h)));
  if (hosts.length) fields.push(['routes', hosts.join(', ')]);
  if (d.env.length) fields.push(['env', d.env.map((e) => `${e.name}=${e.value}`).join(' ')]);
  if (d.placement_tags.length) fields.push(['placement tags', d.placement_tags.join(', ')]);
  fields.push(['domain', d.domain]);
  if (d.created_at) fields.push(['created', relativeTime(d.created_at, now)]);
  return renderFields(fields);
}

export function formatInstance(a: ActualLRP, now: number, paint: Paint, zoneOf: (cellId: string) => string | undefined = () => undefined): string {
  const head = `${paint('bold', `instance ${a.key?.index ?? '?'}`)}  ${stateLabel(a, paint)}`;
  const fields: Array<[string, string]> = [];
  const cell = a.instance_key?.cell_id;
  if (cell) {
    const zone = a.availability_zone || zoneOf(cell);
    fields.push(['cell', zone ? `${cell} (${zone})` : cell]);
  }
  if (a.net_info?.address) fields.push(['address', a.net_info.address]);
  if (a.net_info?.ports.length) fields.push(['ports', describePorts(a)]);
  fields.push(['since', relativeTime(a.since, now)]);
  fields.push(['crashes', String(a.crash_count)]);
  if (a.crash_reason) fields.push(['crash reason', a.crash_reason]);
  if (a.placement_error) fields.push(['placement error', paint('red', a.placement_error)]);
  if (a.instance_key?.instance_guid) fields.push(['instance guid', a.instance_key.instance_guid]);
  // One key width for every instance block, so the blocks line up.
  return head + '\n' + renderFields(fields, '  ', 'placement error'.length);
}

export function formatStatus(d: DesiredLRP, actuals: ActualLRP[], now: number, paint: Paint, zoneOf?: (cellId: string) => string | undefined): string {
  const blocks = [formatDesired(d, actuals, now, paint)];
  const sorted = sortActuals(actuals);
  if (!sorted.length) blocks.push('no instances\n');
  for (const a of sorted) blocks.push(formatInstance(a, now, paint, zoneOf));
  return blocks.join('\n');
}
