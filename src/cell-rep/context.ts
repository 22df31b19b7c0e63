// What an instance runner needs from its cell: the BBS, the executor, the
// health step, the ledgers, the log publisher and a few settings. One object,
// built once by the rep, shared by every runner.
import type { Logger } from '../common/log.ts';
import type { RepBbsClient } from './bbs-client.ts';
import type { Executor } from './executor/types.ts';
import type { HealthStep } from './health-step.ts';
import type { LogPublisher } from './logs.ts';
import type { PortAllocator } from './ports.ts';
import type { ResourceLedger } from './resources.ts';
import type { TaskUploads } from './uploads.ts';

/** The executor's view of an instance, as State reports it. */
export type InstanceState = 'RESERVED' | 'STARTING' | 'RUNNING' | 'STOPPING';

export interface CellSettings {
  cellId: string;
  zone: string;
  /** Host address the instances' ports are reachable on (net_info.address). */
  hostAddress: string;
  /** Used when a DesiredLRP has no start_timeout_ms. */
  defaultStartTimeoutMs: number;
  /** Liveness probe interval when a check has no interval_ms. */
  defaultCheckIntervalMs: number;
  /** SIGTERM → SIGKILL grace when a container is destroyed. */
  stopGraceMs: number;
}

export interface RunnerContext {
  settings: CellSettings;
  bbs: RepBbsClient;
  executor: Executor;
  health: HealthStep;
  ledger: ResourceLedger;
  ports: PortAllocator;
  logs: LogPublisher;
  /** Where tasks' uploads go; absent: a task with uploads fails. */
  uploads?: TaskUploads;
  log: Logger;
  /** True once the cell evacuates: crashes are then reported with EvacuateCrashedActualLRP. */
  isEvacuating(): boolean;
  /** A runner is done: drop it from the cell's table. */
  forget(guid: string): void;
}
