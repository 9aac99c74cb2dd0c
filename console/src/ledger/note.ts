// C2SP signed notes and tlog checkpoints, read and checked in the browser: Ed25519 through WebCrypto, and
// Liutong's SM2 note keys (the `gm` suite) through sm-crypto-v2.
import { sm2 } from 'sm-crypto-v2';
import { concatBytes, equalBytes, fromBase64, toHex, utf8, type Bytes } from './bytes.ts';

export class NoteError extends Error {}

export interface NoteSignature {
  /** The key name on the signature line. */
  name: string;
  /** The first four bytes of the signature blob. */
  keyId: Bytes;
  signature: Bytes;
}

export interface SignedNote {
  /** The signed message: the note up to and including the newline before the blank line. */
  text: string;
  signatures: NoteSignature[];
}

/** No ASCII control character but newline, and no U+FFFD (the mark of bytes that were not UTF-8). */
function printable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a) || c === 0x7f || c === 0xfffd) return false;
  }
  return true;
}
const validName = (name: string) => name.length > 0 && !/[\s+]/.test(name) && printable(name);

/** Splits a signed note into its text and signature lines; throws NoteError when it is not one. */
export function parseSignedNote(note: string): SignedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a signed note has text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  if (!printable(text)) throw new NoteError('note text must be printable UTF-8');
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new NoteError('the last signature line must end with a newline');
  const signatures = block
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
      const raw = match && fromBase64(match[2]!);
      if (!match || !validName(match[1]!) || !raw || raw.length < 5)
        throw new NoteError(`malformed signature line: ${line}`);
      return { name: match[1]!, keyId: raw.slice(0, 4), signature: raw.slice(4) };
    });
  return { text, signatures };
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Bytes;
  extensions: string[];
}

/** The body of a tlog checkpoint: origin, decimal size, base64 root, then optional extension lines. */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '')
    throw new NoteError('a checkpoint has an origin, a size and a root');
  const [origin, size, root, ...rest] = lines as [string, string, string, ...string[]];
  if (!origin) throw new NoteError('empty origin');
  if (!/^(0|[1-9]\d{0,15})$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new NoteError('invalid tree size');
  const rootBytes = fromBase64(root);
  if (!rootBytes || rootBytes.length !== 32) throw new NoteError('invalid root hash');
  return { origin, size: Number(size), root: rootBytes, extensions: rest.slice(0, -1) };
}

export type KeyType = 'ed25519' | 'sm2';

/** SM2 user ID (GB/T 32918.2 ID_A) that Liutong's SM2 note signatures are made with: the GM/T 0009 default. */
const SM2_USER_ID = '1234567812345678';
const ED25519_TYPE = Uint8Array.of(0x01);
/** C2SP reserves 0xff for unassigned signature types, followed by an identifier: Liutong's names its scheme. */
const sm2Type = async () =>
  concatBytes(
    Uint8Array.of(0xff),
    await sha256(
      utf8(`liutong signed-note signature: SM2 with SM3 per GB/T 32918.2, user ID ${SM2_USER_ID}`),
    ),
  );
const PUBLIC_KEY_LENGTH: Record<KeyType, number> = { ed25519: 32, sm2: 65 };

const sha256 = async (data: Bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', data));

export interface VerifierKey {
  name: string;
  keyId: Bytes;
  type: KeyType;
  publicKey: Bytes;
  /** The key as published: `<name>+<hex id>+<base64(type || key)>`. */
  encoded: string;
}

/** Reads a note verifier key and checks that its hash is SHA-256(name || 0x0A || type || key)[:4]. */
export async function parseVerifierKey(vkey: string): Promise<VerifierKey> {
  // The name and hash cannot contain '+', the base64 key can: split on the first two only.
  const match = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(vkey);
  if (!match || !validName(match[1]!)) throw new NoteError('a verifier key has the form name+hash+key');
  const [, name, hash, key] = match as unknown as [string, string, string, string];
  const raw = fromBase64(key);
  if (!raw) throw new NoteError('the verifier key is not base64');
  const smType = await sm2Type();
  const typed: [KeyType, Uint8Array] | undefined =
    raw[0] === 0x01
      ? ['ed25519', ED25519_TYPE]
      : equalBytes(raw.slice(0, smType.length), smType)
        ? ['sm2', smType]
        : undefined;
  if (!typed) throw new NoteError('unsupported key type: expected Ed25519 or Liutong SM2');
  const [type, typeBytes] = typed;
  const publicKey = raw.slice(typeBytes.length);
  if (publicKey.length !== PUBLIC_KEY_LENGTH[type])
    throw new NoteError(`a ${type} public key of wrong length`);
  const keyId = (await sha256(concatBytes(utf8(`${name}\n`), typeBytes, publicKey))).slice(0, 4);
  if (toHex(keyId) !== hash) throw new NoteError('the key hash does not match the key');
  return { name, keyId, type, publicKey, encoded: vkey };
}

/**
 * How a note stands against a key: `valid`, `invalid` (the key's signature line is there and fails), `unsigned`
 * (no line from this key), or `unsupported` (this browser cannot check Ed25519).
 */
export type SignatureCheck = 'valid' | 'invalid' | 'unsigned' | 'unsupported';

export async function checkNoteSignature(note: SignedNote, key: VerifierKey): Promise<SignatureCheck> {
  const line = note.signatures.find((s) => s.name === key.name && equalBytes(s.keyId, key.keyId));
  if (!line) return 'unsigned';
  if (line.signature.length !== 64) return 'invalid';
  const message = utf8(note.text);
  if (key.type === 'sm2') {
    try {
      return sm2.doVerifySignature(message, toHex(line.signature), toHex(key.publicKey), {
        hash: true,
        userId: SM2_USER_ID,
      })
        ? 'valid'
        : 'invalid';
    } catch {
      return 'invalid';
    }
  }
  let publicKey: CryptoKey;
  try {
    publicKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return 'unsupported';
  }
  return (await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, line.signature, message))
    ? 'valid'
    : 'invalid';
}
