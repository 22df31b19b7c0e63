// Structured logging: one JSON object per line on stderr, so every process's
// output can be read by people and parsed by tools alike.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function envLevel(): LogLevel {
  const v = (process.env.GANTRY_LOG_LEVEL ?? 'info').toLowerCase();
  return v in levelRank ? (v as LogLevel) : 'info';
}

let minimumLevel: LogLevel = envLevel();
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n');

export function setLogLevel(level: LogLevel): void {
  minimumLevel = level;
}

/** Redirect log lines (tests use this to keep output quiet or to inspect it). */
export function setLogSink(write: (line: string) => void): void {
  sink = write;
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

function errorFields(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return fields;
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? v.message : v;
  }
  return out;
}

export function createLogger(component: string, base: LogFields = {}): Logger {
  const write = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (levelRank[level] < levelRank[minimumLevel]) return;
    sink(JSON.stringify({ ts: new Date().toISOString(), level, component, msg, ...base, ...errorFields(fields) }));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(component, { ...base, ...fields }),
  };
}
