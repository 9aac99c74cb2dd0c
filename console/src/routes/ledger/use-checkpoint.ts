// The latest checkpoint as this browser reads it: parsed from the signed note, its signature checked against the
// published keys, and the tree hash the log names.
import { useQuery } from '@tanstack/react-query';
import { keys, useLedgerCheckpoint, useLedgerPublicKey, type LedgerPublicKey } from '../../hooks/api';
import { hashAlgorithm, type HashAlgorithm } from '../../ledger/merkle';
import {
  checkNoteSignature,
  parseCheckpoint,
  parseSignedNote,
  parseVerifierKey,
  type Checkpoint,
  type SignatureCheck,
  type VerifierKey,
} from '../../ledger/note';

export interface CheckedCheckpoint {
  note: string;
  checkpoint: Checkpoint;
  /** The name the log gives its tree hash (undefined for none: SHA-256). */
  hashName: string | undefined;
  /** Undefined when the log names a hash this console does not know. */
  hash: HashAlgorithm | undefined;
  verifierKey: string;
  signature: SignatureCheck;
  /** The key whose signature line was checked. */
  signedBy: VerifierKey | undefined;
  /** Whether the checkpoint names the origin the key is published for. */
  originMatches: boolean;
}

async function checkCheckpoint(note: string, published: LedgerPublicKey): Promise<CheckedCheckpoint> {
  const signed = parseSignedNote(note);
  const checkpoint = parseCheckpoint(signed.text);
  const current = await parseVerifierKey(published.verifierKey);
  // After a key rotation the latest checkpoint may still carry an earlier key's signature.
  const earlier = await Promise.all(
    (published.keys ?? [])
      .filter((k) => k.verifierKey !== published.verifierKey)
      .map((k) => parseVerifierKey(k.verifierKey).catch(() => undefined)),
  );
  const results = await Promise.all(
    [current, ...earlier]
      .filter((k) => k !== undefined)
      .map(async (key) => ({ key, check: await checkNoteSignature(signed, key) })),
  );
  // A bad signature by a published key condemns the note, whatever else signed it.
  const decisive =
    results.find((r) => r.check === 'invalid') ??
    results.find((r) => r.check === 'valid') ??
    results.find((r) => r.check === 'unsupported');
  const hashName = published.hash ?? published.suite;
  return {
    note,
    checkpoint,
    hashName,
    hash: hashAlgorithm(hashName),
    verifierKey: published.verifierKey,
    signature: decisive?.check ?? 'unsigned',
    signedBy: decisive?.key,
    originMatches: checkpoint.origin === published.origin,
  };
}

export function useCheckedCheckpoint() {
  const note = useLedgerCheckpoint();
  const published = useLedgerPublicKey();
  const checked = useQuery({
    queryKey: keys.checkedCheckpoint(note.data ?? '', published.data?.verifierKey ?? ''),
    enabled: note.data !== undefined && published.data !== undefined,
    queryFn: () => checkCheckpoint(note.data!, published.data!),
    staleTime: Infinity,
    retry: false,
  });
  return {
    data: checked.data,
    error: note.error ?? published.error ?? checked.error,
    isFetching: note.isFetching || published.isFetching || checked.isFetching,
    refetch: () => Promise.all([note.refetch(), published.refetch()]),
  };
}
