// A refused TLS handshake, as grpc-js reports it, becomes an error that says
// so and what to set (exit 1, like an unreachable BBS); other failures keep
// their own messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { explainRpcError, tlsProblem } from '../../../src/cli/bbs-client.ts';
import { exitCodes } from '../../../src/cli/exit.ts';
import { resolveTarget, targetAt } from '../../../src/cli/target.ts';

// The details grpc-js gave against a BBS with mutual TLS (test/integration/tls/mtls.test.ts).
const noCertificate = 'No connection established. Last error: 80CC6C24FB7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n (2026-12-05T22:54:39.845Z). Resolution note: ';
const closed = 'No connection established. Last error: Failed to connect (2026-12-05T22:54:39.851Z). Resolution note: ';
const reset = 'No connection established. Last error: read ECONNRESET. Resolution note: ';
const otherCa = 'No connection established. Last error: Error: self-signed certificate in certificate chain. Resolution note: ';
const plainServer = 'No connection established. Last error: Error: 80CC6C24FB7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n. Resolution note: ';
const refused = 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:8889. Resolution note: ';

test('TLS failures in words; a refused TCP connection is not one', () => {
  assert.equal(tlsProblem(noCertificate), 'it requires a client certificate and got none');
  assert.equal(tlsProblem(closed), 'it closed the connection during the handshake');
  assert.equal(tlsProblem(reset), 'it closed the connection during the handshake');
  assert.equal(tlsProblem(otherCa), 'its certificate is not signed by the CA given (--tls-ca-file)');
  assert.match(tlsProblem(plainServer)!, /^it does not use TLS/);
  assert.equal(tlsProblem(refused), null);
  assert.equal(tlsProblem('Connection dropped'), null, 'a call cut off after the connection was made is not a handshake');
});

test('the CLI says the BBS refused the TLS handshake, how to fix it, and exits 1', () => {
  const plain = targetAt('127.0.0.1:8889');
  const e = explainRpcError({ code: status.UNAVAILABLE, details: closed }, plain, 'list apps');
  assert.equal(e.exitCode, exitCodes.failure);
  assert.match(e.message, /^the BBS at 127\.0\.0\.1:8889 \(from --bbs\) refused the connection's TLS handshake, so could not list apps: it closed the connection during the handshake\.\n/);
  assert.match(e.message, /The cluster requires mutual TLS: set --tls-ca-file, --tls-cert-file and --tls-key-file .* or run against the cluster `gantry up` made/);

  const withCert = resolveTarget({ flags: {}, env: {}, file: { bbsAddress: '127.0.0.1:8889', tlsCaFile: '/c/ca.crt', tlsCertFile: '/c/client.crt', tlsKeyFile: '/c/client.key' }, configFile: '/h/config.json' });
  const foreign = explainRpcError({ code: status.UNAVAILABLE, details: noCertificate }, withCert, 'list apps');
  assert.match(foreign.message, /The client certificate \/c\/client\.crt \(from \/h\/config\.json\) may be signed by another CA than the cluster's/);

  const toPlain = explainRpcError({ code: status.UNAVAILABLE, details: plainServer }, withCert, 'list apps');
  assert.match(toPlain.message, /it does not use TLS \(drop the --tls-\* settings/);
  assert.doesNotMatch(toPlain.message, /another CA/);

  const down = explainRpcError({ code: status.UNAVAILABLE, details: refused }, plain, 'list apps');
  assert.match(down.message, /^cannot reach the BBS at 127\.0\.0\.1:8889 \(from --bbs\) to list apps: connection refused\./);
  assert.equal(down.exitCode, exitCodes.failure);
});
