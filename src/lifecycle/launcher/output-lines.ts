// An instance's output cut into lines for its log stream: chunks arrive split
// anywhere (mid-line, mid-character); a line is handed on once it is whole. An
// endless line is cut at maxLineBytes so one app cannot fill the rep's memory.

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineBytes = 64 * 1024,
  ) {}

  push(chunk: Buffer | string): void {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (;;) {
      const nl = buf.indexOf(0x0a);
      if (nl < 0) break;
      this.pending.push(buf.subarray(0, nl));
      this.pendingBytes += nl;
      this.emit();
      buf = buf.subarray(nl + 1);
    }
    while (buf.length > 0) {
      const room = this.maxLineBytes - this.pendingBytes;
      const part = buf.subarray(0, room);
      this.pending.push(part);
      this.pendingBytes += part.length;
      buf = buf.subarray(part.length);
      if (this.pendingBytes >= this.maxLineBytes) this.emit();
    }
  }

  /** The stream ended: a last line without a newline is still a line. */
  end(): void {
    if (this.pendingBytes > 0) this.emit();
  }

  private emit(): void {
    let line = Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.onLine(line);
  }
}
