// The flags `gantry up` passes and the example configs in deploy/config must
// be settings the processes know: loadConfig refuses unknown flags, but a
// config file's unknown keys would be silently ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Spec } from '../../../src/common/config.ts';
import { bbsConfigSpec } from '../../../src/bbs/config.ts';
import { auctioneerConfigSpec } from '../../../src/auctioneer/config.ts';
import { cellConfigSpec } from '../../../src/cell-rep/config.ts';
import { defaultPorts, planCluster } from '../../../src/cli/cluster/plan.ts';
import { repoRoot } from '../../e2e/harness.ts';

const specs: Record<string, Spec> = { bbs: bbsConfigSpec, auctioneer: auctioneerConfigSpec, cell: cellConfigSpec };

test('every flag `gantry up` passes is one its process knows, with a value of the right kind', () => {
  const plan = planCluster(
    {
      clusterId: 'ab12', cells: 2, executor: 'docker', stateDir: '/s', host: '127.0.0.1', hostPorts: { first: 61000, last: 61999 }, cellMemoryMb: 1024, cellDiskMb: 2048, cellContainers: 10,
      heartbeatIntervalMs: 500, cellLostTimeoutMs: 2000, convergenceIntervalMs: 10_000, evacuationTimeoutMs: 10_000, certsDir: '/s/certs',
    },
    defaultPorts(2),
  );
  for (const p of plan.processes) {
    const [command, ...flags] = p.args;
    const config = loadConfig(specs[command!]!, flags, {}) as Record<string, unknown>;
    if (command === 'cell') {
      assert.equal(config.cellId, p.cellId);
      assert.equal(config.zone, p.zone);
      assert.equal(config.memoryMb, 1024);
      assert.equal(config.heartbeatIntervalMs, 500);
    }
    if (command === 'bbs') assert.equal(config.cellLostTimeoutMs, 2000);
    assert.equal(config.tlsCertFile, `/s/certs/${command}.crt`);
  }
});

test('deploy/config/*.json hold only settings their process knows', () => {
  const dir = path.join(repoRoot, 'deploy', 'config');
  for (const [name, spec] of Object.entries(specs)) {
    const file = path.join(dir, `${name}.json`);
    const keys = Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
    const unknown = keys.filter((k) => !(k in spec));
    assert.deepEqual(unknown, [], `${file}: unknown settings`);
    assert.doesNotThrow(() => loadConfig(spec, ['--config', file], {}), file);
  }
  const cli = JSON.parse(fs.readFileSync(path.join(dir, 'cli.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(cli).sort(), ['bbsAddress', 'natsUrl', 'tlsCaFile', 'tlsCertFile', 'tlsKeyFile']);
});

test('the systemd units run the gantry subcommands with those configs', () => {
  const dir = path.join(repoRoot, 'deploy', 'systemd');
  for (const name of Object.keys(specs)) {
    const unit = fs.readFileSync(path.join(dir, `gantry-${name}.service`), 'utf8');
    assert.match(unit, new RegExp(`^ExecStart=/usr/bin/node /opt/gantry/bin/gantry ${name} --config /etc/gantry/${name}\\.json$`, 'm'));
    assert.match(unit, /^Restart=always$/m);
    assert.match(unit, /^\[Install\]\nWantedBy=multi-user\.target$/m);
  }
});
