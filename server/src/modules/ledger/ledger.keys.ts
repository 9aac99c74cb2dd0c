// The checkpoint signing key: from LIUTONG_LEDGER_KEY, a key file, or created once in the data directory.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeSignerKey, parseSignerKey, signerFromSeed, type NoteSigner } from './note.ts';

export interface LedgerKeySource {
  origin: string;
  /** The signer key text itself (`PRIVATE+KEY+…`). */
  key?: string | undefined;
  /** A file holding the signer key text. */
  keyFile?: string | undefined;
  /** The embedded store's directory; `memory://` means an ephemeral key. */
  dataDir: string;
}

/**
 * Loads the signer. Without a configured key, the first start writes `ledger.key` (mode 0600) into the data
 * directory and later starts read it; processes sharing a PostgreSQL server must share one key (ADR 0007).
 */
export function loadLedgerSigner(source: LedgerKeySource): NoteSigner {
  if (source.key) return parseSignerKey(source.key.trim());
  const file =
    source.keyFile ??
    (source.dataDir.startsWith('memory://') ? undefined : path.join(source.dataDir, 'ledger.key'));
  if (!file) return signerFromSeed(source.origin, randomBytes(32));
  try {
    return parseSignerKey(readFileSync(file, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    writeFileSync(file, `${encodeSignerKey(source.origin, randomBytes(32))}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process wrote it first
  }
  return parseSignerKey(readFileSync(file, 'utf8').trim());
}
