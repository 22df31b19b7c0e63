import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandHelp, parseArgs, parseDuration, parseSizeMb, showDuration, wholeNumber, type CommandDef } from '../../../src/cli/args.ts';
import { CliError, exitCodes } from '../../../src/cli/exit.ts';

const def: CommandDef = {
  name: 'create',
  summary: 'test',
  positionals: [{ name: 'NAME' }, { name: 'INDEX', optional: true }],
  flags: {
    instances: { kind: 'number', short: 'i', default: 1, help: 'n' },
    memory: { kind: 'size', short: 'm', default: 256, help: 'mb' },
    env: { kind: 'list', short: 'e', help: 'env' },
    wait: { kind: 'boolean', default: true, help: 'wait' },
    timeout: { kind: 'duration', default: 120_000, help: 't' },
    droplet: { kind: 'string', help: 'ref' },
  },
};

const usageErr = (fn: () => unknown, re: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof CliError && e.exitCode === exitCodes.usage && re.test(e.message));

test('positionals and flags in any order, long, short, inline and repeated', () => {
  const a = parseArgs(def, ['-i', '3', 'web', '--memory=1G', '-e', 'A=1', '--env', 'B=2', '--droplet', 'sha256:x', '-m512']);
  assert.deepEqual(a.positionals, ['web']);
  assert.equal(a.flags.instances, 3);
  assert.equal(a.flags.memory, 512);
  assert.deepEqual(a.flags.env, ['A=1', 'B=2']);
  assert.equal(a.flags.droplet, 'sha256:x');
  assert.equal(a.flags.wait, true);
  assert.equal(a.flags.timeout, 120_000);
  assert.equal(a.flags.json, undefined);
});

test('--no-<boolean>, global flags, -- ends flags, negative numbers are positionals', () => {
  const a = parseArgs(def, ['--no-wait', '--json', '--bbs', '10.0.0.1:8889', '--', '--weird-name']);
  assert.equal(a.flags.wait, false);
  assert.equal(a.flags.json, true);
  assert.equal(a.flags.bbs, '10.0.0.1:8889');
  assert.deepEqual(a.positionals, ['--weird-name']);
  assert.deepEqual(parseArgs(def, ['web', '-1']).positionals, ['web', '-1']);
});

test('usage errors name the flag or argument at fault', () => {
  usageErr(() => parseArgs(def, ['web', '--nope']), /unknown flag --nope/);
  usageErr(() => parseArgs(def, ['web', '-z']), /unknown flag -z/);
  usageErr(() => parseArgs(def, ['web', '--droplet']), /--droplet needs a value/);
  usageErr(() => parseArgs(def, ['web', '-i', 'many']), /--instances: expected a number/);
  usageErr(() => parseArgs(def, ['web', '--timeout', 'soon']), /--timeout: expected a duration/);
  usageErr(() => parseArgs(def, ['web', '-m', '1.5M']), /--memory: expected a whole number/);
  usageErr(() => parseArgs(def, []), /missing NAME/);
  usageErr(() => parseArgs(def, ['a', '1', 'extra']), /unexpected argument "extra"/);
});

test('--help skips positional checks', () => {
  assert.equal(parseArgs(def, ['--help']).help, true);
  assert.equal(parseArgs(def, ['-h']).help, true);
});

test('durations and sizes', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('3'), 3000);
  assert.throws(() => parseDuration('1 minute'));
  assert.equal(parseSizeMb('256'), 256);
  assert.equal(parseSizeMb('512M'), 512);
  assert.equal(parseSizeMb('1G'), 1024);
  assert.equal(parseSizeMb('2gb'), 2048);
  assert.throws(() => parseSizeMb('lots'));
  assert.equal(showDuration(120_000), '2m');
  assert.equal(showDuration(1500), '1500ms');
  assert.equal(showDuration(10_000), '10s');
});

test('wholeNumber', () => {
  assert.equal(wholeNumber('5', 'N'), 5);
  assert.equal(wholeNumber(0, 'N'), 0);
  usageErr(() => wholeNumber('-1', 'N'), /N must be a whole number ≥ 0/);
  usageErr(() => wholeNumber('2.5', 'N'), /N must be/);
  usageErr(() => wholeNumber(undefined, 'N'), /N must be/);
});

test('help lists flags with shorts, values and defaults', () => {
  const help = commandHelp(def);
  assert.match(help, /usage: gantry create NAME \[INDEX\] \[flags\]/);
  assert.match(help, /-i, --instances N\s+n \(default 1\)/);
  assert.match(help, /-e, --env VALUE \(repeatable\)/);
  assert.match(help, /--timeout DURATION\s+t \(default 2m\)/);
  assert.match(help, /global flags:/);
  assert.match(help, /--json/);
});
