// gRPC status errors with messages that name the field at fault.
import { status } from '@grpc/grpc-js';

export class RpcError extends Error {
  constructor(readonly code: status, message: string) {
    super(message);
    this.name = 'RpcError';
  }
}

export const invalidArgument = (field: string, reason: string) => new RpcError(status.INVALID_ARGUMENT, `${field}: ${reason}`);
export const notFound = (what: string) => new RpcError(status.NOT_FOUND, `${what} not found`);
export const alreadyExists = (what: string) => new RpcError(status.ALREADY_EXISTS, `${what} already exists`);
export const failedPrecondition = (message: string) => new RpcError(status.FAILED_PRECONDITION, message);
export const unavailable = (message: string) => new RpcError(status.UNAVAILABLE, message);
export const resourceExhausted = (message: string) => new RpcError(status.RESOURCE_EXHAUSTED, message);

/** The gRPC status code of any error a client call rejected with (UNKNOWN if none). */
export function statusOf(err: unknown): status {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? (code as status) : status.UNKNOWN;
}
