// The pure part of `gantry certs`: which files, which SANs, which openssl
// arguments and configs, and when a certificate is issued again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  caCertArgs, caConfig, caReason, canonicalIp, certComponents, certFiles, csrArgs, keyArgs, leafConfig, leafValidityDays, parseSubjectAltName,
  reissueReason, sanList, sanText, signArgs, tlsFilesFor, type ExistingCert,
} from '../../../src/cli/certs/plan.ts';

test('files: ca and one key pair per component in the directory', () => {
  const f = certFiles('/s/certs');
  assert.deepEqual(f.ca, { cert: '/s/certs/ca.crt', key: '/s/certs/ca.key' });
  assert.deepEqual([...certComponents], ['bbs', 'auctioneer', 'cell', 'client', 'nats']);
  assert.deepEqual(f.components.cell, { cert: '/s/certs/cell.crt', key: '/s/certs/cell.key' });
  assert.deepEqual(tlsFilesFor(f, 'client'), { caFile: '/s/certs/ca.crt', certFile: '/s/certs/client.crt', keyFile: '/s/certs/client.key' });
});

test('SANs: localhost, the loopbacks, the hostname, then each --host, without repeats', () => {
  assert.equal(sanText(sanList('vm1', [])), 'DNS:localhost, IP:127.0.0.1, IP:::1, DNS:vm1');
  assert.equal(
    sanText(sanList('vm1', ['10.0.0.5', 'bbs.gantry.internal', '[fd00::5]', 'VM1', '0:0:0:0:0:0:0:1', '*.cells.example.com'])),
    'DNS:localhost, IP:127.0.0.1, IP:::1, DNS:vm1, IP:10.0.0.5, DNS:bbs.gantry.internal, IP:fd00::5, DNS:*.cells.example.com',
  );
  assert.equal(sanText(sanList('localhost', [])), 'DNS:localhost, IP:127.0.0.1, IP:::1');
  for (const bad of ['bad host', 'http://x', 'a..b', '-x.example.com', '']) {
    assert.throws(() => sanList('vm1', [bad]), new RegExp(`--host ${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: expected an IP address or a DNS name`));
  }
});

test('IPs compare in one spelling, as Node prints a certificate\'s SANs', () => {
  assert.equal(canonicalIp('::1'), '0:0:0:0:0:0:0:1');
  assert.equal(canonicalIp('fd00::0005'), 'fd00:0:0:0:0:0:0:5');
  assert.equal(canonicalIp('::ffff:10.0.0.1'), '0:0:0:0:0:ffff:a00:1');
  assert.equal(canonicalIp('10.0.0.1'), '10.0.0.1');
  assert.deepEqual(parseSubjectAltName('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1'), [
    { kind: 'DNS', value: 'localhost' }, { kind: 'IP', value: '127.0.0.1' }, { kind: 'IP', value: '0:0:0:0:0:0:0:1' },
  ]);
  assert.deepEqual(parseSubjectAltName(undefined), []);
});

test('a certificate is issued again only when missing, mismatched, foreign, expiring or lacking a host', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const wanted = sanList('vm1', ['10.0.0.5']);
  const good: ExistingCert = {
    // As Node reads them back: IPv6 expanded, an extra host of an earlier run.
    sans: parseSubjectAltName('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:VM1, IP Address:10.0.0.5, DNS:old.example.com'),
    notAfter: new Date('2026-12-01T00:00:00Z'),
    issuedByCa: true,
    keyMatches: true,
  };
  assert.equal(reissueReason(good, wanted, now), null);
  assert.equal(reissueReason(null, wanted, now), 'missing');
  assert.equal(reissueReason({ ...good, keyMatches: false }, wanted, now), 'its key file does not match it');
  assert.equal(reissueReason({ ...good, issuedByCa: false }, wanted, now), 'not signed by the current CA');
  assert.equal(reissueReason({ ...good, notAfter: new Date('2026-01-20T00:00:00Z') }, wanted, now), 'expires 2026-01-20');
  assert.equal(reissueReason(good, sanList('vm1', ['10.0.0.5', 'bbs.example.com']), now), 'not valid for DNS:bbs.example.com');
});

test('the CA is kept unless --force, missing, not matching its key, or expiring before a new leaf would', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const present = { present: true, keyMatches: true, notAfter: new Date('2035-01-01T00:00:00Z') };
  assert.equal(caReason(false, present, now), null);
  assert.equal(caReason(true, present, now), '--force');
  assert.equal(caReason(false, { present: false, keyMatches: false }, now), 'missing');
  assert.equal(caReason(false, { ...present, keyMatches: false }, now), 'ca.key is not the key of ca.crt');
  assert.match(caReason(false, { ...present, notAfter: new Date(now.getTime() + (leafValidityDays - 1) * 86_400_000) }, now)!, /^expires /);
});

test('openssl: EC P-256 keys, a CA for 10 years, leaves for 1 year with serverAuth+clientAuth and the SANs', () => {
  assert.deepEqual(keyArgs('/d/bbs.key'), ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', '/d/bbs.key']);
  const ca = { cert: '/d/ca.crt', key: '/d/ca.key' };
  assert.deepEqual(caCertArgs(ca, '/w/ca.cnf'), ['req', '-x509', '-new', '-key', '/d/ca.key', '-config', '/w/ca.cnf', '-days', '3650', '-sha256', '-out', '/d/ca.crt']);
  assert.deepEqual(csrArgs('/w/bbs.key', '/w/bbs.cnf', '/w/bbs.csr'), ['req', '-new', '-key', '/w/bbs.key', '-config', '/w/bbs.cnf', '-out', '/w/bbs.csr']);
  assert.deepEqual(signArgs('/w/bbs.csr', ca, '/w/bbs.cnf', 'ab12', '/w/bbs.crt'), [
    'x509', '-req', '-in', '/w/bbs.csr', '-CA', '/d/ca.crt', '-CAkey', '/d/ca.key', '-set_serial', '0xab12',
    '-days', '365', '-sha256', '-extfile', '/w/bbs.cnf', '-extensions', 'gantry_leaf', '-out', '/w/bbs.crt',
  ]);
  assert.match(caConfig(), /^basicConstraints = critical, CA:TRUE, pathlen:0$/m);
  assert.match(caConfig(), /^keyUsage = critical, keyCertSign, cRLSign$/m);
  const leaf = leafConfig('bbs', sanList('vm1', ['10.0.0.5']));
  assert.match(leaf, /^CN = gantry bbs$/m);
  assert.match(leaf, /^\[gantry_leaf\]$/m);
  assert.match(leaf, /^basicConstraints = critical, CA:FALSE$/m);
  assert.match(leaf, /^extendedKeyUsage = serverAuth, clientAuth$/m);
  assert.match(leaf, /^subjectAltName = DNS:localhost, IP:127\.0\.0\.1, IP:::1, DNS:vm1, IP:10\.0\.0\.5$/m);
});
