// `gantry logs`: one line per log message an instance, task or cell published.
import type { Colour, Paint } from './colour.ts';
import { clock } from './time.ts';

/** The JSON a cell publishes on subjects.logs(logGuid) (src/cell-rep/logs.ts LogMessage). */
export interface LogMessageLike {
  source?: string;
  instance_index?: number;
  timestamp?: number;
  stream?: string;
  line?: string;
}

const sourceColour: Record<string, Colour> = { 'APP/PROC/WEB': 'green', STG: 'cyan', TASK: 'blue', CELL: 'yellow' };

/** Parses a message body; anything that is not our JSON is shown as it is. */
export function parseLogMessage(body: string): LogMessageLike {
  try {
    const v = JSON.parse(body) as unknown;
    if (v && typeof v === 'object' && typeof (v as LogMessageLike).line === 'string') return v as LogMessageLike;
  } catch {
    // not JSON: a plain line
  }
  return { line: body };
}

export function formatLogLine(m: LogMessageLike, receivedAt: number, paint: Paint): string {
  const source = m.source ?? '?';
  const tag = `[${source}/${m.instance_index ?? 0}]`;
  const stream = m.stream === 'stderr' ? 'ERR' : 'OUT';
  return `${paint('grey', clock(m.timestamp || receivedAt))} ${paint(sourceColour[source] ?? 'white', tag)} ${stream} ${m.line ?? ''}`;
}
