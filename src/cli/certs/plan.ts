// What `gantry certs` makes, without making it: the files of a dev cluster's
// CA and of each component's key pair, the subject alternative names every
// certificate carries, the openssl configs and argument lists, and whether an
// existing certificate must be issued again. Pure: make.ts runs openssl.
import net from 'node:net';
import path from 'node:path';
import type { TlsFiles } from '../../common/tls.ts';
import { unbracketed } from '../../common/net.ts';

/** One key pair each; `client` is the operator's (the CLI), `nats` is nats-server's. */
export const certComponents = ['bbs', 'auctioneer', 'cell', 'client', 'nats'] as const;
export type CertComponent = (typeof certComponents)[number];

export const leafValidityDays = 365;
/** Longer than the leaves, so reissuing them (every `gantry up` checks) never needs a new CA. */
export const caValidityDays = 3650;
/** A certificate that expires sooner than this is issued again. */
export const renewWithinDays = 30;

export interface KeyPairFiles {
  cert: string;
  key: string;
}

export interface CertFiles {
  dir: string;
  ca: KeyPairFiles;
  components: Record<CertComponent, KeyPairFiles>;
}

export function certFiles(dir: string): CertFiles {
  const pair = (name: string): KeyPairFiles => ({ cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) });
  return {
    dir,
    ca: pair('ca'),
    components: Object.fromEntries(certComponents.map((c) => [c, pair(c)])) as Record<CertComponent, KeyPairFiles>,
  };
}

/** The three files a component's process is given (--tls-ca-file, --tls-cert-file, --tls-key-file). */
export function tlsFilesFor(files: CertFiles, component: CertComponent): TlsFiles {
  const own = files.components[component];
  return { caFile: files.ca.cert, certFile: own.cert, keyFile: own.key };
}

export interface San {
  kind: 'DNS' | 'IP';
  value: string;
}

/** A DNS name as certificates hold it: labels of letters, digits and hyphens; a leading `*.` for a wildcard. */
const dnsName = /^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** An IP address in one spelling (IPv6 as eight hex groups, as Node prints SANs), so SAN lists compare. */
export function canonicalIp(ip: string): string {
  if (!net.isIPv6(ip)) return ip;
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const groups = (s: string) =>
    (s ? s.split(':') : []).flatMap((g) => {
      if (!net.isIPv4(g)) return [g];
      const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  const gap = ip.indexOf('::');
  const head = groups(gap < 0 ? ip : ip.slice(0, gap));
  const tail = gap < 0 ? [] : groups(ip.slice(gap + 2));
  const zeros = Array<string>(8 - head.length - tail.length).fill('0');
  return [...head, ...zeros, ...tail].map((g) => parseInt(g, 16).toString(16)).join(':');
}

/** Two SANs are the same when their keys are (DNS names ignore case; IPs compare canonical). */
const sanKey = (s: San) => `${s.kind}:${s.kind === 'IP' ? canonicalIp(s.value) : s.value.toLowerCase()}`;

/**
 * Every certificate's SANs: localhost, the loopback addresses, this machine's
 * hostname, and each --host (an IP address or a DNS name), without repeats.
 * A --host that is neither is an Error naming it.
 */
export function sanList(hostname: string, hosts: readonly string[]): San[] {
  const out: San[] = [];
  const seen = new Set<string>();
  const add = (san: San) => {
    const key = sanKey(san);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(san);
  };
  add({ kind: 'DNS', value: 'localhost' });
  add({ kind: 'IP', value: '127.0.0.1' });
  add({ kind: 'IP', value: '::1' });
  if (hostname && dnsName.test(hostname)) add({ kind: 'DNS', value: hostname });
  for (const raw of hosts) {
    const h = unbracketed(raw.trim());
    if (net.isIP(h)) add({ kind: 'IP', value: h });
    else if (dnsName.test(h) && h.length <= 253) add({ kind: 'DNS', value: h });
    else throw new Error(`--host ${JSON.stringify(raw)}: expected an IP address or a DNS name`);
  }
  return out;
}

/** "DNS:localhost, IP:127.0.0.1, …" as openssl's subjectAltName takes it. */
export const sanText = (sans: readonly San[]) => sans.map((s) => `${s.kind}:${s.value}`).join(', ');

/** The SANs Node reads from a certificate (X509Certificate.subjectAltName: "DNS:a, IP Address:1.2.3.4"). */
export function parseSubjectAltName(text: string | undefined): San[] {
  if (!text) return [];
  return text.split(/,\s*/).flatMap((part): San[] => {
    const m = /^(DNS|IP Address):(.+)$/.exec(part.trim());
    if (!m) return [];
    return [{ kind: m[1] === 'DNS' ? 'DNS' : 'IP', value: m[2]! }];
  });
}

/** What make.ts learns of a certificate already on disk. */
export interface ExistingCert {
  sans: San[];
  notAfter: Date;
  /** Signed by the CA in the directory (not a CA made earlier or elsewhere). */
  issuedByCa: boolean;
  /** The key file next to it is this certificate's key. */
  keyMatches: boolean;
}

/** Why a component's certificate must be issued (again), or null to keep it. */
export function reissueReason(existing: ExistingCert | null, wanted: readonly San[], now: Date): string | null {
  if (!existing) return 'missing';
  if (!existing.keyMatches) return 'its key file does not match it';
  if (!existing.issuedByCa) return 'not signed by the current CA';
  if (existing.notAfter.getTime() - now.getTime() < renewWithinDays * 86_400_000) return `expires ${existing.notAfter.toISOString().slice(0, 10)}`;
  // Hosts added by an earlier `gantry certs --host` stay (a later bare run or
  // `gantry up` keeps them); --force starts over without them.
  const have = new Set(existing.sans.map(sanKey));
  const lacking = wanted.filter((s) => !have.has(sanKey(s)));
  if (lacking.length > 0) return `not valid for ${sanText(lacking)}`;
  return null;
}

/** Whether the CA must be made (again): --force, or no usable CA in the directory. */
export function caReason(force: boolean, existing: { present: boolean; keyMatches: boolean; notAfter?: Date }, now: Date): string | null {
  if (force) return '--force';
  if (!existing.present) return 'missing';
  if (!existing.keyMatches) return 'ca.key is not the key of ca.crt';
  if (existing.notAfter && existing.notAfter.getTime() - now.getTime() < leafValidityDays * 86_400_000) {
    return `expires ${existing.notAfter.toISOString().slice(0, 10)}, before a new certificate would`;
  }
  return null;
}

/** An openssl config with just what gantry asks for, so the system's openssl.cnf does not matter. */
export function caConfig(): string {
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    'x509_extensions = gantry_ca',
    '[dn]',
    'O = gantry',
    'CN = gantry dev CA',
    '[gantry_ca]',
    'basicConstraints = critical, CA:TRUE, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    '',
  ].join('\n');
}

/** Every leaf serves and connects (a BBS is both), hence serverAuth and clientAuth. */
export function leafConfig(component: CertComponent, sans: readonly San[]): string {
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '[dn]',
    'O = gantry',
    `CN = gantry ${component}`,
    '[gantry_leaf]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth, clientAuth',
    `subjectAltName = ${sanText(sans)}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid, issuer',
    '',
  ].join('\n');
}

/** EC P-256 keys: small, fast, and accepted by Node, grpc-js and nats-server alike. */
export const keyArgs = (keyFile: string): string[] => ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile];

export const caCertArgs = (ca: KeyPairFiles, configFile: string): string[] => [
  'req', '-x509', '-new', '-key', ca.key, '-config', configFile, '-days', String(caValidityDays), '-sha256', '-out', ca.cert,
];

export const csrArgs = (keyFile: string, configFile: string, csrFile: string): string[] => ['req', '-new', '-key', keyFile, '-config', configFile, '-out', csrFile];

/** Signs a CSR with the CA; `serial` is hex (random per certificate, so no serial file is kept). */
export const signArgs = (csrFile: string, ca: KeyPairFiles, configFile: string, serial: string, certFile: string): string[] => [
  'x509', '-req', '-in', csrFile, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${serial}`,
  '-days', String(leafValidityDays), '-sha256', '-extfile', configFile, '-extensions', 'gantry_leaf', '-out', certFile,
];
