// A task's uploads: after its command exits 0, each file it names is copied
// out of its container and stored in the droplet object store by its sha256
// (how a staging task hands back its droplet and build cache).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NatsConnection } from 'nats';
import { counter } from '../common/metrics.ts';
import { putDroplet, type StoredDroplet } from './droplets/object-store.ts';
import type { Executor } from './executor/types.ts';

const uploaded = counter('gantry_cell_task_uploads_total', 'Files tasks left in the object store, by outcome', ['outcome']);

export interface TaskUploads {
  /** Copy `from` out of the container `guid` and store it; rejects with the reason in words. */
  store(executor: Executor, guid: string, from: string): Promise<StoredDroplet>;
}

export class ObjectStoreUploads implements TaskUploads {
  constructor(private readonly nc: NatsConnection, private readonly dir: string) {}

  async store(executor: Executor, guid: string, from: string): Promise<StoredDroplet> {
    try {
      if (!executor.copyOut) throw new Error(`the ${executor.name} executor keeps no files`);
      await fs.promises.mkdir(this.dir, { recursive: true });
      const file = path.join(this.dir, `${guid}-${crypto.randomBytes(4).toString('hex')}`);
      try {
        await executor.copyOut(guid, from, file);
        const stored = await putDroplet(this.nc, file);
        uploaded.inc({ outcome: 'stored' });
        return stored;
      } finally {
        await fs.promises.rm(file, { force: true });
      }
    } catch (err) {
      uploaded.inc({ outcome: 'failed' });
      throw err;
    }
  }
}
