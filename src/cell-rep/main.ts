// `gantry cell`: run one cell rep. SIGTERM (or SIGINT) evacuates the cell and
// exits 0 once its instances have been handed over or the evacuation timeout passed.
import { ConfigError, describeConfig, loadConfig } from '../common/config.ts';
import { createLogger } from '../common/log.ts';
import { collectProcessMetrics, startMetricsServer } from '../common/metrics.ts';
import { onShutdown } from '../common/shutdown.ts';
import { startCell } from './cell.ts';
import { cellConfigSpec } from './config.ts';

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`usage: gantry cell [flags]\n\nflags (or GANTRY_<NAME> environment variables, or a JSON --config file):\n${describeConfig(cellConfigSpec)}\n`);
    return;
  }
  let config;
  try {
    config = loadConfig(cellConfigSpec, argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`gantry cell: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger('cell-rep', { cell: config.cellId });
  collectProcessMetrics();
  const metrics = config.metricsPort >= 0 ? await startMetricsServer(config.metricsHost, config.metricsPort) : null;
  const cell = await startCell(config, { log });
  log.info('serving', { repAddress: cell.repAddress, metricsPort: metrics?.port });
  // The shutdown may take the whole evacuation, the containers' stop grace, and a margin.
  onShutdown(log, async () => {
    const report = await cell.evacuate();
    log.info('evacuated', { ...report });
    await metrics?.close();
  }, config.evacuationTimeoutMs + config.stopGraceMs + 30_000);
}
