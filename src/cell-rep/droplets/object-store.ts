// The droplet bucket in the JetStream object store: droplets are stored under
// their own digest ("sha256:<hex>"), so a name says what the bytes are.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { NatsConnection, ObjectStore } from 'nats';
import { digestOf } from './digest.ts';

export const DROPLET_BUCKET = 'gantry-droplets';

/** The droplet bucket (created when missing). */
export function dropletStore(nc: NatsConnection, bucket = DROPLET_BUCKET): Promise<ObjectStore> {
  return nc.jetstream().views.os(bucket);
}

export interface StoredDroplet {
  digest: string;
  bytes: number;
}

/** The object store's own digest ("SHA-256=<base64url>") names the same sha256 as ours ("sha256:<hex>"). */
function sameSha256(objectDigest: string, digest: string): boolean {
  if (!objectDigest.startsWith('SHA-256=')) return false;
  const theirs = objectDigest.slice('SHA-256='.length).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return theirs === Buffer.from(digest.slice('sha256:'.length), 'hex').toString('base64url');
}

async function hashFile(file: string): Promise<StoredDroplet> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { digest: digestOf(hash.digest('hex')), bytes };
}

/**
 * Put a droplet (bytes, or the path of a .tgz) into the object store under its
 * digest, and return the digest. Storing the same droplet twice is a no-op.
 */
export async function putDroplet(nc: NatsConnection, droplet: Uint8Array | string, opts: { bucket?: string } = {}): Promise<StoredDroplet> {
  const os = await dropletStore(nc, opts.bucket);
  const stored: StoredDroplet =
    typeof droplet === 'string' ? await hashFile(droplet) : { digest: digestOf(crypto.createHash('sha256').update(droplet).digest('hex')), bytes: droplet.byteLength };
  const existing = await os.info(stored.digest);
  // Kept only when it is these very bytes: an object under this name with other content (tampered, corrupted) is replaced.
  if (existing && !existing.deleted && existing.size === stored.bytes && sameSha256(existing.digest, stored.digest)) return stored;
  const meta = { name: stored.digest, description: 'gantry droplet' };
  if (typeof droplet === 'string') {
    await os.put(meta, Readable.toWeb(fs.createReadStream(droplet)) as unknown as ReadableStream<Uint8Array>);
  } else {
    await os.putBlob(meta, droplet);
  }
  return stored;
}
