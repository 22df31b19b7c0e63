// Where the launcher script lives, for executors to bind-mount or run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding launcher.sh (bind-mounted read-only into containers). */
export const LAUNCHER_DIR = path.dirname(fileURLToPath(import.meta.url));
export const LAUNCHER_FILE = 'launcher.sh';
export const LAUNCHER_PATH = path.join(LAUNCHER_DIR, LAUNCHER_FILE);

export { instanceEnv, envStrings, vcapApplication, INSTANCE_FDS, type InstanceEnvSpec, type InstanceEnvContext } from './instance-env.ts';
export { LineSplitter } from './output-lines.ts';
export { exitReason, exitCodeOfSignal } from './exit-reason.ts';
