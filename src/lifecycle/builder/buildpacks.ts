// Which buildpacks a staging uses: the ones that ship with gantry
// (src/lifecycle/buildpacks/<name>) by name, or a buildpack of the user's own
// given as a path to a directory, a .tgz or a .zip.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidArgument } from '../../common/errors.ts';
import { validateBuildpackName } from './args.ts';

export const SHIPPED_BUILDPACKS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../buildpacks');

/** The order detection tries the shipped buildpacks in (binary last: it takes any app with a Procfile). */
export const DEFAULT_DETECT_ORDER = ['staticfile', 'nodejs', 'binary'] as const;

export interface BuildpackSource {
  /** The name the builder knows it by (and its cache is kept under). */
  name: string;
  /** A directory, or an archive the builder unpacks. */
  kind: 'dir' | 'tgz' | 'zip';
  /** Where it is on this machine. */
  path: string;
}

/** The buildpacks shipped in dir: every subdirectory with a bin/. */
export function shippedBuildpacks(dir: string = SHIPPED_BUILDPACKS_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'bin')))
    .map((e) => e.name)
    .sort();
}

const looksLikePath = (ref: string) => ref.includes('/') || ref.startsWith('.') || /\.(tgz|tar\.gz|zip)$/.test(ref);

/**
 * A buildpack reference (push -b): a shipped buildpack's name, or a path.
 * Throws INVALID_ARGUMENT naming `field` when it is neither.
 */
export function resolveBuildpackRef(ref: string, field: string, shippedDir: string = SHIPPED_BUILDPACKS_DIR): BuildpackSource {
  const trimmed = ref.trim();
  if (!trimmed) throw invalidArgument(field, 'empty buildpack');
  if (looksLikePath(trimmed) || fs.existsSync(trimmed)) {
    const abs = path.resolve(trimmed);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) throw invalidArgument(field, `${trimmed} does not exist`);
    let kind: BuildpackSource['kind'];
    let base = path.basename(abs);
    if (st.isDirectory()) {
      if (!fs.existsSync(path.join(abs, 'bin'))) throw invalidArgument(field, `${trimmed} is not a buildpack: it has no bin/ directory`);
      kind = 'dir';
    } else if (/\.(tgz|tar\.gz)$/.test(base)) {
      kind = 'tgz';
      base = base.replace(/\.(tgz|tar\.gz)$/, '');
    } else if (base.endsWith('.zip')) {
      kind = 'zip';
      base = base.replace(/\.zip$/, '');
    } else {
      throw invalidArgument(field, `${trimmed} is not a buildpack: give a directory, a .tgz or a .zip`);
    }
    const name = base.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64) || 'buildpack';
    validateBuildpackName(name, field);
    return { name, kind, path: abs };
  }
  validateBuildpackName(trimmed, field);
  const dir = path.join(shippedDir, trimmed);
  if (!fs.existsSync(path.join(dir, 'bin'))) {
    throw invalidArgument(field, `unknown buildpack ${JSON.stringify(trimmed)} (gantry ships: ${shippedBuildpacks(shippedDir).join(', ') || 'none'}; or give a path)`);
  }
  return { name: trimmed, kind: 'dir', path: dir };
}

/** Two buildpacks with one name would share a directory and a cache: number the later ones. */
export function uniqueNames(sources: BuildpackSource[]): BuildpackSource[] {
  const seen = new Set<string>();
  return sources.map((s) => {
    let name = s.name;
    for (let n = 2; seen.has(name); n++) name = `${s.name.slice(0, 60)}-${n}`;
    seen.add(name);
    return { ...s, name };
  });
}
