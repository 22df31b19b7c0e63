// `gantry certs`: a CA and a key pair per component for a dev cluster's
// mutual TLS (what `gantry up` uses too). A production cluster brings its own
// CA: docs/security.md says which certificate each process needs.
import os from 'node:os';
import path from 'node:path';
import { makeCerts, type CertsReport } from '../certs/make.ts';
import { sanList } from '../certs/plan.ts';
import { flag } from '../args.ts';
import type { Command, Context } from '../context.ts';
import { CliError, exitCodes, usageError } from '../exit.ts';
import { renderTable } from '../format/table.ts';
import { stateDirPath } from '../target.ts';

/** Where `gantry certs` and `gantry up` keep the local cluster's certificates. */
export const certsDirPath = (env: Record<string, string | undefined>) => path.join(stateDirPath(env), 'certs');

/** The certificates of the local machine's cluster in dir, for this host and `hosts`; a bad host is a usage error. */
export async function makeLocalCerts(dir: string, hosts: readonly string[], force = false): Promise<CertsReport> {
  let sans;
  try {
    sans = sanList(os.hostname(), hosts);
  } catch (err) {
    throw usageError((err as Error).message);
  }
  try {
    return await makeCerts({ dir, sans, force });
  } catch (err) {
    throw new CliError(`could not make certificates in ${dir}: ${(err as Error).message}`, exitCodes.failure);
  }
}

function printReport(ctx: Context, report: CertsReport): void {
  if (ctx.json) {
    ctx.printJson(report);
    return;
  }
  const what = (made: boolean, reason: string | null) => (made ? `new (${reason})` : 'kept');
  const rows = [
    ['ca', report.ca.cert, report.ca.key, what(report.ca.made, report.ca.reason)],
    ...report.components.map((c) => [c.component, c.cert, c.key, what(c.issued, c.reason)]),
  ];
  ctx.out.write(renderTable(['COMPONENT', 'CERTIFICATE', 'KEY', 'STATUS'], rows));
  ctx.out.write(`\nevery certificate is valid for (at least): ${report.sans}\n`);
  ctx.out.write('Give each process --tls-ca-file ca.crt --tls-cert-file COMPONENT.crt --tls-key-file COMPONENT.key (or GANTRY_TLS_*);\n');
  ctx.out.write('the client pair is the operator\'s (gantry commands), the nats pair nats-server\'s. See docs/security.md.\n');
}

const certs: Command = {
  def: {
    name: 'certs',
    summary: 'make a CA and certificates for a cluster\'s mutual TLS (bbs, auctioneer, cell, client, nats)',
    positionals: [],
    flags: {
      dir: { kind: 'string', value: 'DIR', help: 'where to write them (default: the state dir\'s certs/, which `gantry up` uses)' },
      host: { kind: 'list', value: 'NAME', help: 'another IP address or DNS name every certificate is valid for' },
      force: { kind: 'boolean', help: 'make a new CA (and so new certificates) even if one exists' },
    },
    details:
      'Uses openssl. Every certificate (EC P-256, 1 year, server and client auth) is valid for localhost, 127.0.0.1, ::1,\n' +
      'this machine\'s hostname and each --host. An existing CA is kept; a certificate is issued again only when it is\n' +
      'missing, expires within 30 days, was signed by another CA, or lacks a host asked for (hosts of earlier runs stay;\n' +
      '--force starts over). Key files are mode 0600.',
  },
  async run(ctx, args) {
    const dir = path.resolve(flag.string(args, 'dir') || certsDirPath(ctx.env));
    const report = await makeLocalCerts(dir, flag.list(args, 'host'), flag.boolean(args, 'force'));
    printReport(ctx, report);
    return exitCodes.ok;
  },
};

export const certsCommands: Command[] = [certs];
