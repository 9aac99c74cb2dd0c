// The checkpoint signing key: from LIUTONG_LEDGER_KEY, a key file, or created once in the data directory.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSignerKey, parseSignerKey, type KeyType, type NoteSigner } from './note.ts';

export type CryptoSuite = 'intl' | 'gm';

/** What each suite uses: the tree hash and the checkpoint signature. */
export const SUITES: Record<CryptoSuite, { hash: 'sha256' | 'sm3'; keyType: KeyType }> = {
  intl: { hash: 'sha256', keyType: 'ed25519' },
  gm: { hash: 'sm3', keyType: 'sm2' },
};

export interface LedgerKeySource {
  origin: string;
  suite: CryptoSuite;
  /** The signer key text itself (`PRIVATE+KEY+…`). */
  key?: string | undefined;
  /** A file holding the signer key text. */
  keyFile?: string | undefined;
  /** The embedded store's directory; `memory://` means an ephemeral key. */
  dataDir: string;
}

export class LedgerKeyError extends Error {}

/** The key file a configuration uses, if any: the configured file, else `ledger.key` in the data directory. */
export function ledgerKeyFile(source: Omit<LedgerKeySource, 'suite' | 'origin'>): string | undefined {
  if (source.key) return undefined;
  return (
    source.keyFile ??
    (source.dataDir.startsWith('memory://') ? undefined : path.join(source.dataDir, 'ledger.key'))
  );
}

function checked(signer: NoteSigner, source: LedgerKeySource, where: string): NoteSigner {
  const expected = SUITES[source.suite].keyType;
  if (signer.type !== expected)
    throw new LedgerKeyError(
      `${where} holds an ${signer.type} key, but LIUTONG_CRYPTO_SUITE=${source.suite} signs with ${expected}`,
    );
  if (signer.name !== source.origin)
    throw new LedgerKeyError(
      `${where} is a key named ${signer.name}, but the log's origin is ${source.origin}`,
    );
  return signer;
}

/**
 * Loads the signer. Without a configured key, the first start writes `ledger.key` (mode 0600) into the data
 * directory and later starts read it; processes sharing a PostgreSQL server must share one key (ADR 0007).
 */
export function loadLedgerSigner(source: LedgerKeySource): NoteSigner {
  const keyType = SUITES[source.suite].keyType;
  if (source.key) return checked(parseSignerKey(source.key.trim()), source, 'LIUTONG_LEDGER_KEY');
  const file = ledgerKeyFile(source);
  if (!file) return parseSignerKey(generateSignerKey(source.origin, keyType));
  try {
    return checked(parseSignerKey(readFileSync(file, 'utf8').trim()), source, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeKeyFile(file, generateSignerKey(source.origin, keyType)); // another process may have won: read theirs
  return checked(parseSignerKey(readFileSync(file, 'utf8').trim()), source, file);
}

/**
 * Creates the key file whole or not at all: written to a temporary name, then linked into place, which fails
 * when the file exists. A crash leaves no empty key file behind, and a concurrent reader never sees half a key.
 * Returns false when another process created it first.
 */
function writeKeyFile(file: string, text: string): boolean {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${text}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Replaces the key file with a fresh key of the suite's type. The old key file is kept beside it, renamed
 * `<file>.<key id>.retired` (mode 0600), so it can be archived or destroyed by the operator; its verifier key
 * stays in the log's key history, so checkpoints it signed stay verifiable. Returns the new verifier key.
 */
export function rotateLedgerKey(source: LedgerKeySource): {
  file: string;
  retired?: string;
  verifierKey: string;
} {
  const file = ledgerKeyFile(source);
  if (!file) throw new LedgerKeyError('the key is configured in LIUTONG_LEDGER_KEY: rotate it there');
  let retired: string | undefined;
  try {
    const old = parseSignerKey(readFileSync(file, 'utf8').trim());
    retired = `${file}.${old.id.toString('hex')}.retired`;
    renameSync(file, retired);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const text = generateSignerKey(source.origin, SUITES[source.suite].keyType);
  if (!writeKeyFile(file, text)) throw new LedgerKeyError(`${file} appeared while rotating: try again`);
  return { file, ...(retired && { retired }), verifierKey: parseSignerKey(text).encoded };
}
