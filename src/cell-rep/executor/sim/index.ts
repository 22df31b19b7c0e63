export { SimExecutor, type SimOptions } from './sim-executor.ts';
