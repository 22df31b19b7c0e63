// Asking a process whether it is ready: the standard gRPC health service every
// gantry server implements (a standby BBS or auctioneer does not listen at all: UNREACHABLE).
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { clientCredentials, type Tls } from '../../common/tls.ts';

const HealthClient = grpc.makeGenericClientConstructor(healthService, 'Health');

export type HealthStatus = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'UNREACHABLE';

/** One Check of the overall health ("") of the server at address (with mutual TLS when tls is given). */
export function checkHealth(address: string, deadlineMs = 1000, tls?: Tls): Promise<HealthStatus> {
  const client = new HealthClient(address, clientCredentials(tls));
  return new Promise<HealthStatus>((resolve) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (req: { service: string }) => healthService.Check!.requestSerialize(req),
      (buf: Buffer) => healthService.Check!.responseDeserialize(buf) as { status: string },
      { service: '' },
      new grpc.Metadata(),
      { deadline: new Date(Date.now() + deadlineMs) },
      (err: grpc.ServiceError | null, res?: { status: string }) => {
        client.close();
        if (err) return resolve('UNREACHABLE');
        resolve((res?.status as HealthStatus) ?? 'UNKNOWN');
      },
    );
  });
}
