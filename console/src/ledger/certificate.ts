// A rights certificate checked in the browser as `liutong cert verify` checks it offline: the platform's
// signature over the header line and the certificate's canonical JSON, the ledger entry that records its content
// hash, the entry's leaf hash, and its inclusion proof up to a checkpoint signed by a trusted key.
import { equalBytes, fromHex, utf8, type Bytes } from './bytes.ts';
import { canonicalJson } from './canonical.ts';
import { digest, rootFromInclusionProof, treeHasher, type HashAlgorithm } from './merkle.ts';
import {
  checkNoteSignature,
  NoteError,
  parseCheckpoint,
  parseSignedNote,
  parseVerifierKey,
  type SignatureCheck,
  type SignedNote,
  type VerifierKey,
} from './note.ts';

export const CERTIFICATE_HEADER = 'Liutong rights certificate v1';
export const CERTIFICATE_EVENT = 'rights.certificate.issued';

export interface CertificateDocumentLike {
  certificate: object;
  signature: string;
  ledger: {
    index: number;
    entry: string;
    leafHash: string;
    treeSize: number;
    proof: string[];
    checkpoint: string;
  } | null;
}

export type CertificateCheckName =
  'signature' | 'signedText' | 'ledgerEntry' | 'leafHash' | 'checkpoint' | 'inclusion';

export interface CertificateCheck {
  name: CertificateCheckName;
  /** Undefined: this browser could not check it (no Ed25519 in WebCrypto). */
  ok: boolean | undefined;
  computed?: Bytes | undefined;
  expected?: Bytes | undefined;
  detail?: string;
}

export interface CertificateVerification {
  checks: CertificateCheck[];
  signedBy: VerifierKey | undefined;
  hash: HashAlgorithm | undefined;
}

export const certificateNoteText = (certificate: object) =>
  `${CERTIFICATE_HEADER}\n${canonicalJson(certificate)}\n`;

/** The strongest answer any trusted key gives: a bad signature by one of them condemns the note. */
async function signedByTrusted(
  note: SignedNote,
  keys: VerifierKey[],
): Promise<{ check: SignatureCheck; key: VerifierKey | undefined }> {
  const results = await Promise.all(
    keys.map(async (key) => ({ key, check: await checkNoteSignature(note, key) })),
  );
  const decisive =
    results.find((r) => r.check === 'invalid') ??
    results.find((r) => r.check === 'valid') ??
    results.find((r) => r.check === 'unsupported');
  return decisive ?? { check: 'unsigned', key: undefined };
}

const asOk = (check: SignatureCheck) => (check === 'unsupported' ? undefined : check === 'valid');

/**
 * Checks a certificate document against the keys the caller trusts (the platform's published ones, never the
 * key the document names). The hash follows the signing key's type: Ed25519 → SHA-256, SM2 → SM3.
 */
export async function verifyCertificateDocument(
  doc: CertificateDocumentLike,
  trustedKeys: readonly string[],
): Promise<CertificateVerification> {
  const checks: CertificateCheck[] = [];
  const keys = (await Promise.all(trustedKeys.map((k) => parseVerifierKey(k).catch(() => undefined)))).filter(
    (k): k is VerifierKey => k !== undefined,
  );
  let note: SignedNote;
  try {
    note = parseSignedNote(doc.signature);
  } catch (error) {
    checks.push({ name: 'signature', ok: false, detail: (error as Error).message });
    return { checks, signedBy: undefined, hash: undefined };
  }
  const signed = await signedByTrusted(note, keys);
  checks.push({ name: 'signature', ok: asOk(signed.check), detail: signed.key?.name });
  checks.push({ name: 'signedText', ok: note.text === certificateNoteText(doc.certificate) });
  const hash: HashAlgorithm | undefined = signed.key
    ? signed.key.type === 'sm2'
      ? 'sm3'
      : 'sha256'
    : undefined;
  const l = doc.ledger;
  if (!hash || !l) {
    checks.push({ name: 'ledgerEntry', ok: false, detail: l ? undefined : 'pending' });
    return { checks, signedBy: signed.key, hash };
  }

  let entry: { type?: unknown; contentHash?: unknown } = {};
  try {
    entry = JSON.parse(l.entry) as typeof entry;
  } catch {
    // An entry that is not JSON records nothing: the comparison below fails.
  }
  const contentHash = await digest(hash, utf8(canonicalJson(doc.certificate)));
  const recorded = typeof entry.contentHash === 'string' ? fromHex(entry.contentHash) : undefined;
  checks.push({
    name: 'ledgerEntry',
    ok: entry.type === CERTIFICATE_EVENT && recorded !== undefined && equalBytes(contentHash, recorded),
    computed: contentHash,
    expected: recorded,
  });

  const hasher = treeHasher(hash);
  const leaf = await hasher.hashLeaf(utf8(l.entry));
  const leafRecorded = fromHex(l.leafHash);
  checks.push({
    name: 'leafHash',
    ok: leafRecorded !== undefined && equalBytes(leaf, leafRecorded),
    computed: leaf,
    expected: leafRecorded,
  });

  let root: Bytes | undefined;
  let size: number | undefined;
  try {
    const checkpointNote = parseSignedNote(l.checkpoint);
    const checkpoint = parseCheckpoint(checkpointNote.text);
    const cpSigned = await signedByTrusted(checkpointNote, keys);
    checks.push({
      name: 'checkpoint',
      ok: asOk(cpSigned.check) === undefined ? undefined : cpSigned.check === 'valid',
      detail: `${checkpoint.origin} · ${checkpoint.size}`,
    });
    root = checkpoint.root;
    size = checkpoint.size;
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    checks.push({ name: 'checkpoint', ok: false, detail: error.message });
  }
  const path = l.proof.map(fromHex);
  const computed =
    root && size === l.treeSize && path.every((p) => p !== undefined)
      ? await rootFromInclusionProof(hasher, l.index, size, leaf, path)
      : undefined;
  checks.push({
    name: 'inclusion',
    ok: computed !== undefined && root !== undefined && equalBytes(computed.root, root),
    computed: computed?.root,
    expected: root,
    detail: `#${l.index} / ${l.treeSize}`,
  });
  return { checks, signedBy: signed.key, hash };
}
