import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  configFilePath, defaultBbsAddress, defaultNatsUrl, describeSource, loadTarget, readTargetFile, resolveTarget, stateDirPath, targetTls, writeTargetFile,
} from '../../../src/cli/target.ts';
import { CliError, exitCodes } from '../../../src/cli/exit.ts';

const file = { bbsAddress: '10.0.0.5:8889', natsUrl: 'nats://10.0.0.5:4222' };

test('flags win over environment, environment over the file, the file over defaults', () => {
  const env = { GANTRY_BBS_ADDRESS: '10.0.0.9:7000', GANTRY_NATS_URL: 'nats://10.0.0.9:4333' };
  const fromFlags = resolveTarget({ flags: { bbs: '127.0.0.1:1', nats: 'nats://127.0.0.1:2' }, env, file, configFile: 'c.json' });
  assert.equal(fromFlags.bbsAddress, '127.0.0.1:1');
  assert.equal(fromFlags.natsUrl, 'nats://127.0.0.1:2');
  assert.deepEqual(fromFlags.sources, { bbs: 'flag', nats: 'flag', tls: 'default' });
  assert.equal(fromFlags.tls, undefined);
  const fromEnv = resolveTarget({ flags: {}, env, file, configFile: 'c.json' });
  assert.equal(fromEnv.bbsAddress, '10.0.0.9:7000');
  assert.deepEqual(fromEnv.sources, { bbs: 'env', nats: 'env', tls: 'default' });
  const fromFile = resolveTarget({ flags: {}, env: {}, file, configFile: 'c.json' });
  assert.equal(fromFile.bbsAddress, '10.0.0.5:8889');
  assert.equal(fromFile.natsUrl, 'nats://10.0.0.5:4222');
  assert.equal(describeSource(fromFile, 'bbs'), 'from c.json');
  const none = resolveTarget({ flags: {}, env: {}, file: null, configFile: 'c.json' });
  assert.equal(none.bbsAddress, defaultBbsAddress);
  assert.equal(none.natsUrl, defaultNatsUrl);
  assert.equal(describeSource(none, 'nats'), 'the default');
  // Each value is resolved on its own.
  const mixed = resolveTarget({ flags: { bbs: '127.0.0.1:1' }, env: {}, file, configFile: 'c.json' });
  assert.deepEqual(mixed.sources, { bbs: 'flag', nats: 'file', tls: 'default' });
});

test('bad addresses are usage errors naming where they came from', () => {
  const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof CliError && e.exitCode === exitCodes.usage && re.test(e.message));
  bad(() => resolveTarget({ flags: { bbs: 'localhost' }, env: {}, file: null, configFile: 'c' }), /--bbs: expected HOST:PORT/);
  bad(() => resolveTarget({ flags: {}, env: { GANTRY_NATS_URL: 'http://x' }, file: null, configFile: 'c' }), /GANTRY_NATS_URL: expected a NATS URL/);
  bad(() => resolveTarget({ flags: {}, env: {}, file: { bbsAddress: 'x y:1' }, configFile: 'c.json' }), /c.json: expected HOST:PORT/);
  assert.equal(resolveTarget({ flags: { bbs: '[::1]:8889', nats: 'nats://a:1,nats://b:2' }, env: {}, file: null, configFile: 'c' }).bbsAddress, '[::1]:8889');
  // Every BBS of a cluster, comma-separated: the client reaches whichever leads.
  assert.equal(resolveTarget({ flags: { bbs: '10.0.0.11:8889, 10.0.0.12:8889' }, env: {}, file: null, configFile: 'c' }).bbsAddress, '10.0.0.11:8889,10.0.0.12:8889');
  bad(() => resolveTarget({ flags: {}, env: { GANTRY_BBS_ADDRESS: '10.0.0.11:8889,bbs-2' }, file: null, configFile: 'c' }), /GANTRY_BBS_ADDRESS: expected HOST:PORT/);
});

test('config and state paths follow XDG, else HOME', () => {
  assert.equal(configFilePath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' }), '/x/cfg/gantry/config.json');
  assert.equal(configFilePath({ HOME: '/home/u' }), '/home/u/.config/gantry/config.json');
  assert.equal(stateDirPath({ XDG_STATE_HOME: '/x/state' }), '/x/state/gantry');
  assert.equal(stateDirPath({ HOME: '/home/u' }), '/home/u/.local/state/gantry');
});

test('the config file round-trips; a missing one is null; a broken one says how to fix it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-target-'));
  try {
    const env = { XDG_CONFIG_HOME: dir };
    const f = configFilePath(env);
    assert.equal(readTargetFile(f), null);
    assert.equal(loadTarget({}, env).sources.bbs, 'default');
    writeTargetFile(f, { bbsAddress: '127.0.0.1:5555', natsUrl: 'nats://127.0.0.1:5556', stateDir: '/s' });
    const t = loadTarget({}, env);
    assert.equal(t.bbsAddress, '127.0.0.1:5555');
    assert.equal(t.natsUrl, 'nats://127.0.0.1:5556');
    assert.equal(t.configFile, f);
    fs.writeFileSync(f, '{nope');
    assert.throws(() => loadTarget({}, env), (e: unknown) => e instanceof CliError && /delete it/.test(e.message));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('TLS files: each from flag over environment over file, like the addresses; all three or none', () => {
  const upFile = { ...file, tlsCaFile: '/s/certs/ca.crt', tlsCertFile: '/s/certs/client.crt', tlsKeyFile: '/s/certs/client.key' };
  const fromFile = resolveTarget({ flags: {}, env: {}, file: upFile, configFile: 'c.json' });
  assert.deepEqual(fromFile.tls, { caFile: '/s/certs/ca.crt', certFile: '/s/certs/client.crt', keyFile: '/s/certs/client.key' });
  assert.equal(fromFile.sources.tls, 'file');
  assert.equal(describeSource(fromFile, 'tls'), 'from c.json');
  const env = { GANTRY_TLS_CERT_FILE: '/e/me.crt', GANTRY_TLS_KEY_FILE: '/e/me.key' };
  const mixed = resolveTarget({ flags: { 'tls-ca-file': '/f/ca.crt' }, env, file: upFile, configFile: 'c.json' });
  assert.deepEqual(mixed.tls, { caFile: '/f/ca.crt', certFile: '/e/me.crt', keyFile: '/e/me.key' });
  assert.equal(mixed.sources.tls, 'flag');
  assert.equal(describeSource(mixed, 'tls'), 'from the --tls-* flags');
  assert.equal(resolveTarget({ flags: {}, env, file: upFile, configFile: 'c.json' }).tls?.caFile, '/s/certs/ca.crt');
});

test('TLS files given in part: a usage error naming what is missing and where the rest came from', () => {
  const usage = (re: RegExp) => (e: unknown) => e instanceof CliError && e.exitCode === exitCodes.usage && re.test(e.message);
  assert.throws(
    () => resolveTarget({ flags: { 'tls-ca-file': '/f/ca.crt' }, env: {}, file: null, configFile: 'c.json' }),
    usage(/^--tls-cert-file, --tls-key-file: needed for TLS since --tls-ca-file is set/),
  );
  assert.throws(
    () => resolveTarget({ flags: {}, env: { GANTRY_TLS_KEY_FILE: '/e/k' }, file: { tlsCertFile: '/s/c' }, configFile: 'c.json' }),
    usage(/^--tls-ca-file: needed for TLS since tlsCertFile in c\.json and GANTRY_TLS_KEY_FILE are set/),
  );
});

test('an unreadable TLS file is a usage error when a command first needs it', () => {
  const t = resolveTarget({ flags: { 'tls-ca-file': '/no/ca.crt', 'tls-cert-file': '/no/c.crt', 'tls-key-file': '/no/c.key' }, env: {}, file: null, configFile: 'c' });
  assert.equal(targetTls(resolveTarget({ flags: {}, env: {}, file: null, configFile: 'c' })), undefined);
  assert.throws(() => targetTls(t), (e: unknown) => e instanceof CliError && e.exitCode === exitCodes.usage && /^--tls-ca-file: cannot read \/no\/ca\.crt: ENOENT \(from the --tls-\* flags\)$/.test(e.message));
});
