import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allPorts, cellIdOf, cellPortRange, defaultPorts, hostPortRange, parsePortRange, planCluster, randomHostPortRange, zoneOf, type ClusterOptions } from '../../../src/cli/cluster/plan.ts';
import { childEnv } from '../../../src/cli/cluster/supervisor.ts';
import { formatClusterTable, type ClusterState } from '../../../src/cli/cluster/state.ts';
import { plain } from './fixtures.ts';

const options = (over: Partial<ClusterOptions> = {}): ClusterOptions => ({
  clusterId: 'ab12',
  cells: 4,
  executor: 'docker',
  stateDir: '/state/gantry',
  host: '127.0.0.1',
  hostPorts: hostPortRange,
  cellMemoryMb: 0,
  cellDiskMb: 0,
  cellContainers: 0,
  heartbeatIntervalMs: 500,
  cellLostTimeoutMs: 2000,
  convergenceIntervalMs: 10_000,
  evacuationTimeoutMs: 10_000,
  ...over,
});

const flagValue = (args: string[], name: string) => args[args.indexOf(name) + 1];

test('zones round-robin over three; cell ids carry the cluster id', () => {
  assert.deepEqual([1, 2, 3, 4, 5].map(zoneOf), ['z1', 'z2', 'z3', 'z1', 'z2']);
  assert.equal(cellIdOf('ab12', 3), 'ab12-cell-3');
  assert.equal(cellIdOf('', 3), 'cell-3');
});

test('each cell has its own host port range, none overlapping, inside the range', () => {
  for (const n of [1, 3, 7, 40]) {
    const ranges = Array.from({ length: n }, (_, i) => cellPortRange(i + 1, n));
    assert.equal(ranges[0]!.first, hostPortRange.first);
    assert.ok(ranges[n - 1]!.last <= hostPortRange.last);
    for (let i = 1; i < n; i++) assert.ok(ranges[i]!.first > ranges[i - 1]!.last);
  }
});

test('host port ranges: parsed, random windows below the ephemeral ports, shared out among cells', () => {
  assert.deepEqual(parsePortRange('30000-30999'), { first: 30000, last: 30999 });
  assert.throws(() => parsePortRange('80-90'), /within 1024-65535/);
  assert.throws(() => parsePortRange('3000-2000'), /FIRST-LAST/);
  assert.deepEqual(randomHostPortRange(() => 0), { first: 20000, last: 20199 });
  const top = randomHostPortRange(() => 0.9999);
  assert.ok(top.last < 32768, `${top.last} is in the ephemeral range`);
  assert.deepEqual(cellPortRange(2, 2, { first: 20000, last: 20199 }), { first: 20100, last: 20199 });
});

test('default ports are the architecture\'s and all distinct', () => {
  const p = defaultPorts(3);
  assert.equal(p.bbs, 8889);
  assert.equal(p.auctioneer, 9016);
  assert.equal(p.nats, 4222);
  assert.deepEqual(p.cells.map((c) => c.grpc), [1800, 1801, 1802]);
  assert.equal(new Set(allPorts(p)).size, allPorts(p).length);
});

test('the plan: BBS, auctioneer, then cells, wired to each other', () => {
  const plan = planCluster(options(), defaultPorts(4));
  assert.equal(plan.natsUrl, 'nats://127.0.0.1:4222');
  assert.equal(plan.bbsAddress, '127.0.0.1:8889');
  assert.equal(plan.natsStoreDir, '/state/gantry/nats');
  assert.deepEqual(plan.processes.map((p) => p.name), ['bbs', 'auctioneer', 'cell-1', 'cell-2', 'cell-3', 'cell-4']);
  const [bbs, auctioneer, c1, , , c4] = plan.processes;
  assert.equal(bbs!.args[0], 'bbs');
  assert.equal(flagValue(bbs!.args, '--nats-url'), plan.natsUrl);
  assert.equal(flagValue(bbs!.args, '--auctioneer-address'), '127.0.0.1:9016');
  assert.equal(flagValue(auctioneer!.args, '--bbs-address'), '127.0.0.1:8889');
  assert.equal(c1!.args[0], 'cell');
  assert.equal(flagValue(c1!.args, '--cell-id'), 'ab12-cell-1');
  assert.equal(flagValue(c4!.args, '--zone'), 'z1');
  assert.equal(flagValue(c4!.args, '--listen-address'), '127.0.0.1:1803');
  assert.equal(flagValue(c4!.args, '--metrics-port'), '1903');
  assert.equal(flagValue(c4!.args, '--executor'), 'docker');
  assert.equal(c4!.dataDir, '/state/gantry/cells/ab12-cell-4');
  assert.equal(c4!.logFile, '/state/gantry/logs/cell-4.log');
  assert.ok(Number(flagValue(c1!.args, '--port-range-end')) < Number(flagValue(c4!.args, '--port-range-start')));
  assert.ok(!c1!.args.includes('--memory-mb'));
  const sized = planCluster(options({ cells: 1, cellMemoryMb: 2048 }), defaultPorts(1));
  assert.equal(flagValue(sized.processes[2]!.args, '--memory-mb'), '2048');
  assert.throws(() => planCluster(options({ cells: 0 }), defaultPorts(0)), /cells/);
});

test('children get no GANTRY_* settings but the log level', () => {
  assert.deepEqual(childEnv({ PATH: '/bin', GANTRY_CONFIG: 'x', GANTRY_BBS_ADDRESS: 'y', GANTRY_LOG_LEVEL: 'debug' }), { PATH: '/bin', GANTRY_LOG_LEVEL: 'debug' });
});

test('the table `gantry up` prints', () => {
  const state: ClusterState = {
    supervisorPid: 10,
    startedAt: 0,
    stateDir: '/s',
    natsUrl: 'nats://127.0.0.1:4222',
    bbsAddress: '127.0.0.1:8889',
    executor: 'docker',
    cells: 1,
    processes: [
      { name: 'nats', kind: 'nats', pid: 11, address: 'nats://127.0.0.1:4222', metrics: '', log: '/s/logs/nats.log', state: 'running' },
      { name: 'cell-1', kind: 'cell', pid: 12, address: '127.0.0.1:1800', metrics: '127.0.0.1:1900', log: '/s/logs/cell-1.log', state: 'exited', exit: 'signal SIGKILL', zone: 'z1' },
    ],
  };
  assert.equal(
    formatClusterTable(state, plain),
    [
      'PROCESS  PID  ADDRESS                METRICS         ZONE  STATE                    LOG',
      'nats      11  nats://127.0.0.1:4222  -               -     running                  /s/logs/nats.log',
      'cell-1    12  127.0.0.1:1800         127.0.0.1:1900  z1    exited (signal SIGKILL)  /s/logs/cell-1.log',
      '',
    ].join('\n'),
  );
});

test('with a certs dir every process gets its own certificate, nats-server and the client theirs; without, none', () => {
  const plan = planCluster(options({ cells: 2, certsDir: '/state/gantry/certs' }), defaultPorts(2));
  const [bbs, auctioneer, c1, c2] = plan.processes;
  const tlsOf = (args: string[]) => [flagValue(args, '--tls-ca-file'), flagValue(args, '--tls-cert-file'), flagValue(args, '--tls-key-file')];
  assert.deepEqual(tlsOf(bbs!.args), ['/state/gantry/certs/ca.crt', '/state/gantry/certs/bbs.crt', '/state/gantry/certs/bbs.key']);
  assert.deepEqual(tlsOf(auctioneer!.args), ['/state/gantry/certs/ca.crt', '/state/gantry/certs/auctioneer.crt', '/state/gantry/certs/auctioneer.key']);
  assert.deepEqual(tlsOf(c1!.args), tlsOf(c2!.args));
  assert.equal(flagValue(c1!.args, '--tls-cert-file'), '/state/gantry/certs/cell.crt');
  assert.deepEqual(plan.tls, {
    nats: { caFile: '/state/gantry/certs/ca.crt', certFile: '/state/gantry/certs/nats.crt', keyFile: '/state/gantry/certs/nats.key' },
    client: { caFile: '/state/gantry/certs/ca.crt', certFile: '/state/gantry/certs/client.crt', keyFile: '/state/gantry/certs/client.key' },
  });
  // The URL stays nats://: the client upgrades to TLS when the server requires it.
  assert.equal(plan.natsUrl, 'nats://127.0.0.1:4222');
  const insecure = planCluster(options({ cells: 1 }), defaultPorts(1));
  assert.equal(insecure.tls, undefined);
  for (const p of insecure.processes) assert.ok(!p.args.some((a) => a.startsWith('--tls-')), p.name);
});
