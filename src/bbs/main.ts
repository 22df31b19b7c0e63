// `gantry bbs`: the bulletin board store. See bbs.ts for how it is put
// together; this is the command: flags, metrics, SIGTERM.
import { describeConfig, loadConfig } from '../common/config.ts';
import { createLogger } from '../common/log.ts';
import { onShutdown } from '../common/shutdown.ts';
import { startBbs } from './bbs.ts';
import { bbsConfigSpec } from './config.ts';

export { startBbs, type BbsHandle, type StartBbsOptions } from './bbs.ts';
export { bbsConfig, bbsConfigSpec, type BbsConfig } from './config.ts';

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`usage: gantry bbs [flags]\n\nflags:\n${describeConfig(bbsConfigSpec)}\n`);
    return;
  }
  const config = loadConfig(bbsConfigSpec, argv);
  const log = createLogger('bbs');
  const handle = await startBbs(config, { log });
  // SIGTERM: release the lock (a standby takes over at once), stop serving, close NATS, exit 0.
  onShutdown(log, () => handle.stop());
}
