// The reliability table: runs every fault scenario of test/chaos/scenarios/
// (each module exports `scenarios: FaultScenario[]`, see test/chaos/result.ts)
// one after another, each on its own cluster of real processes, and prints a
// row per fault: instances affected, time to recover, requests or instances
// lost, and the target. A new module in that directory is picked up as it is.
//
//   node --import tsx bench/reliability.ts [--only NAME[,NAME...]] [--json]
//
// Targets: 0 lost; cell-loss recovery under 5 s; BBS failover under 5 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setLogSink } from '../src/common/log.ts';
import type { FaultResult, FaultScenario } from '../test/chaos/result.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'chaos', 'scenarios');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const only = arg('only')?.split(',').map((s) => s.trim()).filter(Boolean);
const json = process.argv.includes('--json');

interface Row {
  module: string;
  scenario: FaultScenario;
  result?: FaultResult;
  error?: string;
}

setLogSink(() => undefined);

const rows: Row[] = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { scenarios?: FaultScenario[] };
  if (!Array.isArray(mod.scenarios)) {
    process.stderr.write(`${file}: exports no \`scenarios\` array; skipped\n`);
    continue;
  }
  for (const scenario of mod.scenarios) {
    if (only && !only.includes(scenario.name)) continue;
    rows.push({ module: file.replace(/\.ts$/, ''), scenario });
  }
}

for (const row of rows) {
  process.stderr.write(`${row.module}/${row.scenario.name}: running\n`);
  const t0 = Date.now();
  try {
    row.result = await row.scenario.run();
    process.stderr.write(`${row.module}/${row.scenario.name}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${row.result.notes ?? ''}\n`);
  } catch (err) {
    row.error = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    process.stderr.write(`${row.module}/${row.scenario.name}: failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
}

const ms = (v: number) => (Number.isFinite(v) ? (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`) : 'never');
const table: string[][] = [['fault', 'instances affected', 'time to recover', 'lost', 'target']];
for (const r of rows) {
  if (r.result) table.push([r.result.fault, String(r.result.affected), ms(r.result.recoverMs), String(r.result.lost), r.scenario.target]);
  else table.push([r.scenario.name, '-', 'failed', '-', r.scenario.target]);
}
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
const line = (row: string[]) => `| ${row.map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;

if (json) {
  console.log(JSON.stringify(rows.map((r) => ({ module: r.module, name: r.scenario.name, target: r.scenario.target, ...(r.result ?? {}), ...(r.error ? { error: r.error } : {}) })), null, 2));
} else {
  console.log('\nreliability: one fault at a time on a cluster of real processes (nats-server, BBS, auctioneer, cells)');
  console.log(line(table[0]!));
  console.log(`|${widths.map((w, c) => (c === 0 || c === 4 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
  console.log('');
  for (const r of rows) console.log(`- ${r.scenario.name}: ${r.result?.notes ?? r.error ?? ''}`);
  console.log(`(load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs)`);
}
process.exit(rows.some((r) => r.error) ? 1 : 0);
