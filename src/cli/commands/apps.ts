// App commands: create, desire, scale, remove, restart, list, status.
import fs from 'node:fs';
import type { ActualLRP, DesiredLRP, DropletRef } from '../../common/models.ts';
import { putDroplet } from '../../cell-rep/droplets/object-store.ts';
import { flag, wholeNumber, type FlagDef, type ParsedArgs } from '../args.ts';
import { awaitInstances, progressWriter } from '../await-instances.ts';
import type { Command, Context } from '../context.ts';
import {
  buildDesiredLRP, defaultDiskMb, defaultDomain, defaultMemoryMb, defaultStack, defaultStartTimeoutMs, desiredFromJson, parseDropletRef, validateName,
} from '../desired.ts';
import { CliError, exitCodes, notFoundError, usageError } from '../exit.ts';
import { appRows, formatAppList } from '../format/apps.ts';
import { instanceUrlAddress, sortActuals } from '../format/lrp.ts';
import { formatStatus } from '../format/status.ts';
import { formatDuration } from '../format/time.ts';
import { connectCliNats } from '../nats-client.ts';
import { assessGone, assessReplaced, assessRunning } from '../wait.ts';

export const waitFlags: Record<string, FlagDef> = {
  wait: { kind: 'boolean', default: true, help: 'wait until the instances run (--no-wait returns once the BBS has the change)' },
  timeout: { kind: 'duration', value: 'DURATION', default: 120_000, help: 'how long to wait, e.g. 90s, 2m' },
};

/** Flags shared by `create` and `push`: the shape of the app's instances. */
export const appShapeFlags: Record<string, FlagDef> = {
  instances: { kind: 'number', short: 'i', value: 'N', default: 1, help: 'number of instances' },
  memory: { kind: 'size', short: 'm', value: 'MB', default: defaultMemoryMb, help: 'memory limit of each instance (256, 512M, 1G)' },
  disk: { kind: 'size', short: 'k', value: 'MB', default: defaultDiskMb, help: 'disk limit of each instance' },
  'health-check': { kind: 'string', value: 'TYPE', default: 'port', help: 'port | http:/PATH | process' },
  env: { kind: 'list', short: 'e', value: 'K=V', help: 'environment variable of the app' },
  route: { kind: 'list', value: 'HOST', help: 'host name routed to the app\'s first port' },
  port: { kind: 'list', value: 'PORT', help: 'container port (default 8080; the app listens on $PORT)' },
  stack: { kind: 'string', value: 'STACK', default: defaultStack, help: 'stack (rootfs) the instances run on' },
  'start-command': { kind: 'string', short: 'c', value: 'CMD', help: 'start command (default: the droplet\'s own)' },
  tag: { kind: 'list', value: 'TAG', help: 'placement tag a cell must have' },
  'start-timeout': { kind: 'duration', value: 'DURATION', default: defaultStartTimeoutMs, help: 'how long an instance may take to become healthy' },
  domain: { kind: 'string', value: 'DOMAIN', default: defaultDomain, help: 'domain of the app' },
};

/** The DesiredLRP fields of the shape flags, for create and push. */
export function appSpecFromArgs(args: ParsedArgs, name: string, droplet: DropletRef | null) {
  return buildDesiredLRP({
    name,
    droplet,
    instances: wholeNumber(flag.number(args, 'instances'), '-i/--instances'),
    memoryMb: flag.number(args, 'memory')!,
    diskMb: flag.number(args, 'disk')!,
    healthCheck: flag.string(args, 'health-check')!,
    env: flag.list(args, 'env'),
    routes: flag.list(args, 'route'),
    ports: flag.list(args, 'port').map((p) => wholeNumber(p, '--port', 1)),
    stack: flag.string(args, 'stack')!,
    startCommand: flag.string(args, 'start-command') ?? '',
    placementTags: flag.list(args, 'tag'),
    startTimeoutMs: flag.number(args, 'start-timeout')!,
    domain: flag.string(args, 'domain')!,
  });
}

/** The app, or exit 3 with a hint. */
export async function getApp(ctx: Context, name: string): Promise<DesiredLRP> {
  try {
    return await ctx.bbs().getDesiredLRP(name);
  } catch (err) {
    if (err instanceof CliError && err.exitCode === exitCodes.notFound) throw notFoundError(`app ${name} not found; \`gantry list\` shows the apps`);
    throw err;
  }
}

/** Domains expire in Diego; the CLI's domain never does, so convergence may always retire extra instances. */
export async function ensureDomain(ctx: Context, domain: string): Promise<void> {
  await ctx.bbs().call('UpsertDomain', { domain, ttl_seconds: 0 }, `upsert domain ${domain}`);
}

/** Desire an app, then (unless --no-wait) wait until its instances run, printing where they are. */
export async function desireAndWait(ctx: Context, args: ParsedArgs, desired: DesiredLRP, extra: Record<string, unknown> = {}): Promise<number> {
  const progress = progressWriter(ctx);
  await ensureDomain(ctx, desired.domain);
  try {
    await ctx.bbs().call('DesireLRP', { desired_lrp: desired }, `desire app ${desired.process_guid}`);
  } catch (err) {
    if (err instanceof CliError && /already exists/i.test(err.message)) {
      throw new CliError(`app ${desired.process_guid} already exists: change it with \`gantry scale\`, or \`gantry remove ${desired.process_guid}\` first`, exitCodes.failure);
    }
    throw err;
  }
  if (!ctx.json) progress(`desired ${desired.process_guid}: ${desired.instances} instance${desired.instances === 1 ? '' : 's'} of ${desired.memory_mb} MB`);
  if (!flag.boolean(args, 'wait')) {
    if (ctx.json) ctx.printJson({ app: desired.process_guid, desired, ...extra });
    return exitCodes.ok;
  }
  const started = ctx.now();
  const actuals = await awaitInstances(ctx, {
    processGuid: desired.process_guid,
    timeoutMs: flag.number(args, 'timeout')!,
    assess: (a, startedAt, now, baseline) => assessRunning({ desired: desired.instances, actuals: a, startedAt, now, baseline }),
    progress: ctx.json ? null : progress,
    what: `${desired.instances} running instance${desired.instances === 1 ? '' : 's'}`,
  });
  reportRunning(ctx, desired.process_guid, actuals, ctx.now() - started, extra);
  return exitCodes.ok;
}

/** The final word of a wait: where each instance answers (or the JSON of them). */
export function reportRunning(ctx: Context, name: string, actuals: ActualLRP[], elapsedMs: number, extra: Record<string, unknown> = {}): void {
  const running = sortActuals(actuals).filter((a) => a.state === 'RUNNING' && a.presence === 'ORDINARY');
  if (ctx.json) {
    ctx.printJson({
      app: name,
      elapsed_ms: elapsedMs,
      ...extra,
      instances: running.map((a) => ({ index: a.key?.index, cell_id: a.instance_key?.cell_id, address: instanceUrlAddress(a), actual_lrp: a })),
    });
    return;
  }
  ctx.out.write(`${ctx.paint('green', `${name} is running`)}: ${running.length} instance${running.length === 1 ? '' : 's'} in ${formatDuration(elapsedMs)}\n`);
  for (const a of running) ctx.out.write(`  #${a.key?.index}  ${a.instance_key?.cell_id}  http://${instanceUrlAddress(a) ?? '-'}\n`);
}

const create: Command = {
  def: {
    name: 'create',
    summary: 'desire an app from a droplet (a digest, an http(s) URL, or a local .tgz)',
    details: 'A local .tgz is uploaded to the cluster\'s object store first. Waits until the instances run (--no-wait to return at once).',
    positionals: [{ name: 'NAME' }],
    flags: {
      droplet: { kind: 'string', value: 'REF', help: 'sha256:<hex> | https://…[#sha256:<hex>] | ./droplet.tgz' },
      ...appShapeFlags,
      ...waitFlags,
    },
  },
  async run(ctx, args) {
    const name = validateName(args.positionals[0]!);
    const ref = flag.string(args, 'droplet');
    let droplet: DropletRef | null = null;
    if (ref) {
      const source = parseDropletRef(ref);
      if (source.kind === 'ref') droplet = source.ref;
      else droplet = await uploadDroplet(ctx, source.path);
    }
    const desired = appSpecFromArgs(args, name, droplet);
    return desireAndWait(ctx, args, desired);
  },
};

/** Puts a local droplet .tgz into the object store and returns its reference. */
export async function uploadDroplet(ctx: Context, file: string): Promise<DropletRef> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw usageError(`--droplet ${file}: no such file (give a digest sha256:…, an http(s) URL or a .tgz file)`);
  }
  if (!stat.isFile()) throw usageError(`--droplet ${file}: not a file`);
  const nc = await connectCliNats(ctx.target());
  try {
    const stored = await putDroplet(nc, file);
    if (!ctx.json) progressWriter(ctx)(`uploaded droplet ${file} (${stored.bytes} bytes) as ${stored.digest}`);
    return { digest: stored.digest, url: '' };
  } catch (err) {
    throw new CliError(`could not upload droplet ${file} to the object store at ${ctx.target().natsUrl}: ${(err as Error).message}`, exitCodes.failure);
  } finally {
    await nc.close();
  }
}

const desire: Command = {
  def: {
    name: 'desire',
    summary: 'desire an app from a JSON file holding a DesiredLRP ("-" reads stdin)',
    positionals: [{ name: 'FILE.json' }],
    flags: { ...waitFlags },
    details:
      'Missing fields get the CLI\'s defaults: domain "gantry", rootfs "bookworm", 1 instance, 256 MB, 1024 MB disk,\n' +
      'port 8080 with a port health check, log_guid = process_guid. Example:\n' +
      '  {"process_guid": "web", "instances": 2, "droplet": {"digest": "sha256:…"}, "check": {"type": "HTTP", "path": "/"}}',
  },
  async run(ctx, args) {
    const file = args.positionals[0]!;
    let text: string;
    try {
      text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw usageError(`${file}: ${(err as Error).message}`);
    }
    return desireAndWait(ctx, args, desiredFromJson(text, file));
  },
};

const scale: Command = {
  def: {
    name: 'scale',
    summary: 'change the number of instances of an app and wait until that many run',
    positionals: [{ name: 'NAME' }, { name: 'N' }],
    flags: { ...waitFlags },
  },
  async run(ctx, args) {
    const name = validateName(args.positionals[0]!);
    const n = wholeNumber(args.positionals[1], 'N');
    await getApp(ctx, name);
    await ctx.bbs().call('UpdateDesiredLRP', { process_guid: name, update: { instances: n } }, `scale app ${name}`);
    if (!ctx.json) ctx.out.write(`scaling ${name} to ${n} instance${n === 1 ? '' : 's'}\n`);
    if (!flag.boolean(args, 'wait')) {
      if (ctx.json) ctx.printJson({ app: name, instances: n });
      return exitCodes.ok;
    }
    const started = ctx.now();
    const actuals = await awaitInstances(ctx, {
      processGuid: name,
      timeoutMs: flag.number(args, 'timeout')!,
      assess: (a, startedAt, now, baseline) => assessRunning({ desired: n, actuals: a, startedAt, now, baseline }),
      progress: ctx.json ? null : progressWriter(ctx),
      what: `${n} running instance${n === 1 ? '' : 's'}`,
    });
    reportRunning(ctx, name, actuals, ctx.now() - started);
    return exitCodes.ok;
  },
};

const remove: Command = {
  def: {
    name: 'remove',
    summary: 'remove an app: its instances stop and it is no longer desired',
    positionals: [{ name: 'NAME' }],
    flags: { ...waitFlags },
  },
  async run(ctx, args) {
    const name = validateName(args.positionals[0]!);
    try {
      await ctx.bbs().call('RemoveDesiredLRP', { process_guid: name }, `remove app ${name}`);
    } catch (err) {
      if (err instanceof CliError && err.exitCode === exitCodes.notFound) throw notFoundError(`app ${name} not found; \`gantry list\` shows the apps`);
      throw err;
    }
    if (flag.boolean(args, 'wait')) {
      await awaitInstances(ctx, {
        processGuid: name,
        timeoutMs: flag.number(args, 'timeout')!,
        assess: (a) => assessGone(a),
        progress: ctx.json ? null : progressWriter(ctx),
        what: 'its instances to stop',
      });
    }
    if (ctx.json) ctx.printJson({ app: name, removed: true });
    else ctx.out.write(`removed ${name}\n`);
    return exitCodes.ok;
  },
};

const restart: Command = {
  def: {
    name: 'restart',
    summary: 'restart an app\'s instances one at a time (or just INDEX)',
    details: 'Each instance is retired (RetireActualLRP) and its replacement must run before the next one is retired.',
    positionals: [{ name: 'NAME' }, { name: 'INDEX', optional: true }],
    flags: { timeout: { kind: 'duration', value: 'DURATION', default: 120_000, help: 'how long to wait for each replacement' } },
  },
  async run(ctx, args) {
    const name = validateName(args.positionals[0]!);
    const only = args.positionals[1] !== undefined ? wholeNumber(args.positionals[1], 'INDEX') : undefined;
    const desired = await getApp(ctx, name);
    if (only !== undefined && only >= desired.instances) {
      throw notFoundError(`${name} has no instance ${only}: it has ${desired.instances} (indices 0-${desired.instances - 1})`);
    }
    const indices = only !== undefined ? [only] : [...Array(desired.instances).keys()];
    const progress = ctx.json ? null : progressWriter(ctx);
    const results: Array<{ index: number; cell_id: string; elapsed_ms: number }> = [];
    for (const index of indices) {
      const before = (await ctx.bbs().listActualLRPs({ process_guid: name, index })).find((a) => a.presence === 'ORDINARY');
      const retiredGuid = before?.instance_key?.instance_guid ?? '';
      const started = ctx.now();
      progress?.(`restarting ${name}/${index}${before?.instance_key?.cell_id ? ` (on ${before.instance_key.cell_id})` : ''}`);
      await ctx.bbs().call('RetireActualLRP', { key: { process_guid: name, index, domain: desired.domain } }, `retire ${name}/${index}`);
      const after = await awaitInstances(ctx, {
        processGuid: name,
        index,
        timeoutMs: flag.number(args, 'timeout')!,
        assess: (a) => assessReplaced(a, index, retiredGuid),
        progress,
        what: `a new instance ${index}`,
      });
      const now = after.find((a) => a.presence === 'ORDINARY' && a.state === 'RUNNING');
      results.push({ index, cell_id: now?.instance_key?.cell_id ?? '', elapsed_ms: ctx.now() - started });
    }
    if (ctx.json) ctx.printJson({ app: name, restarted: results });
    else ctx.out.write(`restarted ${results.length} instance${results.length === 1 ? '' : 's'} of ${name}\n`);
    return exitCodes.ok;
  },
};

const list: Command = {
  def: { name: 'list', summary: 'list the apps with their running and desired instances', positionals: [], flags: {} },
  async run(ctx) {
    const bbs = ctx.bbs();
    const [desired, actuals] = await Promise.all([bbs.listDesiredLRPs(), bbs.listActualLRPs()]);
    const rows = appRows(desired, actuals);
    if (ctx.json) ctx.printJson(rows);
    else ctx.out.write(formatAppList(rows, ctx.paint));
    return exitCodes.ok;
  },
};

const status: Command = {
  def: {
    name: 'status',
    summary: 'show an app\'s desired state, then each instance',
    details: 'For each instance: state, cell (zone), address, ports, since, crash count and reason, placement error.',
    positionals: [{ name: 'NAME' }],
    flags: {},
  },
  async run(ctx, args) {
    const name = validateName(args.positionals[0]!);
    const bbs = ctx.bbs();
    const [desired, actuals, cells] = await Promise.all([getApp(ctx, name), bbs.listActualLRPs({ process_guid: name }), bbs.listCells()]);
    if (ctx.json) {
      ctx.printJson({ desired_lrp: desired, actual_lrps: sortActuals(actuals) });
      return exitCodes.ok;
    }
    const zones = new Map(cells.map((c) => [c.cell_id, c.zone]));
    ctx.out.write(formatStatus(desired, actuals, ctx.now(), ctx.paint, (id) => zones.get(id)));
    return exitCodes.ok;
  },
};

export const appCommands: Command[] = [create, desire, scale, remove, restart, list, status];
