// Settings of a process, from (lowest to highest precedence) defaults, a JSON
// config file (--config FILE or GANTRY_CONFIG), environment variables
// (GANTRY_<NAME>) and command-line flags (--name value / --name=value).
import fs from 'node:fs';

type Kind = 'string' | 'number' | 'boolean' | 'list';
type ValueOf<K extends Kind> = K extends 'string' ? string : K extends 'number' ? number : K extends 'boolean' ? boolean : string[];

export interface Setting<K extends Kind = Kind> {
  kind: K;
  default: ValueOf<K>;
  help: string;
}

export type Spec = Record<string, Setting>;
export type ConfigOf<S extends Spec> = { [P in keyof S]: S[P] extends Setting<infer K> ? ValueOf<K> : never };

export const setting = {
  string: (def: string, help: string): Setting<'string'> => ({ kind: 'string', default: def, help }),
  number: (def: number, help: string): Setting<'number'> => ({ kind: 'number', default: def, help }),
  boolean: (def: boolean, help: string): Setting<'boolean'> => ({ kind: 'boolean', default: def, help }),
  list: (def: string[], help: string): Setting<'list'> => ({ kind: 'list', default: def, help }),
};

export class ConfigError extends Error {}

/** "heartbeatIntervalMs" → "heartbeat-interval-ms" (flag) and "HEARTBEAT_INTERVAL_MS" (env). */
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
const envName = (name: string) => 'GANTRY_' + kebab(name).replace(/-/g, '_').toUpperCase();

function coerce(name: string, kind: Kind, raw: unknown): unknown {
  switch (kind) {
    case 'string':
      return String(raw);
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isFinite(n)) throw new ConfigError(`${name}: expected a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1' || raw === '') return true;
      if (raw === 'false' || raw === '0') return false;
      throw new ConfigError(`${name}: expected true or false, got ${JSON.stringify(raw)}`);
    case 'list':
      if (Array.isArray(raw)) return raw.map(String);
      return String(raw).split(',').map((s) => s.trim()).filter(Boolean);
  }
}

export function loadConfig<S extends Spec>(spec: S, argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const flags = new Map<string, string>();
  let configFile = env.GANTRY_CONFIG;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i]!;
    else value = 'true';
    if (name === 'config') configFile = value;
    else flags.set(name, value);
  }
  const file: Record<string, unknown> = configFile ? JSON.parse(fs.readFileSync(configFile, 'utf8')) : {};
  const known = new Set(Object.keys(spec).map(kebab));
  for (const name of flags.keys()) {
    if (!known.has(name)) throw new ConfigError(`unknown flag --${name}; known: ${[...known].map((k) => '--' + k).join(', ')}`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) {
    const flag = flags.get(kebab(name));
    const fromEnv = env[envName(name)];
    const raw = flag ?? fromEnv ?? (name in file ? file[name] : undefined);
    out[name] = raw === undefined ? s.default : coerce(name, s.kind, raw);
  }
  return out as ConfigOf<S>;
}

/** One line per setting: flag, environment variable, default, help. */
export function describeConfig(spec: Spec): string {
  return Object.entries(spec)
    .map(([name, s]) => `  --${kebab(name)} (${envName(name)}, default ${JSON.stringify(s.default)})\n      ${s.help}`)
    .join('\n');
}
