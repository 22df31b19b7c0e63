import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../../../src/common/config.ts';
import { auctioneerConfigSpec, checkConfig } from '../../../src/auctioneer/config.ts';

test('defaults: listen on 9016, strategy gantry, 3 s cell timeout, 50 ms window', () => {
  const c = loadConfig(auctioneerConfigSpec, [], {});
  assert.equal(c.listen, '127.0.0.1:9016');
  assert.equal(c.cellTimeoutMs, 3000);
  assert.equal(c.batchWindowMs, 50);
  assert.equal(checkConfig(c), 'gantry');
});

test('flags and environment set values; nonsense is refused with the setting named', () => {
  const c = loadConfig(auctioneerConfigSpec, ['--strategy', 'diego', '--max-retries=5'], { GANTRY_STATE_TIMEOUT_MS: '250' });
  assert.equal(checkConfig(c), 'diego');
  assert.equal(c.maxRetries, 5);
  assert.equal(c.stateTimeoutMs, 250);
  assert.throws(() => checkConfig({ ...c, strategy: 'random' }), (e: unknown) => e instanceof ConfigError && /^strategy:/.test(e.message));
  assert.throws(() => checkConfig({ ...c, stateTimeoutMs: 0 }), /stateTimeoutMs: must be more than 0/);
  assert.throws(() => checkConfig({ ...c, maxBatchSize: -1 }), /maxBatchSize:/);
  assert.throws(() => checkConfig({ ...c, maxRetries: 1.5 }), /maxRetries:/);
});
