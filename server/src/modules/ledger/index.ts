// Public surface of the ledger module (上链存证): for now the RFC 9162 Merkle core, C2SP signed notes and
// checkpoints, and the offline verifiers; storage, the sequencer and the public API follow.
export {
  consistencyProof,
  inclusionProof,
  rangeHashes,
  treeHasher,
  verifyConsistency,
  verifyInclusion,
  type RangeHash,
  type TreeHasher,
} from './merkle.ts';
export {
  formatCheckpoint,
  NoteError,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signerFromSeed,
  signNote,
  encodeSignerKey,
  type Checkpoint,
  type NoteSigner,
  type NoteVerifier,
} from './note.ts';
export { ledgerCommand } from './ledger.cli.ts';
export { ledgerMigrations } from './ledger.tables.ts';
export { ledgerRoutes } from './ledger.routes.ts';
export { canonicalJson, type LedgerService } from './ledger.service.ts';

import type { Kysely } from 'kysely';
import { loadLedgerSigner, type LedgerKeySource } from './ledger.keys.ts';
import { treeHasher } from './merkle.ts';
import { LedgerRepository } from './ledger.repository.ts';
import { createLedgerService } from './ledger.service.ts';

export function createLedgerModule(db: Kysely<any>, keys: LedgerKeySource) {
  const repo = new LedgerRepository(db);
  const signer = loadLedgerSigner(keys);
  const service = createLedgerService(repo, {
    hasher: treeHasher('sha256'),
    signer,
    origin: keys.origin,
  });
  return { repo, service };
}
export type LedgerModule = ReturnType<typeof createLedgerModule>;
