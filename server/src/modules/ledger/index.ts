// Public surface of the ledger module (上链存证): for now the RFC 9162 Merkle core and its verifiers;
// storage, the sequencer, signed checkpoints and the public API follow.
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
export { ledgerCommand } from './ledger.cli.ts';
