// `gantry push`: stage an app from source with buildpacks (src/lifecycle/
// staging.ts: a Task auctioned onto a cell, in the stack image), streaming the
// staging's output as it happens; then desire it with the droplet and wait
// until its instances run. A failed staging desires nothing. Pushing an app
// that exists replaces it (its instances restart on the new droplet), and
// reuses the build cache its last staging left (kept in its annotation).
import fs from 'node:fs';
import path from 'node:path';
import type { NatsConnection } from 'nats';
import { RpcError } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';
import type { DesiredLRP } from '../../common/models.ts';
import { subjects } from '../../common/nats.ts';
import { stage, StagingError, type StagingOutcome } from '../../lifecycle/staging.ts';
import { flag } from '../args.ts';
import { awaitInstances, progressWriter } from '../await-instances.ts';
import type { Command, Context } from '../context.ts';
import { parseEnv, validateName } from '../desired.ts';
import { CliError, exitCodes, usageError } from '../exit.ts';
import { formatDuration } from '../format/time.ts';
import { connectCliNats } from '../nats-client.ts';
import { assessGone } from '../wait.ts';
import { targetTls } from '../target.ts';
import { appShapeFlags, appSpecFromArgs, desireAndWait, waitFlags } from './apps.ts';

/** What the CLI keeps in an app's annotation about how it was staged. */
export interface PushAnnotation {
  gantry: { staging: { droplet: string; cache: string; buildpack: string; start_command: string; staged_at: number } };
}

export function pushAnnotation(outcome: Pick<StagingOutcome, 'droplet' | 'cache' | 'detectedBuildpack' | 'startCommand'>, now: number): string {
  const a: PushAnnotation = {
    gantry: { staging: { droplet: outcome.droplet, cache: outcome.cache, buildpack: outcome.detectedBuildpack, start_command: outcome.startCommand, staged_at: now } },
  };
  return JSON.stringify(a);
}

/** The build cache of the app's last staging, from its annotation (null when there is none). */
export function cacheFromAnnotation(annotation: string | undefined): string | null {
  if (!annotation) return null;
  try {
    const cache = (JSON.parse(annotation) as Partial<PushAnnotation>).gantry?.staging?.cache;
    return typeof cache === 'string' && /^sha256:[0-9a-f]{64}$/.test(cache) ? cache : null;
  } catch {
    return null;
  }
}

async function existingApp(ctx: Context, name: string): Promise<DesiredLRP | null> {
  try {
    return await ctx.bbs().getDesiredLRP(name);
  } catch (err) {
    if (err instanceof CliError && err.exitCode === exitCodes.notFound) return null;
    throw err;
  }
}

/** Staging lines go to the person (stderr with --json) and to the app's log subject, so `gantry logs` shows them too. */
function stagingLogSink(ctx: Context, nc: NatsConnection, name: string) {
  const out = ctx.json ? ctx.err : ctx.out;
  const subject = subjects.logs(name);
  return (l: { stream: 'stdout' | 'stderr'; line: string }) => {
    out.write(`   ${ctx.paint('cyan', '[STG]')} ${l.line}\n`);
    try {
      nc.publish(subject, JSON.stringify({ source: 'STG', instance_index: 0, timestamp: Date.now(), stream: l.stream, line: l.line }));
    } catch {
      // logs are best effort
    }
  };
}

/**
 * The staging library's log, for a person: its warnings as notes (e.g. a build
 * cache that is gone), not its progress lines, and not its "staging failed"
 * (push says that itself, with what to do).
 */
function stagingLogger(ctx: Context): Logger {
  const note = (msg: string, fields?: Record<string, unknown>) => {
    if (msg === 'staging failed') return;
    const extra = Object.entries(fields ?? {}).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
    ctx.err.write(`gantry push: note: ${msg}${extra ? ` (${extra})` : ''}\n`);
  };
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: note, error: note, child: () => logger };
  return logger;
}

const push: Command = {
  def: {
    name: 'push',
    summary: 'stage an app from source with buildpacks, desire it, wait until it runs',
    positionals: [{ name: 'NAME' }],
    flags: {
      path: { kind: 'string', short: 'p', value: 'DIR', default: '.', help: 'the app\'s source directory' },
      buildpack: { kind: 'list', short: 'b', value: 'NAME', help: 'buildpack: a shipped one (staticfile, nodejs, binary) or a path; repeat for several (all supply, the last finalizes); default: detect' },
      ...appShapeFlags,
      ...waitFlags,
    },
    details:
      'Staging runs as a Task on a cell, in the stack image; the droplet and the build cache go to the\n' +
      'cluster\'s object store (NATS). Pushing an app that exists stages it again with its build cache and replaces it.',
  },
  async run(ctx, args) {
    const name = validateName(args.positionals[0]!);
    const dir = path.resolve(flag.string(args, 'path')!);
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw usageError(`-p/--path ${dir}: not a directory`);
    // Check every flag before the (long) staging, so a typo costs nothing.
    appSpecFromArgs(args, name, { digest: 'sha256:' + '0'.repeat(64), url: '' });
    const progress = progressWriter(ctx);
    const existing = await existingApp(ctx, name);
    const nc = await connectCliNats(ctx.target());
    let outcome: StagingOutcome;
    try {
      progress(`staging ${name} from ${dir}${existing ? ' (with the build cache of its last staging)' : ''}`);
      outcome = await stage(
        {
          appName: name,
          appDir: dir,
          buildpacks: flag.list(args, 'buildpack'),
          cache: cacheFromAnnotation(existing?.annotation),
          stack: flag.string(args, 'stack'),
          env: parseEnv(flag.list(args, 'env')),
        },
        { nc, bbsAddress: ctx.target().bbsAddress, tls: targetTls(ctx.target()), onLog: stagingLogSink(ctx, nc, name), log: stagingLogger(ctx) },
      );
    } catch (err) {
      if (err instanceof StagingError) throw new CliError(`${err.message}\nNothing was desired; fix the app (or choose a buildpack with -b) and push again.`, exitCodes.failure);
      if (err instanceof RpcError) throw usageError(err.message.replace(/^buildpacks\[\d+\]: /, '-b/--buildpack: '));
      throw new CliError(`staging failed: ${(err as Error).message}`, exitCodes.failure);
    } finally {
      await nc.flush().catch(() => undefined);
      await nc.close();
    }
    progress(
      `staged ${name} in ${formatDuration(outcome.durationMs)}: buildpack ${outcome.detectedBuildpack}, start command ${JSON.stringify(outcome.startCommand)}, ` +
        `droplet ${outcome.droplet} (${Math.round(outcome.dropletBytes / 1024)} KiB)`,
    );
    if (existing) {
      progress(`replacing the running ${name}: its instances restart on the new droplet`);
      await ctx.bbs().call('RemoveDesiredLRP', { process_guid: name }, `replace app ${name}`);
      await awaitInstances(ctx, { processGuid: name, timeoutMs: flag.number(args, 'timeout')!, assess: (a) => assessGone(a), progress: null, what: 'the old instances to stop' });
    }
    const desired = appSpecFromArgs(args, name, { digest: outcome.droplet, url: '' });
    desired.annotation = pushAnnotation(outcome, ctx.now());
    const staging = { droplet: outcome.droplet, droplet_bytes: outcome.dropletBytes, buildpack: outcome.detectedBuildpack, start_command: outcome.startCommand, duration_ms: outcome.durationMs, task_guid: outcome.taskGuid };
    return desireAndWait(ctx, args, desired, { staging });
  },
};

export const pushCommands: Command[] = [push];
