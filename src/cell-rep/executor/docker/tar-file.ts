// The first regular file of a tar archive (Docker hands a container's file out
// as a tar): enough to read a task's result file without a tar library.

export const RESULT_FILE_MAX_BYTES = 10 * 1024;

export type TarFileResult = { ok: true; content: Buffer } | { ok: false; reason: string };

function octal(field: Buffer): number {
  const s = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return s ? Number.parseInt(s, 8) : 0;
}

/** Parse the first regular file; `maxBytes` bounds what a task may hand back. */
export function firstTarFile(tar: Buffer, maxBytes = RESULT_FILE_MAX_BYTES): TarFileResult {
  let off = 0;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const body = off + 512;
    if (type === '0' || type === '\0') {
      if (size > maxBytes) return { ok: false, reason: `result file is ${size} bytes, more than the ${maxBytes} allowed` };
      if (body + size > tar.length) return { ok: false, reason: 'result file archive is truncated' };
      return { ok: true, content: Buffer.from(tar.subarray(body, body + size)) };
    }
    if (type === '5') return { ok: false, reason: 'result file is a directory' };
    // pax / GNU long-name headers and the like: skip their data.
    off = body + Math.ceil(size / 512) * 512;
  }
  return { ok: false, reason: 'result file not found in the archive' };
}
