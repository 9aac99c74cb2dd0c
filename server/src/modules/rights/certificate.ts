// Rights certificates (数据权益登记证书) as documents anyone can verify offline: the platform's signature over
// the certificate, its ledger entry, an inclusion proof and the signed checkpoint the proof leads to.
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  NoteError,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  treeHasher,
  verifyInclusion,
  type NoteVerifier,
} from '../ledger/index.ts';
import type { RightType } from './rights.tables.ts';

/** The first line of a certificate's signed note; the second is the certificate's canonical JSON. */
export const CERTIFICATE_HEADER = 'Liutong rights certificate v1';
export const CERTIFICATE_EVENT = 'rights.certificate.issued';
export const CERTIFICATE_NUMBER = '^LT\\d{4}[HPO]\\d{8}$';

export interface CertificateBody {
  v: 1;
  number: string;
  rightType: RightType;
  registrationKind: string;
  holder: { orgId: string; name: string; creditCode: string | null };
  subject: { id: string; kind: string; title: string; contentHash: string; grade: string };
  scope: string | null;
  validFrom: string;
  validUntil: string | null;
  issuedAt: string;
  issuer: string;
  applicationNumber: string;
  supersedes: string | null;
}

/** A certificate's status as shown: the stored one, or `expired` once its validity has passed. */
export const CERTIFICATE_VIEW_STATUSES = ['valid', 'expired', 'superseded', 'cancelled', 'revoked'] as const;
export type CertificateViewStatus = (typeof CERTIFICATE_VIEW_STATUSES)[number];

export interface CertificateDocument {
  certificate: CertificateBody;
  /** The platform's signed note: the header line and the certificate's canonical JSON. */
  signature: string;
  status: CertificateViewStatus;
  statusReason?: string | null;
  verifierKey: string;
  /** Null until the sequencer has put the issue on the ledger (seconds). */
  ledger: {
    index: number;
    entry: string;
    leafHash: string;
    treeSize: number;
    proof: string[];
    checkpoint: string;
  } | null;
}

export const certificateNoteText = (body: CertificateBody) =>
  `${CERTIFICATE_HEADER}\n${canonicalJson(body)}\n`;

export interface Check {
  name: 'format' | 'signature' | 'ledger-entry' | 'inclusion' | 'checkpoint';
  ok: boolean;
  detail: string;
}

export interface Verdict {
  valid: boolean;
  number: string | undefined;
  checks: Check[];
}

const hashOf = (algorithm: 'sha256' | 'sm3', text: string) =>
  createHash(algorithm).update(text).digest('hex');

/**
 * Checks a certificate document. The trusted keys are the caller's (pinned) or, failing that, the one the
 * document names; the hash follows the key type (Ed25519 → SHA-256, SM2 → SM3), never the document's word.
 */
export function verifyCertificate(doc: unknown, trusted?: readonly string[]): Verdict {
  const checks: Check[] = [];
  const fail = (name: Check['name'], detail: string): Verdict => {
    checks.push({ name, ok: false, detail });
    return { valid: false, number: undefined, checks };
  };
  const d = doc as Partial<CertificateDocument> | null;
  if (
    !d ||
    typeof d !== 'object' ||
    typeof d.signature !== 'string' ||
    !d.certificate ||
    typeof d.certificate !== 'object'
  )
    return fail('format', 'not a certificate document');
  const number = typeof d.certificate.number === 'string' ? d.certificate.number : undefined;
  if (!number || !new RegExp(CERTIFICATE_NUMBER).test(number))
    return fail('format', 'no valid certificate number');
  checks.push({ name: 'format', ok: true, detail: number });

  let keys: NoteVerifier[];
  try {
    keys = (trusted?.length ? trusted : [String(d.verifierKey)]).map((k) => parseVerifierKey(k));
  } catch (error) {
    return { ...fail('signature', `bad verifier key: ${(error as Error).message}`), number };
  }
  let signedBy: NoteVerifier | undefined;
  try {
    const opened = openNote(d.signature, keys);
    signedBy = keys.find((k) => opened.verifiedBy.includes(k.name));
    if (!signedBy) return { ...fail('signature', 'not signed by a trusted key'), number };
    if (opened.text !== certificateNoteText(d.certificate))
      return { ...fail('signature', 'the signed text is not this certificate'), number };
  } catch (error) {
    if (error instanceof NoteError) return { ...fail('signature', error.message), number };
    throw error;
  }
  checks.push({ name: 'signature', ok: true, detail: `signed by ${signedBy.name} (${signedBy.type})` });
  const algorithm = signedBy.type === 'sm2' ? 'sm3' : 'sha256';

  const l = d.ledger;
  if (!l || typeof l !== 'object')
    return { ...fail('ledger-entry', 'not on the ledger yet: try again in a few seconds'), number };
  let entry: { type?: unknown; contentHash?: unknown };
  try {
    entry = JSON.parse(String(l.entry)) as typeof entry;
  } catch {
    return { ...fail('ledger-entry', 'the ledger entry is not JSON'), number };
  }
  const contentHash = hashOf(algorithm, canonicalJson(d.certificate));
  if (entry.type !== CERTIFICATE_EVENT || entry.contentHash !== contentHash)
    return { ...fail('ledger-entry', 'the ledger entry does not record this certificate'), number };
  checks.push({
    name: 'ledger-entry',
    ok: true,
    detail: `entry ${l.index} records content hash ${contentHash}`,
  });

  const hasher = treeHasher(algorithm);
  const leaf = hasher.hashLeaf(Buffer.from(String(l.entry)));
  let checkpoint;
  try {
    const opened = openNote(String(l.checkpoint), keys);
    if (!opened.verifiedBy.length)
      return { ...fail('checkpoint', 'the checkpoint is not signed by a trusted key'), number };
    checkpoint = parseCheckpoint(opened.text);
  } catch (error) {
    if (error instanceof NoteError) return { ...fail('checkpoint', error.message), number };
    throw error;
  }
  checks.push({ name: 'checkpoint', ok: true, detail: `${checkpoint.origin} at size ${checkpoint.size}` });
  const proof = Array.isArray(l.proof) ? l.proof : [];
  const hexOk = (h: unknown) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h);
  const included =
    Buffer.from(leaf).toString('hex') === l.leafHash &&
    Number.isSafeInteger(l.index) &&
    l.treeSize === checkpoint.size &&
    proof.every(hexOk) &&
    verifyInclusion(
      hasher,
      l.index,
      checkpoint.size,
      leaf,
      proof.map((h) => new Uint8Array(Buffer.from(h, 'hex'))),
      checkpoint.root,
    );
  if (!included)
    return { ...fail('inclusion', `entry ${String(l.index)} is not proven in the checkpoint`), number };
  checks.push({
    name: 'inclusion',
    ok: true,
    detail: `entry ${l.index} is in the log of size ${checkpoint.size}`,
  });
  return { valid: true, number, checks };
}
