// Command-line parsing for the operator commands: positionals, long and short
// flags, repeatable flags, --no-<flag> for booleans, durations and sizes. Pure:
// argv in, values out, or a usage error naming the flag at fault.
import { usageError } from './exit.ts';

export type FlagKind = 'string' | 'number' | 'boolean' | 'list' | 'duration' | 'size';

export interface FlagDef {
  kind: FlagKind;
  short?: string;
  help: string;
  /** Shown in help after the flag, e.g. "MB", "REF". */
  value?: string;
  default?: string | number | boolean | string[];
}

export interface PositionalDef {
  name: string;
  optional?: boolean;
}

export interface CommandDef {
  name: string;
  summary: string;
  positionals: PositionalDef[];
  flags: Record<string, FlagDef>;
  /** Extra lines for `gantry NAME --help`. */
  details?: string;
}

export type FlagValue = string | number | boolean | string[];

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, FlagValue | undefined>;
  help: boolean;
}

/** Flags every operator command takes. */
export const globalFlags: Record<string, FlagDef> = {
  bbs: { kind: 'string', value: 'HOST:PORT', help: 'BBS gRPC address (env GANTRY_BBS_ADDRESS; default from `gantry up`\'s config, else 127.0.0.1:8889)' },
  nats: { kind: 'string', value: 'URL', help: 'NATS URL (env GANTRY_NATS_URL; default from `gantry up`\'s config, else nats://127.0.0.1:4222)' },
  'tls-ca-file': { kind: 'string', value: 'FILE', help: 'CA of a cluster with mutual TLS (env GANTRY_TLS_CA_FILE; default from `gantry up`\'s config, else no TLS)' },
  'tls-cert-file': { kind: 'string', value: 'FILE', help: 'client certificate signed by that CA (env GANTRY_TLS_CERT_FILE; default as above)' },
  'tls-key-file': { kind: 'string', value: 'FILE', help: 'its private key (env GANTRY_TLS_KEY_FILE; default as above)' },
  json: { kind: 'boolean', help: 'print JSON for scripts instead of text for people' },
};

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "500ms", "1s", "1.5s", "2m", "1h"; a bare number is seconds. Returns milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`expected a duration like 500ms, 1s or 2m, got ${JSON.stringify(text)}`);
  return Math.round(Number(m[1]) * durationUnits[m[2] ?? 's']!);
}

/** "256", "256M", "256MB", "1G", "1GB"; a bare number is megabytes. Returns megabytes. */
export function parseSizeMb(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(m|mb|g|gb)?$/i.exec(text.trim());
  if (!m) throw new Error(`expected a size in MB like 256, 256M or 1G, got ${JSON.stringify(text)}`);
  const n = Number(m[1]) * (m[2] && m[2].toLowerCase().startsWith('g') ? 1024 : 1);
  if (!Number.isInteger(n)) throw new Error(`expected a whole number of megabytes, got ${JSON.stringify(text)}`);
  return n;
}

function coerce(name: string, def: FlagDef, raw: string): FlagValue {
  try {
    switch (def.kind) {
      case 'string':
      case 'list':
        return raw;
      case 'number': {
        if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new Error(`expected a number, got ${JSON.stringify(raw)}`);
        return Number(raw);
      }
      case 'duration':
        return parseDuration(raw);
      case 'size':
        return parseSizeMb(raw);
      case 'boolean':
        if (raw === 'true' || raw === '1') return true;
        if (raw === 'false' || raw === '0') return false;
        throw new Error(`expected true or false, got ${JSON.stringify(raw)}`);
    }
  } catch (err) {
    throw usageError(`--${name}: ${(err as Error).message}`);
  }
}

/**
 * Parses argv against a command's flags (plus the global ones). Flags may come
 * before, between or after positionals; `--` ends flags. Unknown flags, missing
 * values and a wrong number of positionals are usage errors.
 */
export function parseArgs(def: CommandDef, argv: string[]): ParsedArgs {
  const flags: Record<string, FlagDef> = { ...globalFlags, ...def.flags };
  const byShort = new Map<string, string>();
  for (const [name, f] of Object.entries(flags)) if (f.short) byShort.set(f.short, name);

  const values: Record<string, FlagValue | undefined> = {};
  const positionals: string[] = [];
  let help = false;
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-') || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const short = arg.slice(1, 2);
      const long = byShort.get(short);
      if (!long) throw usageError(`unknown flag -${short} for \`gantry ${def.name}\`; see \`gantry ${def.name} --help\``);
      name = long;
      inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
    }
    let flag = flags[name];
    if (!flag && name.startsWith('no-') && flags[name.slice(3)]?.kind === 'boolean' && inline === undefined) {
      values[name.slice(3)] = false;
      continue;
    }
    if (!flag) throw usageError(`unknown flag --${name} for \`gantry ${def.name}\`; see \`gantry ${def.name} --help\``);
    let raw: string;
    if (inline !== undefined) raw = inline;
    else if (flag.kind === 'boolean') raw = 'true';
    else if (i + 1 < argv.length) raw = argv[++i]!;
    else throw usageError(`--${name} needs a value${flag.value ? ` (${flag.value})` : ''}`);
    const value = coerce(name, flag, raw);
    if (flag.kind === 'list') values[name] = [...((values[name] as string[] | undefined) ?? []), value as string];
    else values[name] = value;
  }

  for (const [name, f] of Object.entries(flags)) {
    if (values[name] === undefined && f.default !== undefined) values[name] = f.default;
  }
  if (help) return { positionals, flags: values, help };

  const required = def.positionals.filter((p) => !p.optional).length;
  if (positionals.length < required) {
    const missing = def.positionals.slice(positionals.length).filter((p) => !p.optional).map((p) => p.name);
    throw usageError(`missing ${missing.join(' ')}: usage: ${synopsis(def)}`);
  }
  if (positionals.length > def.positionals.length) {
    throw usageError(`unexpected argument ${JSON.stringify(positionals[def.positionals.length])}: usage: ${synopsis(def)}`);
  }
  return { positionals, flags: values, help };
}

export function synopsis(def: CommandDef): string {
  const pos = def.positionals.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(' ');
  return `gantry ${def.name}${pos ? ' ' + pos : ''}${Object.keys(def.flags).length ? ' [flags]' : ''}`;
}

/** 120000 → "2m", 1500 → "1500ms": a duration as a person would type it. */
export function showDuration(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function flagLine(name: string, f: FlagDef): [string, string] {
  const placeholder: Record<FlagKind, string> = { string: 'VALUE', list: 'VALUE', number: 'N', size: 'MB', duration: 'DURATION', boolean: '' };
  const value = f.kind === 'boolean' ? '' : ` ${f.value ?? placeholder[f.kind]}`;
  const left = `${f.short ? `-${f.short}, ` : '    '}--${name}${value}${f.kind === 'list' ? ' (repeatable)' : ''}`;
  const shown = f.kind === 'duration' && typeof f.default === 'number' ? showDuration(f.default) : f.default;
  const dflt = f.default !== undefined && f.default !== false && !(Array.isArray(f.default) && f.default.length === 0) ? ` (default ${shown})` : '';
  return [left, f.help + dflt];
}

/** `gantry NAME --help`. */
export function commandHelp(def: CommandDef): string {
  const lines = [`usage: ${synopsis(def)}`, '', def.summary];
  if (def.details) lines.push('', def.details);
  const own = Object.entries(def.flags).map(([n, f]) => flagLine(n, f));
  const global = Object.entries(globalFlags).map(([n, f]) => flagLine(n, f));
  const width = Math.max(...[...own, ...global].map(([l]) => l.length)) + 2;
  if (own.length) lines.push('', 'flags:', ...own.map(([l, r]) => `  ${l.padEnd(width)}${r}`));
  lines.push('', 'global flags:', ...global.map(([l, r]) => `  ${l.padEnd(width)}${r}`));
  return lines.join('\n') + '\n';
}

/** Typed accessors, so commands read flags without casts. */
export const flag = {
  string: (a: ParsedArgs, name: string): string | undefined => a.flags[name] as string | undefined,
  number: (a: ParsedArgs, name: string): number | undefined => a.flags[name] as number | undefined,
  boolean: (a: ParsedArgs, name: string): boolean => a.flags[name] === true,
  list: (a: ParsedArgs, name: string): string[] => (a.flags[name] as string[] | undefined) ?? [],
};

/** A whole number ≥ min, or a usage error naming what it is. */
export function wholeNumber(text: string | number | undefined, what: string, min = 0): number {
  const n = typeof text === 'number' ? text : Number(text);
  if (text === undefined || text === '' || !Number.isInteger(n) || n < min) {
    throw usageError(`${what} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}`);
  }
  return n;
}
