import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStatus } from '../../../src/cli/format/status.ts';
import { countInstances, describeCheck, summarizeCounts } from '../../../src/cli/format/lrp.ts';
import { relativeTime, formatDuration } from '../../../src/cli/format/time.ts';
import { paintWith, stripAnsi, visibleWidth } from '../../../src/cli/format/colour.ts';
import { actual, desired, plain } from './fixtures.ts';

const now = 1_000_000 + 75_000;

test('status: the desired state, then one block per instance in index order', () => {
  const d = desired({ routes: [{ hostnames: ['web.local'], port: 8080 }], env: [{ name: 'MODE', value: 'prod' }] });
  const actuals = [
    actual(2, 'UNCLAIMED', { placement_error: 'insufficient resources: memory', since: now - 5_000 }),
    actual(0, 'RUNNING', { cell: 'cell-1', hostPort: 61001, since: now - 12_000, availability_zone: 'z1' }),
    actual(1, 'CRASHED', { crash_count: 2, crash_reason: 'exited with code 1', since: now - 3_000 }),
    actual(0, 'RUNNING', { presence: 'EVACUATING', cell: 'cell-3', hostPort: 61500, since: now - 600_000 }),
  ];
  const text = formatStatus(d, actuals, now, plain, (id) => (id === 'cell-3' ? 'z3' : undefined));
  const expected = [
    'app:          web',
    'instances:    1/3 running, 1 unplaced, 1 crashed, 1 evacuating',
    `droplet:      sha256:${'a'.repeat(64)}`,
    'stack:        bookworm',
    'memory:       256 MB',
    'disk:         1024 MB',
    'ports:        8080',
    'health check: http GET /health on port 8080',
    'routes:       web.local → 8080',
    'env:          MODE=prod',
    'domain:       gantry',
    'created:      1m 15s ago',
    '',
    'instance 0  RUNNING',
    '  cell:            cell-1 (z1)',
    '  address:         127.0.0.1',
    '  ports:           8080→61001',
    '  since:           12s ago',
    '  crashes:         0',
    '  instance guid:   ig-0',
    '',
    'instance 0  RUNNING (EVACUATING)',
    '  cell:            cell-3 (z3)',
    '  address:         127.0.0.1',
    '  ports:           8080→61500',
    '  since:           10m ago',
    '  crashes:         0',
    '  instance guid:   ig-0',
    '',
    'instance 1  CRASHED',
    '  since:           3s ago',
    '  crashes:         2',
    '  crash reason:    exited with code 1',
    '',
    'instance 2  UNCLAIMED',
    '  since:           5s ago',
    '  crashes:         0',
    '  placement error: insufficient resources: memory',
    '',
  ].join('\n');
  assert.equal(text, expected);
});

test('status colours states when painting is on', () => {
  const text = formatStatus(desired({ instances: 1 }), [actual(0, 'RUNNING')], now, paintWith(true));
  assert.match(text, /\x1b\[32mRUNNING\x1b\[39m/);
  assert.equal(stripAnsi(text), formatStatus(desired({ instances: 1 }), [actual(0, 'RUNNING')], now, plain));
  assert.equal(visibleWidth('\x1b[32m●●\x1b[39m'), 2);
});

test('counts and summaries', () => {
  const c = countInstances(3, [actual(0, 'RUNNING'), actual(1, 'CLAIMED'), actual(2, 'CRASHED'), actual(5, 'RUNNING')]);
  assert.deepEqual(c, { desired: 3, running: 1, claimed: 1, unclaimed: 0, crashed: 1, evacuating: 0, suspect: 0 });
  assert.equal(summarizeCounts(c), '1/3 running, 1 starting, 1 crashed');
  assert.equal(describeCheck(null, [8080]), 'process (alive is healthy)');
  assert.equal(describeCheck({ type: 'TCP', port: 0, path: '', timeout_ms: 0, interval_ms: 0 }, [9000]), 'port 9000');
});

test('times for people', () => {
  assert.equal(relativeTime(0, now), '-');
  assert.equal(relativeTime(now - 500, now), 'just now');
  assert.equal(relativeTime(now - 59_000, now), '59s ago');
  assert.equal(relativeTime(now - 120_000, now), '2m ago');
  assert.equal(relativeTime(now - 3_700_000, now), '1h 1m ago');
  assert.equal(relativeTime(now - 5 * 86_400_000, now), '5d ago');
  assert.equal(formatDuration(850), '850ms');
  assert.equal(formatDuration(1400), '1.4s');
  assert.equal(formatDuration(125_000), '2m 05s');
});
