// At most N tasks at once, the rest wait in arrival order. The engine does
// container starts largely one after another on a small host; letting 50 in at
// once only makes every one of them late (and risks engine timeouts), while a
// few at a time gets the first instances healthy early.

export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** max <= 0: no limit. */
  constructor(private readonly max: number) {}

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.max > 0 && this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
