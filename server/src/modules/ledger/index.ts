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
  type Checkpoint,
  type NoteSigner,
  type NoteVerifier,
} from './note.ts';
export { ledgerCommand } from './ledger.cli.ts';
