// The process executor: instances as child processes, for a machine without Docker.
export { ProcessExecutor, PROCESS_DEFAULTS, type ProcessExecutorOptions } from './process-executor.ts';
