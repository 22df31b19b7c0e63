import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable } from '../../../src/cli/format/table.ts';
import { appRows, formatAppList } from '../../../src/cli/format/apps.ts';
import { cellUsage, formatCells } from '../../../src/cli/format/cells.ts';
import { formatTask, formatTaskList } from '../../../src/cli/format/tasks.ts';
import { formatEventLine } from '../../../src/cli/format/events.ts';
import { formatLogLine, parseLogMessage } from '../../../src/cli/format/logs.ts';
import { paintWith } from '../../../src/cli/format/colour.ts';
import { actual, cell, desired, plain, task } from './fixtures.ts';

test('tables align columns, right-align numbers, ignore colour codes in widths', () => {
  const paint = paintWith(true);
  const text = renderTable(['NAME', 'N'], [[paint('green', 'a'), '1'], ['long-name', '100']], { right: [1] });
  const lines = text.trimEnd().split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
  assert.deepEqual(lines, ['NAME         N', 'a            1', 'long-name  100']);
});

test('list: one row per app, counts of its instances', () => {
  const rows = appRows(
    [desired({ process_guid: 'web', instances: 2 }), desired({ process_guid: 'api', instances: 1, routes: [{ hostnames: ['api.local'], port: 8080 }] })],
    [actual(0, 'RUNNING'), actual(1, 'CRASHED'), { ...actual(0, 'RUNNING'), key: { process_guid: 'api', index: 0, domain: 'gantry' } }],
  );
  assert.deepEqual(rows.map((r) => [r.name, r.running, r.desired, r.crashed]), [['api', 1, 1, 0], ['web', 1, 2, 1]]);
  const text = formatAppList(rows, plain);
  assert.match(text, /^NAME\s+INSTANCES\s+STARTING\s+CRASHED\s+UNPLACED\s+MEMORY\s+DISK\s+HEALTH CHECK\s+ROUTES$/m);
  assert.match(text, /^api\s+1\/1\s+0\s+0\s+0\s+256M\s+1024M\s+http GET \/health on port 8080\s+api\.local$/m);
  assert.match(text, /^web\s+1\/2\s+0\s+1\s+0/m);
  assert.match(formatAppList([], plain), /no apps: create one with `gantry push/);
});

test('cells: used from the instances and tasks on each cell, free from its capacity', () => {
  const infos = [{ process_guid: 'web', domain: 'gantry', instances: 3, rootfs: 'bookworm', memory_mb: 256, disk_mb: 1024, max_pids: 1, routes: [], placement_tags: [], annotation: '', modification_tag: null }];
  const report = cellUsage(
    [cell('cell-2', { zone: 'z2', placement_tags: ['gpu'], optional_placement_tags: ['ssd'] }), cell('cell-10', { zone: 'z1' }), cell('cell-1', { evacuating: true })],
    [
      actual(0, 'RUNNING', { cell: 'cell-1' }),
      actual(1, 'CLAIMED', { cell: 'cell-1' }),
      actual(2, 'RUNNING', { cell: 'cell-2' }),
      actual(0, 'RUNNING', { cell: 'cell-9', presence: 'SUSPECT' }),
      actual(3, 'CRASHED'),
    ],
    infos,
    [task('t1', { state: 'RUNNING', cell_id: 'cell-2' }), task('t2', { state: 'PENDING' })],
  );
  assert.deepEqual(report.cells.map((c) => c.cellId), ['cell-1', 'cell-2', 'cell-10']);
  const [c1, c2, c10] = report.cells;
  assert.deepEqual(c1!.memory, { used: 512, total: 4096, free: 3584 });
  assert.equal(c1!.instances, 2);
  assert.deepEqual(c2!.memory, { used: 256 + 512, total: 4096, free: 4096 - 768 });
  assert.deepEqual(c2!.disk, { used: 1024 + 2048, total: 20480, free: 20480 - 3072 });
  assert.deepEqual(c2!.containers, { used: 2, total: 100, free: 98 });
  assert.equal(c2!.tasks, 1);
  assert.equal(c10!.instances, 0);
  assert.deepEqual(report.onLostCells, [{ cellId: 'cell-9', instances: 1 }]);
  const text = formatCells(report, plain);
  assert.match(text, /^CELL\s+ZONE\s+INSTANCES\s+TASKS\s+MEMORY USED\/TOTAL\s+MEMORY FREE\s+DISK USED\/TOTAL\s+DISK FREE\s+CONTAINERS\s+STACKS\s+TAGS\s+STATE$/m);
  assert.match(text, /^cell-1\s+z1\s+2\s+0\s+512\/4096M 13%\s+3584M\s+2048\/20480M 10%\s+18432M\s+2\/100\s+bookworm\s+-\s+evacuating$/m);
  assert.match(text, /^cell-2\s+z2\s+1\s+1\s+768\/4096M 19%.*gpu,ssd\?\s+live$/m);
  assert.match(text, /cell-9: no presence \(lost\), 1 instance\(s\) still recorded there/);
  assert.match(formatCells({ cells: [], onLostCells: [] }, plain), /no cells/);
});

test('tasks: a table and a detail block', () => {
  const now = 1_000_000 + 30_000;
  const tasks = [
    task('stage-b', { state: 'COMPLETED', failed: true, failure_reason: 'None of the buildpacks detected a compatible application', cell_id: 'cell-1', created_at: 1_000_000 + 1 }),
    task('stage-a', { state: 'RUNNING', cell_id: 'cell-2' }),
  ];
  const list = formatTaskList(tasks, now, plain);
  const lines = list.trimEnd().split('\n');
  assert.match(lines[0]!, /^GUID\s+STATE\s+CELL\s+CREATED\s+OUTCOME$/);
  assert.match(lines[1]!, /^stage-a\s+RUNNING\s+cell-2\s+30s ago\s+-$/);
  assert.match(lines[2]!, /^stage-b\s+COMPLETED\s+cell-1\s+29s ago\s+failed: None of the buildpacks detected a compatible application$/);
  const one = formatTask(tasks[0]!, now, plain);
  assert.match(one, /^task:\s+stage-b$/m);
  assert.match(one, /^outcome:\s+failed$/m);
  assert.match(one, /^failure reason:\s+None of the buildpacks detected a compatible application$/m);
  assert.equal(formatTaskList([], now, plain), 'no tasks\n');
});

test('events: one line each, with transitions and where', () => {
  const at = new Date(2024, 0, 1, 12, 0, 1, 234).getTime();
  const before = actual(0, 'CLAIMED', { cell: 'cell-1' });
  const after = actual(0, 'RUNNING', { cell: 'cell-1', hostPort: 61001 });
  assert.equal(
    formatEventLine({ event: 'actual_lrp_instance_changed', actual_lrp_instance_changed: { before, after } }, at, plain),
    '12:00:01.234  instance changed web/0  CLAIMED → RUNNING cell=cell-1 at=127.0.0.1:61001',
  );
  assert.equal(
    formatEventLine({ event: 'desired_lrp_changed', desired_lrp_changed: { before: desired({ instances: 1 }), after: desired({ instances: 5 }) } }, at, plain),
    '12:00:01.234  app changed      web  instances 1→5',
  );
  assert.equal(
    formatEventLine({ event: 'actual_lrp_crashed', actual_lrp_crashed: { key: { process_guid: 'web', index: 2, domain: 'gantry' }, instance_key: { instance_guid: 'g', cell_id: 'cell-3' }, crash_count: 1, crash_reason: 'exited with code 1', since: 0 } }, at, plain),
    '12:00:01.234  instance crashed web/2  cell=cell-3 crashes=1 reason="exited with code 1"',
  );
  const suspect = actual(1, 'RUNNING', { cell: 'cell-2', presence: 'SUSPECT' });
  assert.match(formatEventLine({ event: 'actual_lrp_instance_created', actual_lrp_instance_created: { actual_lrp: suspect } }, at, plain), /instance created web\/1  RUNNING\(SUSPECT\) cell=cell-2/);
  assert.match(formatEventLine({ event: 'task_changed', task_changed: { before: task('t'), after: task('t', { state: 'RUNNING', cell_id: 'cell-1' }) } }, at, plain), /task changed\s+t  PENDING → RUNNING cell=cell-1/);
});

test('logs: the cell\'s JSON messages and plain lines', () => {
  const at = new Date(2024, 0, 1, 9, 5, 7, 8).getTime();
  const m = parseLogMessage(JSON.stringify({ source: 'APP/PROC/WEB', instance_index: 2, timestamp: at, stream: 'stderr', line: 'listening on 61002' }));
  assert.equal(formatLogLine(m, 0, plain), '09:05:07.008 [APP/PROC/WEB/2] ERR listening on 61002');
  assert.equal(formatLogLine(parseLogMessage('not json'), at, plain), '09:05:07.008 [?/0] OUT not json');
});
