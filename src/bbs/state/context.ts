// What the model's operations need besides the tables: how to make a new
// modification-tag epoch (injectable, so tests are deterministic) and the
// settings that are policy rather than state.
import { randomUUID } from 'node:crypto';

/** Diego's max_task_retries: a task rejected this many times fails on its next rejection. */
export const DEFAULT_MAX_TASK_RETRIES = 3;

export interface ModelOptions {
  /** A fresh epoch for each new record's modification tag (default: a random UUID). */
  newEpoch?: () => string;
  /** Rejections a task survives before the next one fails it (default DEFAULT_MAX_TASK_RETRIES). */
  maxTaskRetries?: number;
}

export interface ModelContext {
  newEpoch(): string;
  maxTaskRetries: number;
}

export function modelContext(options: ModelOptions = {}): ModelContext {
  return {
    newEpoch: options.newEpoch ?? (() => randomUUID()),
    maxTaskRetries: options.maxTaskRetries ?? DEFAULT_MAX_TASK_RETRIES,
  };
}

/** A deterministic epoch generator for tests: "epoch-1", "epoch-2", ... */
export function sequentialEpochs(prefix = 'epoch'): () => string {
  let next = 0;
  return () => `${prefix}-${++next}`;
}
