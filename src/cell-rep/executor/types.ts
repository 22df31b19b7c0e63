// The one interface every executor implements (docker | process | sim). The
// rep decides what runs where and reports to the BBS; an executor only makes
// containers exist, start, stop and tell how they ended. Health checks are the
// rep's (src/cell-rep/health/), probing the host ports an executor returns.
import type { CheckDefinition, Download, DropletRef, EnvironmentVariable, PortMapping } from '../../common/models.ts';

export type ExecutorName = 'docker' | 'process' | 'sim';

/** Labels that identify a container, so a restarted rep finds its containers again. */
export interface ContainerTags {
  /** "lrp" or "task". */
  kind: 'lrp' | 'task';
  /** For LRPs: the process guid, index and instance guid; for tasks: the task guid. */
  processGuid?: string;
  index?: number;
  instanceGuid?: string;
  taskGuid?: string;
  domain: string;
}

export interface ContainerSpec {
  /** Unique per container: the instance guid of an LRP, the task guid of a task. */
  guid: string;
  tags: ContainerTags;
  /** Stack name (the DesiredLRP's / Task's rootfs), e.g. "bookworm". */
  stack: string;
  memoryMb: number;
  diskMb: number;
  maxPids: number;
  /** Container ports; the rep has already chosen a host port for each. */
  ports: PortMapping[];
  env: EnvironmentVariable[];
  /** Shell command the launcher runs (profile.d sourced first); empty = the droplet's own start command. */
  command: string;
  droplet: DropletRef | null;
  /** Files fetched into the container before the command runs (tasks). */
  downloads: Download[];
  /** Tasks: a file whose content becomes the task's result. */
  resultFile: string;
  /** User to run as inside the container (default "vcap"). */
  user: string;
  /** Logs of the container are published under this guid. */
  logGuid: string;
  /** How long the start may take, including droplet download (ms). */
  startTimeoutMs: number;
  check: CheckDefinition | null;
  /**
   * Called for each stdout/stderr line of the container's process, one line
   * without its trailing newline (added for log streaming; optional so a
   * spec without it is valid and its output is dropped).
   */
  onLog?: LogSink;
}

/** One line a container's process wrote; the rep publishes it on subjects.logs(logGuid). */
export interface ContainerLogLine {
  stream: 'stdout' | 'stderr';
  line: string;
  /** unix ms when the executor read it. */
  timestamp: number;
}

/** Where an executor hands each log line of a container (the rep's log publisher). */
export type LogSink = (line: ContainerLogLine) => void;

/** How a container's process ended. */
export interface ContainerExit {
  exitCode: number;
  oomKilled: boolean;
  /** A short reason a person understands, e.g. "exited with code 3", "out of memory (OOM killed)". */
  reason: string;
  /** Tasks: the content of resultFile, when there is one. */
  result?: string;
}

export interface ContainerInfo {
  guid: string;
  tags: ContainerTags;
  memoryMb: number;
  diskMb: number;
  maxPids: number;
  ports: PortMapping[];
  /** running: the process is alive; exited: it ended and the container still exists. */
  status: 'running' | 'exited';
}

/**
 * Something that keeps an executor from starting new work: its engine does
 * not answer (docker), or the droplet cache's disk is full. The cell takes no
 * new work while there is one (see src/cell-rep/resource-check.ts).
 */
export interface ExecutorProblem {
  /** engine: nothing can start (the cell is unhealthy); disk: nothing can be fetched (the cell reports no disk). */
  kind: 'engine' | 'disk';
  /** In words, e.g. "docker engine did not answer within 30000ms (create container)". */
  reason: string;
  /** unix ms when it began. */
  since: number;
}

export interface Executor {
  readonly name: ExecutorName;
  /** Stacks this executor can run (docker: stacks with a local image). */
  stacks(): Promise<string[]>;
  /**
   * Fetch the droplet, create the container and start its process. Resolves once
   * the process has been started (not once it is healthy: the rep checks that).
   * Rejects with an Error whose message is the crash reason (bad digest, failed
   * download, unknown stack, engine error...).
   */
  start(spec: ContainerSpec): Promise<void>;
  /** Resolves when the container's process ends (also for a container adopted via list()). */
  waitForExit(guid: string): Promise<ContainerExit>;
  /** Stop the process (SIGTERM, then SIGKILL after graceMs) and remove the container. Idempotent. */
  destroy(guid: string, graceMs?: number): Promise<void>;
  /**
   * Follow the log lines of a container adopted via list() (its start() ran in
   * an earlier rep process, so no spec.onLog is attached). Optional: an
   * executor without it leaves adopted containers' output unpublished.
   */
  followLogs?(guid: string, onLog: LogSink): void;
  /**
   * Copy one file out of a container whose process has ended (and that is not
   * yet destroyed) to a file on the host: a task's uploads. Optional: an
   * executor without it (sim) keeps no files, and a task's uploads fail there.
   */
  copyOut?(guid: string, containerPath: string, hostFile: string): Promise<void>;
  /** Every container this executor owns on this cell, including ones from before a restart. */
  list(): Promise<ContainerInfo[]>;
  /**
   * What keeps it from starting new work now, as last seen ([] when nothing):
   * cheap and synchronous, the rep asks on every State and Perform. Optional:
   * an executor without it (sim) never has a problem.
   */
  problems?(): ExecutorProblem[];
  /** Look again (ping the engine, stat the cache's disk), update problems() and return them; the cell's resource check calls it every interval. */
  checkResources?(): Promise<ExecutorProblem[]>;
  /** Release connections and timers; containers are left as they are. */
  close(): Promise<void>;
}
