// Makes what plan.ts describes with the openssl command (scripts/setup.sh
// installs it): a CA kept across runs, and a key pair per component issued
// again only when missing, expiring, signed by another CA or for other hosts.
// New files are made in a work directory and renamed into place, so a failure
// never leaves a certificate next to a key that is not its own.
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  caCertArgs, caConfig, caReason, certComponents, certFiles, csrArgs, keyArgs, leafConfig, parseSubjectAltName, reissueReason, sanText, signArgs,
  type CertComponent, type ExistingCert, type KeyPairFiles, type San,
} from './plan.ts';

const run = promisify(execFile);

export interface MakeCertsOptions {
  dir: string;
  /** What every certificate is valid for (plan.ts sanList). */
  sans: readonly San[];
  /** Make a new CA (and so every certificate) even when one exists. */
  force?: boolean;
  now?: Date;
}

export interface CertsReport {
  dir: string;
  sans: string;
  ca: KeyPairFiles & { made: boolean; reason: string | null };
  components: Array<KeyPairFiles & { component: CertComponent; issued: boolean; reason: string | null }>;
}

export function opensslBinary(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? '').split(':').concat('/usr/bin', '/usr/local/bin')) {
    const candidate = path.join(dir, 'openssl');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('openssl not found: run `bash scripts/setup.sh` (installs it) or `apt-get install openssl`');
}

async function openssl(bin: string, args: string[]): Promise<void> {
  try {
    await run(bin, args);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr || e.message).trim()}`);
  }
}

const readCert = (file: string): X509Certificate | null => {
  try {
    return new X509Certificate(fs.readFileSync(file));
  } catch {
    return null;
  }
};

const keyMatches = (cert: X509Certificate, keyFile: string): boolean => {
  try {
    return cert.checkPrivateKey(createPrivateKey(fs.readFileSync(keyFile)));
  } catch {
    return false;
  }
};

function existingLeaf(pair: KeyPairFiles, ca: X509Certificate): ExistingCert | null {
  const cert = readCert(pair.cert);
  if (!cert) return null;
  return {
    sans: parseSubjectAltName(cert.subjectAltName),
    notAfter: new Date(cert.validTo),
    issuedByCa: cert.checkIssued(ca) && cert.verify(ca.publicKey),
    keyMatches: keyMatches(cert, pair.key),
  };
}

/** A fresh key in the work dir, readable by its owner only from the start. */
async function newKey(bin: string, file: string): Promise<void> {
  fs.writeFileSync(file, '', { mode: 0o600 });
  await openssl(bin, keyArgs(file));
  fs.chmodSync(file, 0o600);
}

/** Key first, then certificate: a reader never sees a new certificate with the old key. */
function install(made: KeyPairFiles, into: KeyPairFiles): void {
  fs.renameSync(made.key, into.key);
  fs.renameSync(made.cert, into.cert);
}

export async function makeCerts(opts: MakeCertsOptions): Promise<CertsReport> {
  const now = opts.now ?? new Date();
  const { sans } = opts;
  const bin = opensslBinary();
  const files = certFiles(opts.dir);
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const work = fs.mkdtempSync(path.join(opts.dir, '.work-'));
  try {
    const inWork = (name: string): KeyPairFiles => ({ cert: path.join(work, `${name}.crt`), key: path.join(work, `${name}.key`) });

    const oldCa = readCert(files.ca.cert);
    const caWhy = caReason(!!opts.force, { present: !!oldCa, keyMatches: !!oldCa && keyMatches(oldCa, files.ca.key), notAfter: oldCa ? new Date(oldCa.validTo) : undefined }, now);
    if (caWhy) {
      const made = inWork('ca');
      const config = path.join(work, 'ca.cnf');
      fs.writeFileSync(config, caConfig());
      await newKey(bin, made.key);
      await openssl(bin, caCertArgs(made, config));
      install(made, files.ca);
    }
    const ca = readCert(files.ca.cert);
    if (!ca) throw new Error(`${files.ca.cert}: not a certificate after it was made`);

    const components: CertsReport['components'] = [];
    for (const component of certComponents) {
      const pair = files.components[component];
      const why = reissueReason(existingLeaf(pair, ca), sans, now);
      if (why) {
        const made = inWork(component);
        const config = path.join(work, `${component}.cnf`);
        const csr = path.join(work, `${component}.csr`);
        fs.writeFileSync(config, leafConfig(component, sans));
        await newKey(bin, made.key);
        await openssl(bin, csrArgs(made.key, config, csr));
        await openssl(bin, signArgs(csr, files.ca, config, randomBytes(15).toString('hex'), made.cert));
        install(made, pair);
      }
      components.push({ component, ...pair, issued: why !== null, reason: why });
    }
    fs.chmodSync(files.ca.key, 0o600);
    return { dir: opts.dir, sans: sanText(sans), ca: { ...files.ca, made: caWhy !== null, reason: caWhy }, components };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
