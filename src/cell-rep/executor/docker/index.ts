// The docker executor: containers from the stack image, through dockerode.
export { DockerExecutor, DOCKER_DEFAULTS, type DockerExecutorOptions } from './docker-executor.ts';
export type { DropletMount } from './container-config.ts';
