// `gantry tasks` and `gantry task GUID`.
import type { Task } from '../../common/models.ts';
import type { Colour, Paint } from './colour.ts';
import { renderFields, renderTable } from './table.ts';
import { relativeTime } from './time.ts';

const taskColour: Record<Task['state'], Colour> = {
  INVALID: 'red',
  PENDING: 'white',
  RUNNING: 'yellow',
  COMPLETED: 'green',
  RESOLVING: 'cyan',
};

function outcome(t: Task): string {
  if (t.state !== 'COMPLETED' && t.state !== 'RESOLVING') return t.rejection_reason ? `rejected: ${t.rejection_reason}` : '';
  return t.failed ? `failed: ${t.failure_reason}` : 'succeeded';
}

const oneLine = (s: string, max = 60) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
};

export function formatTaskList(tasks: Task[], now: number, paint: Paint): string {
  if (!tasks.length) return 'no tasks\n';
  const sorted = [...tasks].sort((a, b) => a.created_at - b.created_at || a.task_guid.localeCompare(b.task_guid));
  return renderTable(
    ['GUID', 'STATE', 'CELL', 'CREATED', 'OUTCOME'],
    sorted.map((t) => [
      t.task_guid,
      paint(t.failed ? 'red' : taskColour[t.state], t.state),
      t.cell_id || '-',
      relativeTime(t.created_at, now),
      oneLine(outcome(t), 80) || '-',
    ]),
  );
}

export function formatTask(t: Task, now: number, paint: Paint): string {
  const fields: Array<[string, string]> = [
    ['task', paint('bold', t.task_guid)],
    ['state', paint(t.failed ? 'red' : taskColour[t.state], t.state)],
    ['domain', t.domain],
    ['cell', t.cell_id || '-'],
    ['stack', t.rootfs],
    ['memory', `${t.memory_mb} MB`],
    ['disk', `${t.disk_mb} MB`],
    ['command', t.command],
    ['created', relativeTime(t.created_at, now)],
    ['updated', relativeTime(t.updated_at, now)],
  ];
  if (t.state === 'COMPLETED' || t.state === 'RESOLVING') {
    fields.push(['outcome', t.failed ? paint('red', 'failed') : paint('green', 'succeeded')]);
    if (t.failed) fields.push(['failure reason', t.failure_reason]);
    if (t.result) fields.push(['result', oneLine(t.result, 200)]);
  }
  if (t.rejection_count) fields.push(['rejections', `${t.rejection_count} (last: ${t.rejection_reason})`]);
  if (t.log_guid) fields.push(['log guid', t.log_guid]);
  if (t.annotation) fields.push(['annotation', oneLine(t.annotation, 200)]);
  return renderFields(fields);
}
