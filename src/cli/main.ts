// The `gantry` command. Each process of the cluster is a subcommand (bbs,
// auctioneer, cell); the operator commands (push, create, status, up, ...)
// talk to a cluster through the BBS's gRPC API and NATS.
import { commandHelp, parseArgs } from './args.ts';
import { appCommands } from './commands/apps.ts';
import { certsCommands } from './commands/certs.ts';
import { clusterCommands } from './commands/cluster.ts';
import { observeCommands } from './commands/observe.ts';
import { pushCommands } from './commands/push.ts';
import { visualize } from './commands/visualize.ts';
import { createContext, type Command, type ContextOptions } from './context.ts';
import { CliError, exitCodeHelp, exitCodes } from './exit.ts';
import { setLogLevel, setLogSink, type LogLevel } from '../common/log.ts';

const processes: Record<string, { help: string; load: () => Promise<{ main(argv: string[]): Promise<void> }> }> = {
  bbs: { help: 'run the bulletin board store', load: () => import('../bbs/main.ts') },
  auctioneer: { help: 'run the auctioneer', load: () => import('../auctioneer/main.ts') },
  cell: { help: 'run a cell rep', load: () => import('../cell-rep/main.ts') },
};

const commands: Command[] = [...pushCommands, ...appCommands, ...observeCommands, visualize, ...clusterCommands, ...certsCommands];
const byName = new Map(commands.map((c) => [c.def.name, c]));

const groups: Array<[string, string[]]> = [
  ['apps', ['push', 'create', 'desire', 'scale', 'restart', 'remove', 'list', 'status', 'logs']],
  ['cluster', ['cells', 'events', 'tasks', 'task', 'visualize']],
  ['local cluster', ['up', 'down', 'certs']],
];

export function usage(): string {
  const width = 12;
  const lines = ['usage: gantry <command> [flags]', ''];
  for (const [title, names] of groups) {
    lines.push(`${title}:`);
    for (const n of names) {
      const c = byName.get(n);
      if (c) lines.push(`  ${n.padEnd(width)}${c.def.summary}`);
    }
    lines.push('');
  }
  lines.push('processes of a cluster:');
  for (const [name, p] of Object.entries(processes)) lines.push(`  ${name.padEnd(width)}${p.help}`);
  lines.push(
    '',
    'Every command takes --help for its flags, --json for output scripts can read, and',
    '--bbs HOST:PORT / --nats URL (or GANTRY_BBS_ADDRESS / GANTRY_NATS_URL) to choose the cluster, and',
    '--tls-ca-file / --tls-cert-file / --tls-key-file (or GANTRY_TLS_*_FILE) for one with mutual TLS;',
    'by default the one `gantry up` started (its config file: ~/.config/gantry/config.json).',
    '',
    exitCodeHelp,
  );
  return lines.join('\n') + '\n';
}

/**
 * Library code the commands call (staging, droplet uploads) logs structured
 * JSON lines for servers; a person at a terminal gets its warnings and errors
 * as plain lines, and the rest only with GANTRY_LOG_LEVEL=debug|info.
 */
function quietLogs(env: NodeJS.ProcessEnv): void {
  const level = (env.GANTRY_LOG_LEVEL ?? '').toLowerCase();
  if (level) {
    setLogLevel(level as LogLevel);
    return;
  }
  setLogLevel('warn');
  setLogSink((line) => {
    try {
      const { ts: _ts, level: lvl, component, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const extra = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
      process.stderr.write(`gantry: ${lvl}: ${component}: ${msg}${extra ? ` (${extra})` : ''}\n`);
    } catch {
      process.stderr.write(line + '\n');
    }
  });
}

/** Runs an operator command and returns its exit code (errors printed to stderr). */
export async function runCommand(command: Command, argv: string[], opts: ContextOptions = {}): Promise<number> {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  let ctx: ReturnType<typeof createContext> | undefined;
  try {
    const args = parseArgs(command.def, argv);
    if (args.help) {
      out.write(commandHelp(command.def));
      return exitCodes.ok;
    }
    ctx = createContext(args, { ...opts, out, err });
    return (await command.run(ctx, args)) ?? exitCodes.ok;
  } catch (e) {
    if (e instanceof CliError) {
      err.write(`gantry ${command.def.name}: ${e.message}\n`);
      return e.exitCode;
    }
    err.write(`gantry ${command.def.name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return exitCodes.failure;
  } finally {
    ctx?.close();
  }
}

/** The operator command called NAME (for tests and embedding). */
export function findCommand(name: string): Command | undefined {
  return byName.get(name);
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && byName.has(rest[0])) process.stdout.write(commandHelp(byName.get(rest[0])!.def));
    else process.stdout.write(usage());
    return;
  }
  const proc = processes[name];
  if (proc) {
    const mod = await proc.load();
    await mod.main(rest);
    return;
  }
  const command = byName.get(name);
  if (!command) {
    process.stderr.write(`gantry: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    process.exit(exitCodes.usage);
  }
  quietLogs(process.env);
  // Ctrl-C ends streaming and waiting commands cleanly; a second one exits at once.
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runCommand(command, rest, { signal: abort.signal });
  // gRPC channels and NATS sockets may keep the event loop alive; the command is done.
  process.exit(code);
}
