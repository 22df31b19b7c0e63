// Validation of auction requests. A request is checked whole before any of
// it is queued, so a bad request changes nothing; the error names the field
// at fault, e.g. "starts[2].indices[0]: must be 0 or more".
import { invalidArgument } from '../common/errors.ts';
import type { LRPAuctionsRequest__Output } from '../generated/gantry/auctioneer/LRPAuctionsRequest.ts';
import type { TaskAuctionsRequest__Output } from '../generated/gantry/auctioneer/TaskAuctionsRequest.ts';
import type { LRPStartRequest__Output } from '../generated/gantry/auctioneer/LRPStartRequest.ts';
import type { TaskStartRequest__Output } from '../generated/gantry/auctioneer/TaskStartRequest.ts';

/** Diego's guid rule: letters, digits, '-' and '_' (the BBS also uses guids in KV keys, where '.' separates). */
export const GUID_PATTERN = /^[A-Za-z0-9_-]+$/;

function guid(field: string, value: string): void {
  if (value === '') throw invalidArgument(field, 'is required');
  if (!GUID_PATTERN.test(value)) throw invalidArgument(field, `${JSON.stringify(value)} may only contain letters, digits, '-' and '_'`);
}

function required(field: string, value: string): void {
  if (value === '') throw invalidArgument(field, 'is required');
}

function nonNegative(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw invalidArgument(field, `must be 0 or more, got ${value}`);
}

function tags(field: string, values: readonly string[]): void {
  values.forEach((tag, i) => {
    if (tag === '') throw invalidArgument(`${field}[${i}]`, 'must not be empty');
  });
}

export function validateLRPStart(start: LRPStartRequest__Output, field: string): void {
  guid(`${field}.process_guid`, start.process_guid);
  required(`${field}.domain`, start.domain);
  if (start.indices.length === 0) throw invalidArgument(`${field}.indices`, 'must name at least one instance index');
  start.indices.forEach((index, i) => nonNegative(`${field}.indices[${i}]`, index));
  required(`${field}.rootfs`, start.rootfs);
  nonNegative(`${field}.memory_mb`, start.memory_mb);
  nonNegative(`${field}.disk_mb`, start.disk_mb);
  nonNegative(`${field}.max_pids`, start.max_pids);
  tags(`${field}.placement_tags`, start.placement_tags);
}

export function validateTaskStart(task: TaskStartRequest__Output, field: string): void {
  guid(`${field}.task_guid`, task.task_guid);
  required(`${field}.domain`, task.domain);
  required(`${field}.rootfs`, task.rootfs);
  nonNegative(`${field}.memory_mb`, task.memory_mb);
  nonNegative(`${field}.disk_mb`, task.disk_mb);
  nonNegative(`${field}.max_pids`, task.max_pids);
  tags(`${field}.placement_tags`, task.placement_tags);
}

export function validateLRPAuctions(request: LRPAuctionsRequest__Output): void {
  request.starts.forEach((start, i) => validateLRPStart(start, `starts[${i}]`));
}

export function validateTaskAuctions(request: TaskAuctionsRequest__Output): void {
  request.tasks.forEach((task, i) => validateTaskStart(task, `tasks[${i}]`));
}
