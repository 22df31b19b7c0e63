// Commands that watch the cluster: cells, logs, events, tasks, task.
import { subjects } from '../../common/nats.ts';
import { flag } from '../args.ts';
import type { Command } from '../context.ts';
import { CliError, exitCodes, notFoundError } from '../exit.ts';
import { cellUsage, formatCells } from '../format/cells.ts';
import { formatEventLine } from '../format/events.ts';
import { formatLogLine, parseLogMessage } from '../format/logs.ts';
import { formatTask, formatTaskList } from '../format/tasks.ts';
import { connectCliNats } from '../nats-client.ts';
import { validateName } from '../desired.ts';

const cells: Command = {
  def: { name: 'cells', summary: 'list the live cells: zone, capacity used and free, stacks, tags', positionals: [], flags: {} },
  async run(ctx) {
    const bbs = ctx.bbs();
    const [presences, actuals, infos, tasks] = await Promise.all([bbs.listCells(), bbs.listActualLRPs(), bbs.listSchedulingInfos(), bbs.listTasks()]);
    const report = cellUsage(presences, actuals, infos, tasks);
    if (ctx.json) ctx.printJson(report);
    else ctx.out.write(formatCells(report, ctx.paint));
    return exitCodes.ok;
  },
};

const logs: Command = {
  def: {
    name: 'logs',
    summary: 'stream an app\'s log lines as they come',
    details: 'Lines of its instances, of its staging, and the cells\' notes about it, until Ctrl-C.',
    positionals: [{ name: 'NAME' }],
    flags: { 'log-guid': { kind: 'string', value: 'GUID', help: 'follow this log guid instead of the app\'s (e.g. a task\'s)' } },
  },
  async run(ctx, args) {
    const name = validateName(args.positionals[0]!);
    let logGuid = flag.string(args, 'log-guid');
    if (!logGuid) {
      try {
        logGuid = (await ctx.bbs().getDesiredLRP(name)).log_guid || name;
      } catch (err) {
        if (!(err instanceof CliError && err.exitCode === exitCodes.notFound)) throw err;
        // Not desired yet (e.g. still staging): its log guid is its name.
        logGuid = name;
        ctx.err.write(`(app ${name} is not desired yet; following log guid ${name})\n`);
      }
    }
    const nc = await connectCliNats(ctx.target());
    const sub = nc.subscribe(subjects.logs(logGuid));
    const stop = () => sub.unsubscribe();
    ctx.signal.addEventListener('abort', stop, { once: true });
    // Once the server has the subscription, nothing published from now on is missed.
    await nc.flush();
    ctx.err.write(`following logs of ${name} (Ctrl-C to stop)\n`);
    for await (const m of sub) {
      const body = new TextDecoder().decode(m.data);
      if (ctx.json) ctx.out.write(JSON.stringify(parseLogMessage(body)) + '\n');
      else ctx.out.write(formatLogLine(parseLogMessage(body), ctx.now(), ctx.paint) + '\n');
    }
    await nc.close();
    return exitCodes.ok;
  },
};

const events: Command = {
  def: {
    name: 'events',
    summary: 'stream the BBS\'s events, one line each',
    positionals: [],
    flags: {
      app: { kind: 'string', value: 'NAME', help: 'only events of this app' },
      cell: { kind: 'string', value: 'CELL', help: 'only events of instances and tasks on this cell' },
      lrps: { kind: 'boolean', help: 'only LRP events' },
      tasks: { kind: 'boolean', help: 'only task events' },
    },
    details: 'With --json, one JSON object per line: {"received_at": unix ms, "event": <gantry.models.Event>}.',
  },
  async run(ctx, args) {
    const request = {
      process_guid: flag.string(args, 'app') ?? '',
      cell_id: flag.string(args, 'cell') ?? '',
      lrp_events: flag.boolean(args, 'lrps'),
      task_events: flag.boolean(args, 'tasks'),
    };
    ctx.err.write(`following events from the BBS at ${ctx.target().bbsAddress} (Ctrl-C to stop)\n`);
    await ctx.bbs().subscribe(
      request,
      (e) => {
        const at = ctx.now();
        if (ctx.json) ctx.out.write(JSON.stringify({ received_at: at, event: e }) + '\n');
        else ctx.out.write(formatEventLine(e, at, ctx.paint) + '\n');
      },
      ctx.signal,
    );
    if (!ctx.signal.aborted) throw new CliError('the BBS ended the event stream (it stopped or lost its leadership); run `gantry events` again', exitCodes.failure);
    return exitCodes.ok;
  },
};

const tasks: Command = {
  def: {
    name: 'tasks',
    summary: 'list tasks: state, cell, age, outcome',
    positionals: [],
    flags: { cell: { kind: 'string', value: 'CELL', help: 'only tasks on this cell' }, domain: { kind: 'string', value: 'DOMAIN', help: 'only tasks of this domain' } },
  },
  async run(ctx, args) {
    const list = await ctx.bbs().listTasks({ cell_id: flag.string(args, 'cell') ?? '', domain: flag.string(args, 'domain') ?? '' });
    if (ctx.json) ctx.printJson(list);
    else ctx.out.write(formatTaskList(list, ctx.now(), ctx.paint));
    return exitCodes.ok;
  },
};

const task: Command = {
  def: { name: 'task', summary: 'show one task: state, cell, command, outcome, result', positionals: [{ name: 'GUID' }], flags: {} },
  async run(ctx, args) {
    const guid = args.positionals[0]!;
    let t;
    try {
      t = await ctx.bbs().getTask(guid);
    } catch (err) {
      if (err instanceof CliError && err.exitCode === exitCodes.notFound) throw notFoundError(`task ${guid} not found; \`gantry tasks\` lists them`);
      throw err;
    }
    if (ctx.json) ctx.printJson(t);
    else ctx.out.write(formatTask(t, ctx.now(), ctx.paint));
    return exitCodes.ok;
  },
};

export const observeCommands: Command[] = [cells, logs, events, tasks, task];
