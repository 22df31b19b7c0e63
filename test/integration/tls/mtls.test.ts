// Mutual TLS for real: `gantry certs` makes two CAs' certificates (openssl),
// a nats-server requires TLS with client certificates, and a BBS serves gRPC
// with mutual TLS. Only a client holding a certificate of the cluster's CA gets
// an answer; every other client — no certificate, another CA's, plaintext — and
// a NATS connection without a client certificate is refused. The `gantry`
// executable says so in words. Fails (never skips) without nats-server or openssl.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { connect } from 'nats';
import { startBbs, type BbsHandle } from '../../../src/bbs/bbs.ts';
import { certFiles, tlsFilesFor, type CertFiles } from '../../../src/cli/certs/plan.ts';
import { channelOptions } from '../../../src/common/grpc.ts';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { bbsProto } from '../../../src/common/proto.ts';
import { clientCredentials, loadTls, natsTlsOptions } from '../../../src/common/tls.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import type { DesiredLRP } from '../../../src/common/models.ts';
import { gantryBin } from '../../e2e/harness.ts';
import { call, desiredLRP, log, testConfig } from '../bbs/harness.ts';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-mtls-'));
/** The gantry executable with no target config and no GANTRY_* settings but those given. */
function gantry(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state'), NO_COLOR: '1', ...env };
  for (const k of Object.keys(clean)) if (k.startsWith('GANTRY_') && !(k in env)) delete clean[k];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [gantryBin, ...args], { env: clean, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') return reject(err);
      resolve({ code: (err as { code?: number } | null)?.code ?? 0, stdout, stderr });
    });
  });
}

let ours: CertFiles;
let theirs: CertFiles;
let nats: NatsServerHandle;
let bbs: BbsHandle;
const clients: grpc.Client[] = [];

function bbsClient(credentials: grpc.ChannelCredentials): BBSClient {
  const client = new (bbsProto().gantry.bbs.BBS)(bbs.address, credentials, channelOptions);
  clients.push(client);
  return client;
}

/** The call fails (never answers) with UNAVAILABLE: the connection was refused. */
async function refused(client: BBSClient): Promise<string> {
  const err = await call(client, 'ListDesiredLRPs').then(
    () => assert.fail('the BBS answered a client it should have refused'),
    (e: grpc.ServiceError) => e,
  );
  assert.equal(err.code, grpc.status.UNAVAILABLE, `${grpc.status[err.code]}: ${err.details}`);
  return err.details;
}

before(async () => {
  for (const name of ['ours', 'theirs']) {
    const r = await gantry(['certs', '--dir', path.join(home, name), '--json']);
    assert.equal(r.code, 0, `gantry certs failed (is openssl installed? scripts/setup.sh installs it):\n${r.stderr}`);
  }
  ours = certFiles(path.join(home, 'ours'));
  theirs = certFiles(path.join(home, 'theirs'));
  nats = await startNatsServer({ tls: tlsFilesFor(ours, 'nats') });
  const files = tlsFilesFor(ours, 'bbs');
  bbs = await startBbs(testConfig(nats, { tlsCaFile: files.caFile, tlsCertFile: files.certFile, tlsKeyFile: files.keyFile }), { log });
  await bbs.whenLeading(30_000);
});

after(async () => {
  for (const c of clients) c.close();
  await bbs?.stop();
  await nats?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

test('gantry certs: a CA and a key pair per component, keys readable by their owner only', () => {
  for (const f of [ours.ca, ...Object.values(ours.components)]) {
    assert.ok(fs.existsSync(f.cert), f.cert);
    assert.equal(fs.statSync(f.key).mode & 0o777, 0o600, f.key);
  }
});

test('a client with a certificate of the cluster\'s CA desires an LRP and lists it', async () => {
  const client = bbsClient(clientCredentials(loadTls(tlsFilesFor(ours, 'client'))));
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('web', 1) });
  const { desired_lrps } = await call<{ desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs');
  assert.deepEqual(desired_lrps.map((d) => d.process_guid), ['web']);
});

test('a TLS client without a certificate is refused', async () => {
  const details = await refused(bbsClient(grpc.credentials.createSsl(fs.readFileSync(ours.ca.cert))));
  assert.match(details, /certificate required|Failed to connect|Connection dropped/);
});

test('a client with a certificate of another CA is refused, whichever CA it trusts', async () => {
  const theirClient = loadTls(tlsFilesFor(theirs, 'client'));
  await refused(bbsClient(grpc.credentials.createSsl(fs.readFileSync(ours.ca.cert), theirClient.key, theirClient.cert)));
  const details = await refused(bbsClient(clientCredentials(theirClient)));
  assert.match(details, /self.signed certificate/);
});

test('a plaintext client is refused', async () => {
  await refused(bbsClient(grpc.credentials.createInsecure()));
});

test('nats-server refuses a connection without a client certificate', async () => {
  const attempt = (tls: { ca?: string } | undefined) =>
    connect({ servers: nats.url, timeout: 5000, maxReconnectAttempts: 0, ...(tls ? { tls } : {}) }).then(
      async (nc) => {
        await nc.close();
        assert.fail('nats-server accepted a client without a certificate');
      },
      (err: Error) => err,
    );
  assert.ok(await attempt({ ca: fs.readFileSync(ours.ca.cert, 'utf8') }));
  assert.ok(await attempt(undefined));
  // With the client certificate it connects (the BBS has all along).
  const nc = await connect({ servers: nats.url, timeout: 5000, ...natsTlsOptions(loadTls(tlsFilesFor(ours, 'client'))) });
  await nc.flush();
  await nc.close();
});

test('nats-server restarts with its TLS config', async () => {
  await nats.restart();
  const nc = await connect({ servers: nats.url, timeout: 5000, ...natsTlsOptions(loadTls(tlsFilesFor(ours, 'client'))) });
  await nc.flush();
  await nc.close();
  assert.ok(await connect({ servers: nats.url, timeout: 5000, maxReconnectAttempts: 0 }).then((c) => c.close().then(() => null), (e: Error) => e));
});

test('the gantry CLI: the client certificate works; none, or another CA\'s, is refused in words, exit 1', async () => {
  const client = tlsFilesFor(ours, 'client');
  const ok = await gantry(['list', '--bbs', bbs.address, '--json'], {
    GANTRY_TLS_CA_FILE: client.caFile, GANTRY_TLS_CERT_FILE: client.certFile, GANTRY_TLS_KEY_FILE: client.keyFile,
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /"web"/);

  const plain = await gantry(['list', '--bbs', bbs.address]);
  assert.equal(plain.code, 1, plain.stderr);
  assert.match(plain.stderr, new RegExp(`the BBS at ${bbs.address.replace(/\./g, '\\.')} \\(from --bbs\\) refused the connection's TLS handshake`));
  assert.match(plain.stderr, /--tls-ca-file, --tls-cert-file and --tls-key-file/);
  assert.match(plain.stderr, /`gantry up`/);

  const other = tlsFilesFor(theirs, 'client');
  const foreign = await gantry(['list', '--bbs', bbs.address, '--tls-ca-file', client.caFile, '--tls-cert-file', other.certFile, '--tls-key-file', other.keyFile]);
  assert.equal(foreign.code, 1, foreign.stderr);
  assert.match(foreign.stderr, /refused the connection's TLS handshake/);
  assert.match(foreign.stderr, /may be signed by another CA/);

  const partial = await gantry(['list', '--bbs', bbs.address, '--tls-ca-file', client.caFile]);
  assert.equal(partial.code, 2, partial.stderr);
  assert.match(partial.stderr, /--tls-cert-file, --tls-key-file: needed for TLS since --tls-ca-file is set/);
});

test('a BBS given some TLS settings, or a key of another certificate, refuses to start, naming the setting', async () => {
  const files = tlsFilesFor(ours, 'bbs');
  await assert.rejects(startBbs(testConfig(nats, { tlsCaFile: files.caFile }), { log }), /tlsCertFile, tlsKeyFile: needed for TLS since tlsCaFile is set/);
  await assert.rejects(
    startBbs(testConfig(nats, { tlsCaFile: files.caFile, tlsCertFile: files.certFile, tlsKeyFile: ours.components.nats.key }), { log }),
    /tlsKeyFile: .*nats\.key is not the key of the certificate in .*bbs\.crt/,
  );
});
