// Log streaming: every line an instance or task writes, and the rep's own
// notes about it ("CELL"), published as JSON on subjects.logs(logGuid) so a
// CLI can follow an app's logs from any machine on the NATS.
import type { NatsConnection } from 'nats';
import { subjects } from '../common/nats.ts';
import { counter } from '../common/metrics.ts';
import type { ContainerLogLine, LogSink } from './executor/types.ts';

/** Where a line came from, in Cloud Foundry's words. */
export type LogSource = 'APP/PROC/WEB' | 'TASK' | 'STG' | 'CELL';

/** The JSON body of a message on subjects.logs(logGuid). */
export interface LogMessage {
  source: LogSource;
  /** Instance index of an LRP; 0 for tasks and staging. */
  instance_index: number;
  /** unix ms */
  timestamp: number;
  stream: 'stdout' | 'stderr';
  line: string;
}

/** Longer lines are cut: a NATS message has a size limit, and a log line this long is a mistake anyway. */
export const maxLogLineBytes = 16 * 1024;

const linesPublished = counter('gantry_cell_log_lines_total', 'Log lines the cell published, by source', ['source']);

export function encodeLogMessage(m: LogMessage): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(m));
}

export function decodeLogMessage(bytes: Uint8Array): LogMessage {
  return JSON.parse(new TextDecoder().decode(bytes)) as LogMessage;
}

export function truncateLine(line: string): string {
  if (line.length <= maxLogLineBytes / 4) return line;
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= maxLogLineBytes) return line;
  return bytes.subarray(0, maxLogLineBytes).toString('utf8') + '…[truncated]';
}

export class LogPublisher {
  constructor(private readonly nc: NatsConnection | null) {}

  /** A sink for one container's lines (handed to the executor as spec.onLog). */
  sink(logGuid: string, source: LogSource, instanceIndex: number): LogSink {
    const subject = subjects.logs(logGuid);
    return (l: ContainerLogLine) => this.publish(subject, { source, instance_index: instanceIndex, timestamp: l.timestamp, stream: l.stream, line: l.line });
  }

  /** The rep's own line about an instance, e.g. "Container became healthy". */
  cell(logGuid: string, instanceIndex: number, line: string): void {
    this.publish(subjects.logs(logGuid), { source: 'CELL', instance_index: instanceIndex, timestamp: Date.now(), stream: 'stdout', line });
  }

  private publish(subject: string, m: LogMessage): void {
    if (!this.nc || this.nc.isClosed()) return;
    try {
      this.nc.publish(subject, encodeLogMessage({ ...m, line: truncateLine(m.line) }));
      linesPublished.inc({ source: m.source });
    } catch {
      // A closed or draining connection drops the line: logs are best effort.
    }
  }
}
