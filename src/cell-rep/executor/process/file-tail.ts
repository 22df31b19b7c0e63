// Following an instance's output files: the process executor sends stdout and
// stderr to files (so instances outlive a rep restart), and reads what was
// appended every pollMs, line by line, through one open descriptor.
import fs from 'node:fs';
import { LineSplitter } from '../../../lifecycle/launcher/output-lines.ts';

export class FileTail {
  private position: number;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private fh: fs.promises.FileHandle | null = null;
  private readonly splitter: LineSplitter;
  private readonly buf = Buffer.alloc(64 * 1024);

  constructor(
    private readonly file: string,
    onLine: (line: string) => void,
    opts: { fromEnd?: boolean; pollMs?: number } = {},
  ) {
    this.splitter = new LineSplitter(onLine);
    this.position = opts.fromEnd ? safeSize(file) : 0;
    this.timer = setInterval(() => void this.read(), opts.pollMs ?? 200);
    this.timer.unref();
  }

  /** Read what is there now (one read at a time). */
  read(): Promise<void> {
    this.reading ??= this.readAppended().finally(() => (this.reading = null));
    return this.reading;
  }

  private async readAppended(): Promise<void> {
    this.fh ??= await fs.promises.open(this.file, 'r').catch(() => null);
    if (!this.fh) return;
    for (;;) {
      const { bytesRead } = await this.fh.read(this.buf, 0, this.buf.length, this.position);
      if (bytesRead === 0) return;
      this.position += bytesRead;
      this.splitter.push(Buffer.from(this.buf.subarray(0, bytesRead)));
    }
  }

  /** A last read, then the partial last line is a line too. */
  async stop(): Promise<void> {
    this.cancelTimer();
    await this.read().catch(() => {});
    this.splitter.end();
    await this.closeFile();
  }

  /** Stop at once (the executor is closing). */
  cancel(): void {
    this.cancelTimer();
    void (this.reading ?? Promise.resolve()).finally(() => this.closeFile());
  }

  private cancelTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async closeFile(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close().catch(() => {});
  }
}

function safeSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
