// C2SP signed notes (text + signature lines) and tlog checkpoints, with keys in the note key formats:
// Ed25519 (type 0x01, the international suite) and SM2 with SM3 per GB/T 32918 (the gm suite, type 0xff + id).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

const SIGNATURE_PREFIX = '\u2014 '; // "— "
const MAX_SIGNATURES = 100;
// DER prefixes that turn a raw 32-byte Ed25519 seed or public key into PKCS#8 / SPKI for node:crypto.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The SM2 user ID (GB/T 32918.2 ID_A) every Liutong SM2 note signature uses: the GM/T 0009 default.
 * It enters the signed digest through Z_A, so a verifier must use the same one.
 */
export const SM2_USER_ID = '1234567812345678';

export type KeyType = 'ed25519' | 'sm2';

/**
 * Signature type bytes. C2SP assigns 0x01 to Ed25519 and reserves 0xff for types it does not assign, followed
 * by "a longer identifier that is unlikely to collide": ours is SHA-256 of a sentence naming the scheme (ADR 0008).
 */
const TYPE_BYTES: Record<KeyType, Buffer> = {
  ed25519: Buffer.of(0x01),
  sm2: Buffer.concat([
    Buffer.of(0xff),
    createHash('sha256')
      .update(`liutong signed-note signature: SM2 with SM3 per GB/T 32918.2, user ID ${SM2_USER_ID}`)
      .digest(),
  ]),
};
/** Public key and private key (seed) lengths in bytes; SM2 public keys are uncompressed points (0x04 || x || y). */
const LENGTHS: Record<KeyType, { publicKey: number; seed: number }> = {
  ed25519: { publicKey: 32, seed: 32 },
  sm2: { publicKey: 65, seed: 32 },
};

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

/** The 4-byte key ID: SHA-256(name || 0x0A || signature type || public key)[:4]. */
export function keyId(name: string, publicKey: Uint8Array, type: KeyType = 'ed25519'): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), TYPE_BYTES[type], publicKey]))
    .digest()
    .subarray(0, 4);
}

/** Splits `type bytes || key` into its type and key bytes. */
function splitTyped(raw: Buffer): { type: KeyType; key: Buffer } | undefined {
  for (const type of ['ed25519', 'sm2'] as const) {
    const prefix = TYPE_BYTES[type];
    if (raw.length > prefix.length && raw.subarray(0, prefix.length).equals(prefix))
      return { type, key: raw.subarray(prefix.length) };
  }
  return undefined;
}

export interface NoteVerifier {
  name: string;
  id: Buffer;
  type: KeyType;
  /** The raw public key: 32 bytes for Ed25519, an uncompressed 65-byte point for SM2. */
  publicBytes: Buffer;
  /** The key in verifier-key form: `<name>+<hex id>+<base64(type || key)>`. */
  encoded: string;
  verify(message: Buffer, signature: Buffer): boolean;
}

export interface NoteSigner extends NoteVerifier {
  sign(message: Buffer): Buffer;
}

/**
 * An SM2 signature (GB/T 32918.2: e = SM3(Z_A || M), Z_A from the user ID and the public key) as 64 bytes r || s.
 * `nonce` fixes k, for known-answer tests only.
 */
export function sm2Sign(
  message: Uint8Array,
  privateHex: string,
  publicHex: string,
  userId: string,
  nonce?: bigint,
) {
  const pointPool =
    nonce === undefined
      ? undefined
      : [
          {
            k: nonce,
            x1: BigInt(
              `0x${sm2.getPublicKeyFromPrivateKey(nonce.toString(16).padStart(64, '0')).slice(2, 66)}`,
            ),
          },
        ];
  return Buffer.from(
    sm2.doSignature(message, privateHex, {
      hash: true,
      publicKey: publicHex,
      userId,
      ...(pointPool && { pointPool }),
    }),
    'hex',
  );
}

export function sm2Verify(
  message: Uint8Array,
  signature: Uint8Array,
  publicHex: string,
  userId: string,
): boolean {
  return (
    signature.length === 64 &&
    sm2.doVerifySignature(message, Buffer.from(signature).toString('hex'), publicHex, { hash: true, userId })
  );
}

function onCurve(point: Buffer): boolean {
  try {
    return point[0] === 0x04 && sm2.verifyPublicKey(point.toString('hex'));
  } catch {
    return false;
  }
}

function ed25519Public(publicBytes: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicBytes]), format: 'der', type: 'spki' });
}

function verifierFor(name: string, type: KeyType, publicBytes: Buffer): NoteVerifier {
  const id = keyId(name, publicBytes, type);
  const encoded = `${name}+${id.toString('hex')}+${Buffer.concat([TYPE_BYTES[type], publicBytes]).toString('base64')}`;
  if (type === 'ed25519') {
    const publicKey = ed25519Public(publicBytes);
    return {
      name,
      id,
      type,
      publicBytes,
      encoded,
      verify: (message, signature) => signature.length === 64 && verify(null, message, publicKey, signature),
    };
  }
  const publicHex = publicBytes.toString('hex');
  return {
    name,
    id,
    type,
    publicBytes,
    encoded,
    verify: (message, signature) => sm2Verify(message, signature, publicHex, SM2_USER_ID),
  };
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  // The name and hash cannot contain '+', the base64 key can: split on the first two only.
  const match = /^([^+]+)\+([^+]*)\+(.+)$/.exec(vkey);
  if (!match) throw new NoteError('a verifier key has the form name+hash+key');
  const [, name, hash, key] = match as unknown as [string, string, string, string];
  if (!validName(name)) throw new NoteError('invalid key name');
  if (!/^[0-9a-f]{8}$/.test(hash)) throw new NoteError('invalid key hash');
  const raw = Buffer.from(key, 'base64');
  const typed = raw.toString('base64') === key ? splitTyped(raw) : undefined;
  if (!typed || typed.key.length !== LENGTHS[typed.type].publicKey) {
    throw new NoteError('unsupported verifier key: expected Ed25519 (0x01) or Liutong SM2 (0xff + id) key');
  }
  if (typed.type === 'sm2' && !onCurve(typed.key))
    throw new NoteError('the SM2 public key is not a point on the curve');
  const verifier = verifierFor(name, typed.type, Buffer.from(typed.key));
  if (verifier.id.toString('hex') !== hash) throw new NoteError('the key hash does not match the key');
  return { ...verifier, encoded: vkey };
}

/** Parses a signer key `PRIVATE+KEY+<name>+<hex id>+<base64(type || seed)>`. */
export function parseSignerKey(skey: string): NoteSigner {
  const match = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(skey);
  if (!match) throw new NoteError('a signer key has the form PRIVATE+KEY+name+hash+key');
  const typed = splitTyped(Buffer.from(match[3]!, 'base64'));
  if (!typed || typed.key.length !== LENGTHS[typed.type].seed)
    throw new NoteError('unsupported signer key: expected Ed25519 or Liutong SM2 key');
  return signerFromSeed(match[1]!, typed.key, { type: typed.type, expectedId: match[2] });
}

/** The signer key text for a seed: `PRIVATE+KEY+<name>+<hex id>+<base64(type || seed)>`. Keep it secret. */
export function encodeSignerKey(name: string, seed: Uint8Array, type: KeyType = 'ed25519'): string {
  const signer = signerFromSeed(name, seed, { type });
  return `PRIVATE+KEY+${name}+${signer.id.toString('hex')}+${Buffer.concat([TYPE_BYTES[type], seed]).toString('base64')}`;
}

/**
 * A signer from a 32-byte seed: the Ed25519 seed, or the SM2 private key d (1 ≤ d < n − 1).
 * `expectedId` (hex) guards against a key under the wrong name.
 */
export function signerFromSeed(
  name: string,
  seed: Uint8Array,
  options: { type?: KeyType; expectedId?: string | undefined } = {},
): NoteSigner {
  const type = options.type ?? 'ed25519';
  if (!validName(name)) throw new NoteError('invalid key name');
  if (seed.length !== LENGTHS[type].seed) throw new NoteError('a signing key seed has 32 bytes');
  let verifier: NoteVerifier;
  let signWith: (message: Buffer) => Buffer;
  if (type === 'ed25519') {
    const privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const publicBytes = createPublicKey(privateKey)
      .export({ format: 'der', type: 'spki' })
      .subarray(SPKI_ED25519.length);
    verifier = verifierFor(name, type, Buffer.from(publicBytes));
    signWith = (message) => sign(null, message, privateKey);
  } else {
    const privateHex = Buffer.from(seed).toString('hex');
    let publicHex: string;
    try {
      publicHex = sm2.getPublicKeyFromPrivateKey(privateHex);
    } catch {
      throw new NoteError('the SM2 private key is out of range');
    }
    verifier = verifierFor(name, type, Buffer.from(publicHex, 'hex'));
    signWith = (message) => sm2Sign(message, privateHex, publicHex, SM2_USER_ID);
  }
  if (options.expectedId && verifier.id.toString('hex') !== options.expectedId)
    throw new NoteError('the key hash does not match the key');
  return { ...verifier, sign: signWith };
}

/** A fresh random signer key text of the given type. */
export function generateSignerKey(name: string, type: KeyType): string {
  if (type === 'ed25519') return encodeSignerKey(name, randomBytes(32), type);
  return encodeSignerKey(
    name,
    Buffer.from(sm2.generateKeyPairHex().privateKey.padStart(64, '0'), 'hex'),
    type,
  );
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
    const signature = s.sign(Buffer.from(text));
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
    if (!key.verify(Buffer.from(text), raw.subarray(4))) {
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
