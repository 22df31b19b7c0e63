// A process's TLS settings: all three files or none, errors naming the
// setting at fault, the flags and environment variables they come from, and
// the nats-server config that requires client certificates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/common/config.ts';
import { natsServerTlsConfig } from '../../../src/common/nats-server.ts';
import { loadTls, natsTlsOptions, tlsConfigSpec, tlsFilesOf, tlsFromConfig } from '../../../src/common/tls.ts';
import { bbsConfigSpec } from '../../../src/bbs/config.ts';
import { auctioneerConfigSpec } from '../../../src/auctioneer/config.ts';
import { cellConfigSpec } from '../../../src/cell-rep/config.ts';

/** Asserts a ConfigError whose message matches re. */
const configError = (re: RegExp) => (e: unknown) => e instanceof ConfigError && re.test(e.message);

const none = { tlsCaFile: '', tlsCertFile: '', tlsKeyFile: '' };
const all = { tlsCaFile: '/c/ca.crt', tlsCertFile: '/c/bbs.crt', tlsKeyFile: '/c/bbs.key' };

test('no TLS settings: no TLS; all three: the three files', () => {
  assert.equal(tlsFilesOf(none), undefined);
  assert.equal(tlsFromConfig(none), undefined);
  assert.deepEqual(tlsFilesOf(all), { caFile: '/c/ca.crt', certFile: '/c/bbs.crt', keyFile: '/c/bbs.key' });
});

test('some but not all: a ConfigError naming the missing settings and the given ones', () => {
  assert.throws(
    () => tlsFilesOf({ ...none, tlsCaFile: '/c/ca.crt' }),
    (e: unknown) => e instanceof ConfigError && e.message === 'tlsCertFile, tlsKeyFile: needed for TLS since tlsCaFile is set (give all three, or none to run without TLS)',
  );
  assert.throws(() => tlsFilesOf({ ...all, tlsKeyFile: '' }), configError(/^tlsKeyFile: needed for TLS since tlsCaFile and tlsCertFile are set/));
  // The CLI names them by flag.
  assert.throws(
    () => tlsFilesOf({ ...all, tlsCaFile: '' }, { caFile: '--tls-ca-file', certFile: '--tls-cert-file', keyFile: 'GANTRY_TLS_KEY_FILE' }),
    configError(/^--tls-ca-file: needed for TLS since --tls-cert-file and GANTRY_TLS_KEY_FILE are set/),
  );
});

test('every process takes the settings as --tls-*-file flags, GANTRY_TLS_* variables or config keys, default empty', () => {
  for (const spec of [bbsConfigSpec, auctioneerConfigSpec, cellConfigSpec]) {
    for (const name of Object.keys(tlsConfigSpec)) assert.ok(name in spec, name);
    const defaults = loadConfig(spec, [], {}) as Record<string, unknown>;
    assert.deepEqual([defaults.tlsCaFile, defaults.tlsCertFile, defaults.tlsKeyFile], ['', '', '']);
    const c = loadConfig(spec, ['--tls-ca-file', '/f/ca.crt', '--tls-cert-file=/f/x.crt'], { GANTRY_TLS_KEY_FILE: '/e/x.key', GANTRY_TLS_CERT_FILE: '/e/x.crt' }) as Record<string, unknown>;
    assert.deepEqual([c.tlsCaFile, c.tlsCertFile, c.tlsKeyFile], ['/f/ca.crt', '/f/x.crt', '/e/x.key']);
  }
});

test('an unreadable or non-PEM file: a ConfigError naming its setting and path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-tls-unit-'));
  try {
    const garbage = path.join(dir, 'garbage.pem');
    fs.writeFileSync(garbage, 'not a certificate\n');
    assert.throws(() => loadTls({ caFile: path.join(dir, 'none.crt'), certFile: garbage, keyFile: garbage }), configError(/^tlsCaFile: cannot read .*none\.crt: ENOENT$/));
    assert.throws(() => loadTls({ caFile: garbage, certFile: garbage, keyFile: garbage }), configError(/^tlsCaFile: .*garbage\.pem is not a PEM certificate/));
    assert.throws(
      () => loadTls({ caFile: garbage, certFile: garbage, keyFile: path.join(dir, 'none.key') }, { caFile: '--tls-ca-file', certFile: '--tls-cert-file', keyFile: '--tls-key-file' }),
      configError(/^--tls-key-file: cannot read/),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without TLS the NATS options add nothing', () => {
  assert.deepEqual(natsTlsOptions(undefined), {});
});

test('nats-server\'s TLS block requires and verifies client certificates (2.9 syntax, quoted paths)', () => {
  const conf = natsServerTlsConfig({ caFile: '/c/ca.crt', certFile: '/c/nats.crt', keyFile: '/c/my key.key' });
  assert.match(conf, /^tls \{$/m);
  assert.match(conf, /^ {2}cert_file: "\/c\/nats\.crt"$/m);
  assert.match(conf, /^ {2}key_file: "\/c\/my key\.key"$/m);
  assert.match(conf, /^ {2}ca_file: "\/c\/ca\.crt"$/m);
  assert.match(conf, /^ {2}verify: true$/m);
  assert.match(conf, /^\}$/m);
});
