// Following an instance's output files: the process executor sends stdout and
// stderr to files (so instances outlive a rep restart), and reads what was
// appended every pollMs, line by line.
import fs from 'node:fs';
import { LineSplitter } from '../../../lifecycle/launcher/output-lines.ts';

export class FileTail {
  private position: number;
  private timer: NodeJS.Timeout | null = null;
  private reading = false;
  private readonly splitter: LineSplitter;

  constructor(
    private readonly file: string,
    onLine: (line: string) => void,
    opts: { fromEnd?: boolean; pollMs?: number } = {},
  ) {
    this.splitter = new LineSplitter(onLine);
    this.position = opts.fromEnd ? safeSize(file) : 0;
    this.timer = setInterval(() => void this.read(), opts.pollMs ?? 100);
    this.timer.unref();
  }

  /** Read what is there now. */
  async read(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const fh = await fs.promises.open(this.file, 'r').catch(() => null);
      if (!fh) return;
      try {
        const buf = Buffer.alloc(64 * 1024);
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, this.position);
          if (bytesRead === 0) break;
          this.position += bytesRead;
          this.splitter.push(Buffer.from(buf.subarray(0, bytesRead)));
        }
      } finally {
        await fh.close();
      }
    } finally {
      this.reading = false;
    }
  }

  /** A last read, then the partial last line is a line too. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.reading) await new Promise((r) => setTimeout(r, 5));
    await this.read();
    this.splitter.end();
  }

  /** Stop at once (the executor is closing). */
  cancel(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function safeSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
