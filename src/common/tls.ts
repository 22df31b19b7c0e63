// Mutual TLS for every connection between gantry's processes: gRPC servers
// that require a client certificate signed by the cluster's CA, gRPC clients
// that present one, and NATS connections (nats-server with `verify: true`).
// One CA file, one certificate and one key per process; all three or none.
// With none, a process runs in plaintext (tests, benches) and says so once.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { ConnectionOptions } from 'nats';
import { ConfigError, setting } from './config.ts';
import type { Logger } from './log.ts';

/** Where a process's TLS material lives (PEM files). */
export interface TlsFiles {
  /** The CA that signs every certificate of the cluster: peers are trusted when it signed theirs. */
  caFile: string;
  /** This process's certificate, presented as server and as client. */
  certFile: string;
  keyFile: string;
}

/** The files' contents, read once when a process starts. */
export interface Tls {
  files: TlsFiles;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/** Settings to spread into a process's config spec: --tls-ca-file, GANTRY_TLS_CA_FILE, "tlsCaFile" … */
export const tlsConfigSpec = {
  tlsCaFile: setting.string('', 'PEM file of the CA that signs the cluster\'s certificates; with tlsCertFile and tlsKeyFile turns on mutual TLS for gRPC and NATS (all three or none; none: plaintext)'),
  tlsCertFile: setting.string('', 'PEM file of this process\'s certificate, signed by the CA (used as server and as client)'),
  tlsKeyFile: setting.string('', 'PEM file of the private key of tlsCertFile'),
};

export interface TlsConfig {
  tlsCaFile: string;
  tlsCertFile: string;
  tlsKeyFile: string;
}

/** How each file is named in errors: config fields for processes, flags for the CLI. */
export type TlsFieldNames = Record<keyof TlsFiles, string>;
export const tlsConfigFields: TlsFieldNames = { caFile: 'tlsCaFile', certFile: 'tlsCertFile', keyFile: 'tlsKeyFile' };

/** The files a config names: all three, or undefined for none; some but not all is a ConfigError. */
export function tlsFilesOf(config: TlsConfig, names: TlsFieldNames = tlsConfigFields): TlsFiles | undefined {
  const files: TlsFiles = { caFile: config.tlsCaFile, certFile: config.tlsCertFile, keyFile: config.tlsKeyFile };
  const fields = Object.keys(files) as (keyof TlsFiles)[];
  const missing = fields.filter((f) => !files[f]);
  if (missing.length === fields.length) return undefined;
  if (missing.length > 0) {
    const given = fields.filter((f) => files[f]).map((f) => names[f]);
    throw new ConfigError(`${missing.map((f) => names[f]).join(', ')}: needed for TLS since ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} set (give all three, or none to run without TLS)`);
  }
  return files;
}

/** Reads and checks the three files, so a wrong path or a key of another certificate fails at start, naming the field. */
export function loadTls(files: TlsFiles, names: TlsFieldNames = tlsConfigFields): Tls {
  const read = (field: keyof TlsFiles): Buffer => {
    try {
      return fs.readFileSync(files[field]);
    } catch (err) {
      throw new ConfigError(`${names[field]}: cannot read ${files[field]}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const parse = <T>(field: keyof TlsFiles, what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new ConfigError(`${names[field]}: ${files[field]} is not a PEM ${what}: ${(err as Error).message}`);
    }
  };
  const tls: Tls = { files, ca: read('caFile'), cert: read('certFile'), key: read('keyFile') };
  parse('caFile', 'certificate', () => new X509Certificate(tls.ca));
  const cert = parse('certFile', 'certificate', () => new X509Certificate(tls.cert));
  const key = parse('keyFile', 'private key', () => createPrivateKey(tls.key));
  if (!cert.checkPrivateKey(key)) throw new ConfigError(`${names.keyFile}: ${files.keyFile} is not the key of the certificate in ${files.certFile}`);
  return tls;
}

/** A process's TLS from its config, read once at start; undefined when it runs without TLS. */
export function tlsFromConfig(config: TlsConfig): Tls | undefined {
  const files = tlsFilesOf(config);
  return files && loadTls(files);
}

/** Said once when a process starts, so plaintext is never a silent default. */
export function logTlsMode(log: Logger, tls: Tls | undefined): void {
  if (tls) log.info('mutual TLS on gRPC and NATS', { caFile: tls.files.caFile, certFile: tls.files.certFile });
  else log.warn('serving without TLS: gRPC and NATS connections are plaintext and any client is accepted; set tlsCaFile, tlsCertFile and tlsKeyFile (docs/security.md)');
}

/** gRPC server side: TLS that requires a client certificate signed by the CA; plaintext without tls. */
export function serverCredentials(tls?: Tls): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(tls.ca, [{ private_key: tls.key, cert_chain: tls.cert }], true);
}

/** gRPC client side: trusts servers the CA signed and presents this process's certificate; plaintext without tls. */
export function clientCredentials(tls?: Tls): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  quietIpServerNameWarning();
  return grpc.credentials.createSsl(tls.ca, tls.key, tls.cert);
}

/** The NATS connect options for tls: the client certificate and the CA (the contents, so nothing is read again on reconnect). */
export function natsTlsOptions(tls?: Tls): Pick<ConnectionOptions, 'tls'> {
  if (!tls) return {};
  return { tls: { ca: tls.ca.toString('utf8'), cert: tls.cert.toString('utf8'), key: tls.key.toString('utf8') } };
}

let quieted = false;
/**
 * grpc-js sends the target's host as TLS SNI, and Node warns (DEP0123) when
 * that is an IP address. Certificates are still checked against the IP (our
 * certificates carry IP SANs); only the SNI is moot, so the warning, printed
 * on every CLI command aimed at 127.0.0.1, says nothing a person can act on.
 */
function quietIpServerNameWarning(): void {
  if (quieted) return;
  quieted = true;
  const emit = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const [typeOrOptions, code] = rest;
    const warningCode = typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: string }).code : code;
    if (warningCode === 'DEP0123') return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
}
