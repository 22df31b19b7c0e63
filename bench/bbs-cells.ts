// Simulated cells for bench/bbs-scale.ts, in a process of their own (as real
// cells are), so their heartbeats keep their pace whatever the bench process
// is busy with. Every cell publishes its CellPresence once a second.
// stdin: "silence <cell-id>" stops one cell's heartbeats; "goodbye <cell-id>"
// also publishes its goodbye. Prints "ready" once the first round is out.
//
//   node --import tsx bench/bbs-cells.ts <nats-url> <cells> [first-index]
import readline from 'node:readline';
import { createLogger, setLogSink } from '../src/common/log.ts';
import type { CellPresence } from '../src/common/models.ts';
import { connectNats, subjects } from '../src/common/nats.ts';
import { codec } from '../src/common/proto.ts';

setLogSink(() => {});
const [natsUrl, count, first] = process.argv.slice(2);
const cells = Number(count);
const firstIndex = Number(first ?? 0);
export const cellId = (n: number) => `cell-${String(n).padStart(4, '0')}`;

const presenceCodec = codec<CellPresence>('gantry.models.CellPresence');
const nc = await connectNats({ servers: natsUrl!, name: 'bench-cells', log: createLogger('bench-cells') });
const silent = new Set<string>();
const presence = (n: number): CellPresence => ({
  cell_id: cellId(n), rep_address: '127.0.0.1:1', zone: `z${n % 3}`,
  capacity: { memory_mb: 65536, disk_mb: 262144, containers: 256, pids: 100_000 },
  stacks: ['gantry:bookworm'], placement_tags: [], optional_placement_tags: [], evacuating: false, sent_at: Date.now(),
});
const beat = () => {
  for (let n = firstIndex; n < firstIndex + cells; n++) {
    if (!silent.has(cellId(n))) nc.publish(subjects.cellPresence, presenceCodec.encode(presence(n)));
  }
};
beat();
await nc.flush();
process.stdout.write('ready\n');
const timer = setInterval(beat, 1000);

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [verb, id] = line.trim().split(/\s+/);
  if (!id) continue;
  silent.add(id);
  if (verb === 'goodbye') nc.publish(subjects.cellGoodbye, presenceCodec.encode({ ...presence(Number(id.slice(5))), cell_id: id }));
  await nc.flush();
  process.stdout.write(`${verb} ${id}\n`);
}
clearInterval(timer);
await nc.close();
