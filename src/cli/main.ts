// The `gantry` command: each process of the cluster is a subcommand.
const subcommands: Record<string, { help: string; load: () => Promise<{ main(argv: string[]): Promise<void> }> }> = {
  bbs: { help: 'run the bulletin board store', load: () => import('../bbs/main.ts') },
  auctioneer: { help: 'run the auctioneer', load: () => import('../auctioneer/main.ts') },
  cell: { help: 'run a cell rep', load: () => import('../cell-rep/main.ts') },
};

function usage(): string {
  const lines = Object.entries(subcommands).map(([name, s]) => `  gantry ${name.padEnd(12)} ${s.help}`);
  return `usage: gantry <command> [flags]\n\ncommands:\n${lines.join('\n')}\n\nEach command takes --help for its flags.\n`;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage());
    return;
  }
  const sub = subcommands[command];
  if (!sub) {
    process.stderr.write(`gantry: unknown command ${JSON.stringify(command)}\n\n${usage()}`);
    process.exit(2);
  }
  const mod = await sub.load();
  await mod.main(rest);
}
