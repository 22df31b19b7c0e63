// Choosing an executor by name (the cell's --executor setting).
import type { NatsConnection } from 'nats';
import type { Logger } from '../../common/log.ts';
import type { Executor, ExecutorName } from './types.ts';
import { SimExecutor, type SimOptions } from './sim/index.ts';

export const executorNames: readonly ExecutorName[] = ['docker', 'process', 'sim'];

export interface ExecutorOptions {
  cellId: string;
  /** Droplet cache and per-instance directories live under it. */
  dataDir: string;
  /** For the droplet object store (JetStream). */
  nc: NatsConnection;
  log: Logger;
  sim?: SimOptions;
}

export function isExecutorName(name: string): name is ExecutorName {
  return (executorNames as readonly string[]).includes(name);
}

export async function createExecutor(name: string, options: ExecutorOptions): Promise<Executor> {
  if (!isExecutorName(name)) throw new Error(`unknown executor ${JSON.stringify(name)}; known: ${executorNames.join(', ')}`);
  switch (name) {
    case 'sim':
      return new SimExecutor(options.sim);
    case 'docker':
    case 'process':
      throw new Error(`the ${name} executor is not available in this build`);
  }
}
