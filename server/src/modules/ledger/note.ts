// C2SP signed notes (text + signature lines) and tlog checkpoints, with Ed25519 keys in the note key formats.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 '; // "— "
const MAX_SIGNATURES = 100;
// DER prefixes that turn a raw 32-byte Ed25519 seed or public key into PKCS#8 / SPKI for node:crypto.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export class NoteError extends Error {}

/** True when the text holds an ASCII control character (other than newline when `newlineAllowed`). */
function hasControl(text: string, newlineAllowed: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && !(newlineAllowed && c === 0x0a)) || c === 0x7f) return true;
  }
  return false;
}

/** A key name: non-empty, printable, without spaces or '+' (they delimit the key encodings). */
const validName = (name: string) => name.length > 0 && !/[\s+]/.test(name) && !hasControl(name, false);

/** The 4-byte key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
export function keyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.of(ED25519), publicKey]))
    .digest()
    .subarray(0, 4);
}

export interface NoteVerifier {
  name: string;
  id: Buffer;
  publicKey: KeyObject;
  /** The key in verifier-key form: `<name>+<hex id>+<base64(0x01 || key)>`. */
  encoded: string;
}

export interface NoteSigner extends NoteVerifier {
  privateKey: KeyObject;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  // The name and hash cannot contain '+', the base64 key can: split on the first two only.
  const match = /^([^+]+)\+([^+]*)\+(.+)$/.exec(vkey);
  if (!match) throw new NoteError('a verifier key has the form name+hash+key');
  const [, name, hash, key] = match as unknown as [string, string, string, string];
  if (!validName(name)) throw new NoteError('invalid key name');
  if (!/^[0-9a-f]{8}$/.test(hash)) throw new NoteError('invalid key hash');
  const raw = Buffer.from(key, 'base64');
  if (raw.toString('base64') !== key || raw.length !== 33 || raw[0] !== ED25519) {
    throw new NoteError('only Ed25519 verifier keys (0x01 followed by 32 bytes) are supported');
  }
  const publicBytes = raw.subarray(1);
  const id = keyId(name, publicBytes);
  if (id.toString('hex') !== hash) throw new NoteError('the key hash does not match the key');
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_ED25519, publicBytes]),
    format: 'der',
    type: 'spki',
  });
  return { name, id, publicKey, encoded: vkey };
}

/** Parses a signer key `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>`. */
export function parseSignerKey(skey: string): NoteSigner {
  const match = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(skey);
  if (!match) throw new NoteError('a signer key has the form PRIVATE+KEY+name+hash+key');
  const raw = Buffer.from(match[3]!, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('only Ed25519 signer keys are supported');
  return signerFromSeed(match[1]!, raw.subarray(1), match[2]);
}

/** The signer key text for a seed: `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>`. Keep it secret. */
export function encodeSignerKey(name: string, seed: Uint8Array): string {
  const signer = signerFromSeed(name, seed);
  return `PRIVATE+KEY+${name}+${signer.id.toString('hex')}+${Buffer.concat([Buffer.of(ED25519), seed]).toString('base64')}`;
}

/** A signer from a 32-byte Ed25519 seed; `expectedId` (hex) guards against a key under the wrong name. */
export function signerFromSeed(name: string, seed: Uint8Array, expectedId?: string): NoteSigner {
  if (!validName(name)) throw new NoteError('invalid key name');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const publicBytes = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
  const id = keyId(name, publicBytes);
  if (expectedId && id.toString('hex') !== expectedId)
    throw new NoteError('the key hash does not match the key');
  const encoded = `${name}+${id.toString('hex')}+${Buffer.concat([Buffer.of(ED25519), publicBytes]).toString('base64')}`;
  return { name, id, publicKey, privateKey, encoded };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('note text must end with a newline');
  if (hasControl(text, true) || text.includes('\ufffd'))
    throw new NoteError('note text must be printable UTF-8');
}

/** Signs note text (which must end with a newline) and returns the complete signed note. */
export function signNote(text: string, ...signers: NoteSigner[]): string {
  checkText(text);
  const lines = signers.map((s) => {
    const signature = sign(null, Buffer.from(text), s.privateKey);
    return `${SIGNATURE_PREFIX}${s.name} ${Buffer.concat([s.id, signature]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

export interface OpenedNote {
  text: string;
  /** Names of the trusted keys whose signatures verified. */
  verifiedBy: string[];
  /** Signature lines from keys the caller does not trust (ignored, not failed). */
  unknownSignatures: number;
}

/**
 * Splits a signed note, checks its form, and verifies the signatures of the given keys. Throws NoteError for a
 * malformed note or a bad signature by a trusted key; a note no trusted key signed is returned with none verified.
 */
export function openNote(note: string, trusted: readonly NoteVerifier[]): OpenedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a signed note has text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  checkText(text);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new NoteError('the last signature line must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('too many signatures');
  const result: OpenedNote = { text, verifiedBy: [], unknownSignatures: 0 };
  for (const line of lines) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!match || !validName(match[1]!)) throw new NoteError('malformed signature line');
    const raw = Buffer.from(match[2]!, 'base64');
    if (raw.length < 5) throw new NoteError('malformed signature');
    const key = trusted.find((k) => k.name === match[1] && k.id.equals(raw.subarray(0, 4)));
    if (!key) {
      result.unknownSignatures++;
      continue;
    }
    if (!verify(null, Buffer.from(text), key.publicKey, raw.subarray(4))) {
      throw new NoteError(`the signature of ${key.name} does not verify`);
    }
    if (!result.verifiedBy.includes(key.name)) result.verifiedBy.push(key.name);
  }
  return result;
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions: string[];
}

/** The body of a tlog checkpoint: origin, decimal size, base64 root, then optional extension lines. */
export function formatCheckpoint(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${Buffer.from(c.root).toString('base64')}\n${c.extensions.map((e) => `${e}\n`).join('')}`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '')
    throw new NoteError('a checkpoint has an origin, a size and a root');
  const [origin, size, root, ...rest] = lines as [string, string, string, ...string[]];
  if (!origin) throw new NoteError('empty origin');
  if (!/^(0|[1-9]\d{0,15})$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new NoteError('invalid tree size');
  const rootBytes = Buffer.from(root, 'base64');
  if (rootBytes.toString('base64') !== root || rootBytes.length !== 32)
    throw new NoteError('invalid root hash');
  return { origin, size: Number(size), root: new Uint8Array(rootBytes), extensions: rest.slice(0, -1) };
}
