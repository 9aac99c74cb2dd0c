// Public surface of the ledger module (上链存证): the RFC 9162 Merkle core, C2SP signed notes and checkpoints,
// keys and crypto suites, the sequencer service, the public API and the offline verifiers.
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
  generateSignerKey,
  SM2_USER_ID,
  type KeyType,
  type Checkpoint,
  type NoteSigner,
  type NoteVerifier,
} from './note.ts';
export { ledgerCommand } from './ledger.cli.ts';
export { auditLog, AuditFailure, RootAccumulator, type AuditReport } from './ledger.audit.ts';
export { ledgerMigrations } from './ledger.tables.ts';
export { ledgerRoutes } from './ledger.routes.ts';
export { canonicalJson, INTEGRATE_BATCH, type LedgerService } from './ledger.service.ts';
export {
  LedgerKeyError,
  rotateLedgerKey,
  SUITES,
  type CryptoSuite,
  type LedgerKeySource,
} from './ledger.keys.ts';

import type { Kysely } from 'kysely';
import { loadLedgerSigner, SUITES, type LedgerKeySource } from './ledger.keys.ts';
import { treeHasher } from './merkle.ts';
import { LedgerRepository } from './ledger.repository.ts';
import { createLedgerService } from './ledger.service.ts';

export function createLedgerModule(db: Kysely<any>, keys: LedgerKeySource) {
  const repo = new LedgerRepository(db);
  const signer = loadLedgerSigner(keys);
  const service = createLedgerService(repo, {
    suite: keys.suite,
    hasher: treeHasher(SUITES[keys.suite].hash),
    signer,
    origin: keys.origin,
  });
  return { repo, service };
}
export type LedgerModule = ReturnType<typeof createLedgerModule>;
