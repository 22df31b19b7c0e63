// `gantry events`: one line per BBS event.
import type { ActualLRP, BbsEvent, DesiredLRP, Task } from '../../common/models.ts';
import { visibleWidth, type Paint } from './colour.ts';
import { instanceUrlAddress, stateColour } from './lrp.ts';
import { clock } from './time.ts';

const lrpName = (a: ActualLRP | null | undefined) => `${a?.key?.process_guid ?? '?'}/${a?.key?.index ?? '?'}`;

function actualState(a: ActualLRP, paint: Paint): string {
  const s = paint(stateColour[a.state], a.state);
  return a.presence === 'ORDINARY' ? s : `${s}(${a.presence})`;
}

function actualWhere(a: ActualLRP): string {
  const parts: string[] = [];
  if (a.instance_key?.cell_id) parts.push(`cell=${a.instance_key.cell_id}`);
  const addr = instanceUrlAddress(a);
  if (addr && a.state === 'RUNNING') parts.push(`at=${addr}`);
  if (a.placement_error) parts.push(`placement_error=${JSON.stringify(a.placement_error)}`);
  return parts.join(' ');
}

function desiredSummary(d: DesiredLRP): string {
  return `instances=${d.instances} memory=${d.memory_mb}M`;
}

function desiredChange(before: DesiredLRP, after: DesiredLRP): string {
  const changes: string[] = [];
  if (before.instances !== after.instances) changes.push(`instances ${before.instances}→${after.instances}`);
  if (JSON.stringify(before.routes) !== JSON.stringify(after.routes)) changes.push('routes changed');
  if (before.annotation !== after.annotation) changes.push('annotation changed');
  return changes.join(', ') || 'changed';
}

function taskWhere(t: Task): string {
  const parts: string[] = [];
  if (t.cell_id) parts.push(`cell=${t.cell_id}`);
  if (t.failed) parts.push(`failed=${JSON.stringify(t.failure_reason)}`);
  return parts.join(' ');
}

/** The event's kind in words and its subject (app/index or task guid), then details. */
export function describeEvent(e: BbsEvent, paint: Paint): { kind: string; subject: string; details: string } {
  switch (e.event) {
    case 'desired_lrp_created': {
      const d = e.desired_lrp_created!.desired_lrp!;
      return { kind: 'app created', subject: d.process_guid, details: desiredSummary(d) };
    }
    case 'desired_lrp_changed': {
      const { before, after } = e.desired_lrp_changed!;
      return { kind: 'app changed', subject: after?.process_guid ?? '?', details: desiredChange(before!, after!) };
    }
    case 'desired_lrp_removed':
      return { kind: 'app removed', subject: e.desired_lrp_removed!.desired_lrp?.process_guid ?? '?', details: '' };
    case 'actual_lrp_instance_created': {
      const a = e.actual_lrp_instance_created!.actual_lrp!;
      return { kind: 'instance created', subject: lrpName(a), details: [actualState(a, paint), actualWhere(a)].filter(Boolean).join(' ') };
    }
    case 'actual_lrp_instance_changed': {
      const { before, after } = e.actual_lrp_instance_changed!;
      const transition = before!.state === after!.state && before!.presence === after!.presence
        ? actualState(after!, paint)
        : `${actualState(before!, paint)} → ${actualState(after!, paint)}`;
      return { kind: 'instance changed', subject: lrpName(after), details: [transition, actualWhere(after!)].filter(Boolean).join(' ') };
    }
    case 'actual_lrp_instance_removed': {
      const a = e.actual_lrp_instance_removed!.actual_lrp!;
      return { kind: 'instance removed', subject: lrpName(a), details: [actualState(a, paint), actualWhere(a)].filter(Boolean).join(' ') };
    }
    case 'actual_lrp_crashed': {
      const c = e.actual_lrp_crashed!;
      return {
        kind: paint('red', 'instance crashed'),
        subject: `${c.key?.process_guid ?? '?'}/${c.key?.index ?? '?'}`,
        details: `cell=${c.instance_key?.cell_id ?? '?'} crashes=${c.crash_count} reason=${JSON.stringify(c.crash_reason)}`,
      };
    }
    case 'task_created': {
      const t = e.task_created!.task!;
      return { kind: 'task created', subject: t.task_guid, details: t.state };
    }
    case 'task_changed': {
      const { before, after } = e.task_changed!;
      const transition = before!.state === after!.state ? after!.state : `${before!.state} → ${after!.state}`;
      return { kind: 'task changed', subject: after!.task_guid, details: [transition, taskWhere(after!)].filter(Boolean).join(' ') };
    }
    case 'task_removed':
      return { kind: 'task removed', subject: e.task_removed!.task?.task_guid ?? '?', details: '' };
    default:
      return { kind: 'unknown event', subject: '', details: JSON.stringify(e) };
  }
}

export function formatEventLine(e: BbsEvent, receivedAt: number, paint: Paint): string {
  const { kind, subject, details } = describeEvent(e, paint);
  const pad = ' '.repeat(Math.max(1, 17 - visibleWidth(kind)));
  return `${paint('grey', clock(receivedAt))}  ${kind}${pad}${subject}${details ? '  ' + details : ''}`.trimEnd();
}
