// Validation of a desired task, after Diego's (cloudfoundry/bbs
// models/task_requests.go DesireTaskRequest.Validate and task.go
// TaskDefinition.Validate). Throws INVALID_ARGUMENT naming the field path.
import type { Download, Task } from '../../common/models.ts';
import type { Upload__Output as Upload } from '../../generated/gantry/models/Upload.ts';
import { invalidArgument } from '../../common/errors.ts';
import {
  validateAnnotation, validateDigest, validateDomain, validateEnv, validateGuid, validateId, validateNonNegative, validatePlacementTags,
  validateRequired, validateRootfs, validateUrl, validateUser,
} from '../lrp/validation.ts';

/** Downloads one task may ask for before it runs. */
export const MAX_DOWNLOADS = 64;

function validateAbsolutePath(path: string, field: string): void {
  if (!path) throw invalidArgument(field, 'required');
  if (!path.startsWith('/')) throw invalidArgument(field, 'must be an absolute path inside the container');
  if (path.split('/').includes('..')) throw invalidArgument(field, "must not contain '..'");
}

function validateDownloads(downloads: Download[], field: string): void {
  if (downloads.length > MAX_DOWNLOADS) throw invalidArgument(field, `at most ${MAX_DOWNLOADS} downloads`);
  downloads.forEach((download, i) => {
    const at = `${field}[${i}]`;
    if (!download) throw invalidArgument(at, 'required');
    if (!download.digest && !download.url) throw invalidArgument(at, 'needs a digest or a url');
    if (download.digest) validateDigest(download.digest, `${at}.digest`);
    if (download.url) validateUrl(download.url, `${at}.url`);
    validateAbsolutePath(download.to, `${at}.to`);
  });
}

/** Files one task may leave in the object store. */
export const MAX_UPLOADS = 16;

function validateUploads(uploads: Upload[], field: string): void {
  if (uploads.length > MAX_UPLOADS) throw invalidArgument(field, `at most ${MAX_UPLOADS} uploads`);
  uploads.forEach((upload, i) => {
    const at = `${field}[${i}]`;
    if (!upload) throw invalidArgument(at, 'required');
    validateAbsolutePath(upload.from, `${at}.from`);
  });
}

export function validateTask(task: Task | null | undefined, field = 'task'): void {
  if (!task) throw invalidArgument(field, 'required');
  validateGuid(task.task_guid, `${field}.task_guid`);
  validateDomain(task.domain, `${field}.domain`);
  validateRootfs(task.rootfs, `${field}.rootfs`);
  validateRequired(task.command, `${field}.command`);
  validateNonNegative(task.memory_mb, `${field}.memory_mb`);
  validateNonNegative(task.disk_mb, `${field}.disk_mb`);
  validateNonNegative(task.max_pids, `${field}.max_pids`);
  validateAnnotation(task.annotation, `${field}.annotation`);
  validateEnv(task.env, `${field}.env`);
  validateDownloads(task.downloads, `${field}.downloads`);
  validateUploads(task.uploads ?? [], `${field}.uploads`);
  if (task.result_file) validateAbsolutePath(task.result_file, `${field}.result_file`);
  validatePlacementTags(task.placement_tags, `${field}.placement_tags`);
  if (task.log_guid) validateGuid(task.log_guid, `${field}.log_guid`);
  validateUser(task.user, `${field}.user`);
}

export function validateTaskGuid(taskGuid: string, field = 'task_guid'): void {
  validateGuid(taskGuid, field);
}

/**
 * Most a task's result may hold: what a cell reads from the result file
 * (the executors stop at 10 KiB, as Diego's do).
 */
export const MAX_TASK_RESULT_BYTES = 10 * 1024;

/** A cell's report that a task completed (Diego's CompleteTaskRequest.Validate), before the task is looked up. */
export function validateCompletion(taskGuid: string, cellId: string, result: string): void {
  validateTaskGuid(taskGuid);
  validateId(cellId, 'cell_id');
  const bytes = Buffer.byteLength(result, 'utf8');
  if (bytes > MAX_TASK_RESULT_BYTES) throw invalidArgument('result', `at most ${MAX_TASK_RESULT_BYTES} bytes, got ${bytes}`);
}
