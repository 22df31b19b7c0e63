// Assembling protobuf messages from already-encoded parts. A message field is
// its tag, its length as a varint, then its bytes; a repeated message field is
// that once per element. Large answers (a listing of 250,000 actual LRPs) are
// built this way from each record's cached encoding instead of re-encoding.

const wireTypeLengthDelimited = 2;

export function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarint(buf: Buffer, offset: number, n: number): number {
  while (n >= 0x80) {
    buf[offset++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[offset++] = n;
  return offset;
}

/** Field number → its tag byte(s) for a length-delimited field. */
const tagOf = (fieldNumber: number) => fieldNumber * 8 + wireTypeLengthDelimited;

/** One message made of length-delimited fields, each [fieldNumber, bytes]; null parts are absent. */
export function message(fields: ReadonlyArray<readonly [number, Uint8Array | null | undefined]>): Buffer {
  let size = 0;
  for (const [field, bytes] of fields) {
    if (!bytes) continue;
    size += varintSize(tagOf(field)) + varintSize(bytes.length) + bytes.length;
  }
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  for (const [field, bytes] of fields) {
    if (!bytes) continue;
    off = writeVarint(buf, off, tagOf(field));
    off = writeVarint(buf, off, bytes.length);
    buf.set(bytes, off);
    off += bytes.length;
  }
  return buf;
}

/** A message whose only content is one repeated message field. */
export function repeated(fieldNumber: number, items: readonly Uint8Array[]): Buffer {
  const tag = tagOf(fieldNumber);
  const tagSize = varintSize(tag);
  let size = 0;
  for (const bytes of items) size += tagSize + varintSize(bytes.length) + bytes.length;
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  for (const bytes of items) {
    off = writeVarint(buf, off, tag);
    off = writeVarint(buf, off, bytes.length);
    buf.set(bytes, off);
    off += bytes.length;
  }
  return buf;
}

// One retained buffer for the largest answers (a full actual-LRP listing is
// tens of MiB). Fresh memory of that size costs page faults on every call;
// this buffer's pages stay mapped. grpc-js copies a response into its own
// framed buffer synchronously when the handler's answer is sent, which happens
// before the next macrotask, so the buffer is free again at setImmediate.
let retained: Buffer | undefined;
let retainedBusy = false;

/**
 * Like repeated(), but built in the retained buffer when it is free. The
 * result is only valid until the next macrotask: use it as an rpc's answer.
 */
export function repeatedTransient(fieldNumber: number, items: readonly Uint8Array[]): Buffer {
  if (retainedBusy) return repeated(fieldNumber, items);
  const tag = tagOf(fieldNumber);
  const tagSize = varintSize(tag);
  let size = 0;
  for (const bytes of items) size += tagSize + varintSize(bytes.length) + bytes.length;
  if (!retained || retained.length < size) retained = Buffer.allocUnsafe(Math.ceil(size * 1.25));
  retainedBusy = true;
  setImmediate(() => {
    retainedBusy = false;
  });
  const buf = retained;
  let off = 0;
  for (const bytes of items) {
    off = writeVarint(buf, off, tag);
    off = writeVarint(buf, off, bytes.length);
    buf.set(bytes, off);
    off += bytes.length;
  }
  return buf.subarray(0, size);
}
