// What every operator command runs with: where to write, whether to colour or
// print JSON, the target cluster and a lazily-connected BBS client, a clock,
// and an abort signal for Ctrl-C in streaming commands.
import { connectBbs, type Bbs } from './bbs-client.ts';
import { flag, type CommandDef, type ParsedArgs } from './args.ts';
import { colourEnabled, paintWith, type Paint } from './format/colour.ts';
import { loadTarget, type Target } from './target.ts';

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface Context {
  out: Output;
  err: Output;
  /** Colours for `out` (none when it is not a terminal or with --json). */
  paint: Paint;
  json: boolean;
  env: Record<string, string | undefined>;
  target(): Target;
  bbs(): Bbs;
  now(): number;
  /** Aborted on Ctrl-C / SIGTERM: streaming and waiting commands stop cleanly. */
  signal: AbortSignal;
  /** Print a value as one JSON document (with --json). */
  printJson(value: unknown): void;
  close(): void;
}

export interface Command {
  def: CommandDef;
  run(ctx: Context, args: ParsedArgs): Promise<number | void>;
}

export interface ContextOptions {
  out?: Output;
  err?: Output;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

export function createContext(args: ParsedArgs, opts: ContextOptions = {}): Context {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  const env = opts.env ?? process.env;
  const json = flag.boolean(args, 'json');
  let target: Target | undefined;
  let bbs: Bbs | undefined;
  const ctx: Context = {
    out,
    err,
    paint: paintWith(!json && colourEnabled(out, env)),
    json,
    env,
    target: () =>
      (target ??= loadTarget(
        {
          bbs: flag.string(args, 'bbs'),
          nats: flag.string(args, 'nats'),
          'tls-ca-file': flag.string(args, 'tls-ca-file'),
          'tls-cert-file': flag.string(args, 'tls-cert-file'),
          'tls-key-file': flag.string(args, 'tls-key-file'),
        },
        env,
      )),
    bbs: () => (bbs ??= connectBbs(ctx.target())),
    now: () => Date.now(),
    signal: opts.signal ?? new AbortController().signal,
    printJson: (value) => out.write(JSON.stringify(value, null, 2) + '\n'),
    close: () => bbs?.close(),
  };
  return ctx;
}

/** Resolves after ms, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
