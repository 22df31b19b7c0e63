// Choosing an executor by name (the cell's --executor setting).
import type { NatsConnection } from 'nats';
import type { Logger } from '../../common/log.ts';
import type { Executor, ExecutorName } from './types.ts';
import { SimExecutor, type SimOptions } from './sim/index.ts';
import { DockerExecutor } from './docker/docker-executor.ts';
import { ProcessExecutor } from './process/process-executor.ts';

export const executorNames: readonly ExecutorName[] = ['docker', 'process', 'sim'];

export interface ExecutorOptions {
  cellId: string;
  /** Droplet cache and per-instance directories live under it. */
  dataDir: string;
  /** For the droplet object store (JetStream). */
  nc: NatsConnection;
  log: Logger;
  /** Address instances are reached at (CF_INSTANCE_IP). */
  hostAddress?: string;
  /** process: stacks this host can run (default: its own Debian codename). */
  stacks?: string[];
  sim?: SimOptions;
  /** docker: the engine's socket ('' = DOCKER_HOST's, else /var/run/docker.sock) and the deadline of every engine call. */
  docker?: { socketPath?: string; engineTimeoutMs?: number };
  /** docker, process: free space the droplet cache always leaves on its disk (0 = none). */
  dropletMinFreeBytes?: number;
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
      return DockerExecutor.create({
        cellId: options.cellId, dataDir: options.dataDir, nc: options.nc, log: options.log, hostAddress: options.hostAddress ?? '127.0.0.1',
        ...(options.docker?.socketPath ? { socketPath: options.docker.socketPath } : {}),
        ...(options.docker?.engineTimeoutMs && options.docker.engineTimeoutMs > 0 ? { engineTimeoutMs: options.docker.engineTimeoutMs } : {}),
        ...(options.dropletMinFreeBytes ? { dropletMinFreeBytes: options.dropletMinFreeBytes } : {}),
      });
    case 'process':
      return ProcessExecutor.create({
        cellId: options.cellId, dataDir: options.dataDir, nc: options.nc, log: options.log, hostAddress: options.hostAddress ?? '127.0.0.1',
        ...(options.stacks && options.stacks.length > 0 ? { stacks: options.stacks } : {}),
        ...(options.dropletMinFreeBytes ? { dropletMinFreeBytes: options.dropletMinFreeBytes } : {}),
      });
  }
}
