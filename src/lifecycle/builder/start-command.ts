// The start command of a droplet, read the way builder.sh reads it: a
// Procfile's `web:` line wins over the release YAML's
// default_process_types.web. The same small YAML subset as the builder's (one
// line scalars, plain or quoted, block scalars | and >, a flow mapping
// {web: ...}); the integration tests check both agree. Pure.

/** The value of a one-line YAML scalar; '' for ~ / null. */
export function yamlScalar(raw: string): string {
  const v = raw.trim();
  if (v.startsWith('"')) {
    let out = '';
    for (let i = 1; i < v.length; i++) {
      const c = v[i]!;
      if (c === '\\') {
        i++;
        const e = v[i] ?? '';
        if (e === 'n') out += '\n';
        else if (e === 't') out += '\t';
        else if (e === 'r') out += '\r';
        else if (e === 'u') {
          out += String.fromCodePoint(parseInt(v.slice(i + 1, i + 5), 16) || 0);
          i += 4;
        } else out += e;
      } else if (c === '"') break;
      else out += c;
    }
    return out;
  }
  if (v.startsWith("'")) {
    let out = '';
    for (let i = 1; i < v.length; i++) {
      const c = v[i]!;
      if (c === "'") {
        if (v[i + 1] === "'") {
          out += "'";
          i++;
        } else break;
      } else out += c;
    }
    return out;
  }
  let plain = v;
  const comment = plain.indexOf(' #');
  if (comment >= 0) plain = plain.slice(0, comment).trim();
  if (plain.startsWith('#')) plain = '';
  if (['~', 'null', 'Null', 'NULL'].includes(plain)) plain = '';
  return plain;
}

const indentOf = (line: string) => line.length - line.replace(/^ +/, '').length;

/** A block scalar's text: the following lines indented more than the key. */
function yamlBlock(style: string, keyIndent: number, lines: string[]): string {
  let out = '';
  let blockIndent = -1;
  for (const line of lines) {
    const stripped = line.replace(/^ +/, '');
    if (stripped === '') {
      out += '\n';
      continue;
    }
    const indent = indentOf(line);
    if (indent <= keyIndent) break;
    if (blockIndent < 0) blockIndent = indent;
    out += line.slice(blockIndent) + '\n';
  }
  out = out.replace(/\n+$/, '');
  return style.startsWith('>') ? out.replace(/\n/g, ' ') : out;
}

function flowWeb(body: string): string {
  const m =
    /(^|[{,\s])web:\s*("([^"\\]|\\.)*")/.exec(body) ??
    /(^|[{,\s])web:\s*('([^']|'')*')/.exec(body) ??
    /(^|[{,\s])web:\s*([^,}]*)/.exec(body);
  return m ? yamlScalar(m[2]!) : '';
}

/**
 * The `web` entry of the mapping under top-level key `parent` (or at the top
 * level when parent is ''), as builder.sh's yaml_web reads it.
 */
export function yamlWeb(text: string, parent: string): string {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  let inParent = false;
  let childIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const stripped = line.replace(/^ +/, '');
    const indent = indentOf(line);
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith('---') || stripped.startsWith('...')) continue;
    let value: string;
    if (parent === '') {
      if (indent !== 0) continue;
      const m = /^web:(\s+(.*))?$/.exec(stripped);
      if (!m) continue;
      value = m[2] ?? '';
    } else {
      if (indent === 0) {
        inParent = false;
        const m = new RegExp(`^${parent}:\\s*(.*)$`).exec(stripped);
        if (m) {
          const rest = m[1]!.trim();
          if (rest.startsWith('{')) return flowWeb(rest);
          inParent = true;
          childIndent = -1;
        }
        continue;
      }
      if (!inParent) continue;
      if (childIndent < 0) childIndent = indent;
      if (indent !== childIndent) continue;
      const m = /^web:(\s+(.*))?$/.exec(stripped);
      if (!m) continue;
      value = m[2] ?? '';
    }
    value = value.trim();
    if (/^[|>][+-]?$/.test(value)) return yamlBlock(value, indent, lines.slice(i + 1));
    return yamlScalar(value);
  }
  return '';
}

export const procfileWeb = (procfile: string) => yamlWeb(procfile, '');
export const releaseWeb = (releaseYaml: string) => yamlWeb(releaseYaml, 'default_process_types');

export interface StartCommandChoice {
  command: string;
  source: 'procfile' | 'buildpack' | 'none';
}

/** The Procfile's web: wins; then the buildpack's release; else none (the app must give one at runtime). */
export function chooseStartCommand(procfile: string | null, releaseYaml: string): StartCommandChoice {
  const fromProcfile = procfile === null ? '' : procfileWeb(procfile);
  if (fromProcfile) return { command: fromProcfile, source: 'procfile' };
  const fromRelease = releaseWeb(releaseYaml);
  if (fromRelease) return { command: fromRelease, source: 'buildpack' };
  return { command: '', source: 'none' };
}

export interface StagingInfo {
  detected_buildpack: string;
  start_command: string;
}

/** A droplet's staging_info.yml (JSON, as the builder and CF write it; or simple YAML lines). */
export function parseStagingInfo(text: string): StagingInfo {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const o = JSON.parse(trimmed) as Record<string, unknown>;
    return {
      detected_buildpack: typeof o.detected_buildpack === 'string' ? o.detected_buildpack : '',
      start_command: typeof o.start_command === 'string' ? o.start_command : '',
    };
  }
  const field = (key: string) => {
    const line = trimmed.split('\n').find((l) => l.startsWith(`${key}:`));
    return line ? yamlScalar(line.slice(key.length + 1)) : '';
  };
  return { detected_buildpack: field('detected_buildpack'), start_command: field('start_command') };
}
