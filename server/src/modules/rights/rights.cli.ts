// `liutong cert verify`: checks a rights certificate offline (a saved document) or as served by a platform.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import {
  verifyCertificate,
  CERTIFICATE_NUMBER,
  type CertificateDocument,
  type Verdict,
} from './certificate.ts';

function print(verdict: Verdict, doc: Partial<CertificateDocument> | undefined, source: string): void {
  for (const c of verdict.checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.name.padEnd(13)} ${c.detail}`);
  const cert = doc?.certificate;
  if (verdict.valid && cert) {
    console.log(`valid: certificate ${cert.number} (${cert.rightType}) held by ${cert.holder.name}`);
    console.log(`  subject      ${cert.subject.title} [${cert.subject.contentHash}]`);
    console.log(`  validity     ${cert.validFrom} → ${cert.validUntil ?? 'long-term'}`);
    console.log(
      `  status       ${String(doc.status)}${doc.statusReason ? ` (${doc.statusReason})` : ''} as ${source}`,
    );
    // An authentic certificate that was revoked, cancelled or superseded does not confer the right any more.
    process.exitCode = doc.status === 'valid' ? 0 : 1;
    if (doc.status !== 'valid')
      console.log(`invalid: the certificate is authentic but ${String(doc.status)}`);
  } else {
    console.log(`invalid: ${verdict.checks.find((c) => !c.ok)?.detail ?? 'not a certificate'}`);
    process.exitCode = 1;
  }
}

const keyOption = (v: string, prev: string[] = []) => [...prev, v];

export function certCommand(): Command {
  const cert = new Command('cert').description('Rights certificates (数据权益登记证书)');
  cert
    .command('verify')
    .description(
      'Verify a certificate: `cert verify FILE` checks a saved certificate document offline; `cert verify --url URL NUMBER` fetches it from a platform. Exit 0 valid, 1 invalid, 2 usage error.',
    )
    .argument('<file-or-number>', 'a certificate document (JSON) or, with --url, a certificate number')
    .option('--url <url>', 'the platform base URL, e.g. http://127.0.0.1:8080', (v: string) => {
      if (!/^https?:\/\/\S+$/.test(v)) throw new InvalidArgumentError('expected an http(s) URL');
      return v;
    })
    .option(
      '--key <vkey>',
      'a trusted verifier key (repeatable); without one, the key named in the document',
      keyOption,
    )
    .action(async (target: string, o: { url?: string; key?: string[] }) => {
      let doc: unknown;
      let source: string;
      if (o.url) {
        if (!new RegExp(CERTIFICATE_NUMBER).test(target)) {
          console.error(`liutong: ${target} is not a certificate number (e.g. LT2026H00000001)`);
          process.exitCode = 2;
          return;
        }
        const base = o.url.replace(/\/+$/, '');
        let res: Response;
        try {
          res = await fetch(`${base}/api/v1/certificates/${target}`);
        } catch (error) {
          console.log(`invalid: cannot reach ${base}: ${(error as Error).message}`);
          process.exitCode = 1;
          return;
        }
        if (res.status === 404) {
          console.log(`invalid: ${base} has no certificate ${target}`);
          process.exitCode = 1;
          return;
        }
        if (!res.ok) {
          console.log(`invalid: ${base} answered ${res.status}`);
          process.exitCode = 1;
          return;
        }
        doc = await res.json();
        source = `of now at ${base}`;
        if (!o.key?.length) {
          // Trust the platform's published keys (its whole key history), not the document's own word.
          const info = (await (await fetch(`${base}/api/v1/ledger/public-key`)).json()) as {
            keys?: { verifierKey: string }[];
            verifierKey: string;
          };
          o.key = [info.verifierKey, ...(info.keys ?? []).map((k) => k.verifierKey)];
        }
      } else {
        try {
          doc = JSON.parse(readFileSync(target, 'utf8'));
        } catch (error) {
          console.error(
            `liutong: cannot read ${target} as a certificate document: ${(error as Error).message}`,
          );
          process.exitCode = 2;
          return;
        }
        source = 'recorded in the file';
        if (!o.key?.length)
          console.error('warning: trusting the key named in the document; pin the platform key with --key');
      }
      print(verifyCertificate(doc, o.key), doc as Partial<CertificateDocument>, source);
    });
  return cert;
}
