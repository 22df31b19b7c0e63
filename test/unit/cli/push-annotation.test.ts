import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheFromAnnotation, pushAnnotation } from '../../../src/cli/commands/push.ts';

const digest = (c: string) => 'sha256:' + c.repeat(64);

test('push keeps the build cache of the last staging in the app\'s annotation', () => {
  const a = pushAnnotation({ droplet: digest('a'), cache: digest('b'), detectedBuildpack: 'nodejs', startCommand: 'node server.js' }, 123);
  assert.deepEqual(JSON.parse(a), { gantry: { staging: { droplet: digest('a'), cache: digest('b'), buildpack: 'nodejs', start_command: 'node server.js', staged_at: 123 } } });
  assert.equal(cacheFromAnnotation(a), digest('b'));
  assert.equal(cacheFromAnnotation(''), null);
  assert.equal(cacheFromAnnotation(undefined), null);
  assert.equal(cacheFromAnnotation('not json'), null);
  assert.equal(cacheFromAnnotation('{"gantry":{"staging":{"cache":"sha256:short"}}}'), null);
  assert.equal(cacheFromAnnotation('{"other":"annotation"}'), null);
});
