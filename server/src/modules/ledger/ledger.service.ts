// The evidence ledger: integrates outbox events into the Merkle log, signs checkpoints, serves entries and proofs.
import { createHash } from 'node:crypto';
import { markEventsPublished, pendingEvents } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { consistencyProof, inclusionProof, splitPoint, type RangeHash, type TreeHasher } from './merkle.ts';
import { formatCheckpoint, signNote, type NoteSigner } from './note.ts';
import type { LedgerRepository, NodeKey } from './ledger.repository.ts';
import type { CryptoSuite } from './ledger.keys.ts';

export interface LedgerOptions {
  suite: CryptoSuite;
  hasher: TreeHasher;
  signer: NoteSigner;
  /** The checkpoint origin line, naming this log. */
  origin: string;
}

/** JSON with object keys sorted at every depth, so that equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const isPerfect = (start: number, end: number) => {
  const n = end - start;
  return n > 0 && Number.isInteger(Math.log2(n)) && start % n === 0;
};
// Only for perfect ranges: 2^level leaves starting at a multiple of 2^level.
const nodeKey = (start: number, end: number): NodeKey => ({
  level: Math.log2(end - start),
  idx: start / (end - start),
});

const badRequest = (code: string, message: string) => new AppError('validation', code, message);

/** Events per sequencer transaction: large batches amortize the commit (see `npm run bench`). */
export const INTEGRATE_BATCH = 10_000;

export function createLedgerService(repo: LedgerRepository, options: LedgerOptions) {
  const { hasher, signer, origin } = options;
  const suiteHash = (text: string) => createHash(hasher.algorithm).update(text).digest('hex');

  /**
   * Runs a proof computation over stored subtree hashes: a first pass records which perfect subtrees the
   * RFC 9162 recursion asks for, one query fetches them, and the second pass computes with them.
   */
  async function withStoredRanges<T>(compute: (range: RangeHash) => T): Promise<T> {
    const needed = new Map<string, NodeKey>();
    const collect: RangeHash = (start, end) => {
      const visit = (s: number, e: number) => {
        if (e - s <= 0) return;
        if (isPerfect(s, e)) {
          const k = nodeKey(s, e);
          needed.set(`${k.level}:${k.idx}`, k);
          return;
        }
        const k = splitPoint(e - s);
        visit(s, s + k);
        visit(s + k, e);
      };
      visit(start, end);
      return new Uint8Array(hasher.size);
    };
    compute(collect);
    const stored = await repo.nodes([...needed.values()]);
    const range: RangeHash = (start, end) => {
      if (end - start === 0) return hasher.emptyRoot();
      if (isPerfect(start, end)) {
        const k = nodeKey(start, end);
        const hash = stored.get(`${k.level}:${k.idx}`);
        if (!hash)
          throw new AppError('internal', 'LEDGER_NODE_MISSING', `subtree ${k.level}:${k.idx} is not stored`);
        return hash;
      }
      const k = splitPoint(end - start);
      return hasher.hashChildren(range(start, start + k), range(start + k, end));
    };
    return compute(range);
  }

  async function signCheckpoint(
    tx: Parameters<LedgerRepository['insertCheckpoint']>[0],
    size: number,
    root: Uint8Array,
  ) {
    const note = signNote(formatCheckpoint({ origin, size, root, extensions: [] }), signer);
    await repo.insertCheckpoint(tx, size, root, note, signer.encoded);
    return note;
  }

  return {
    origin,
    suite: options.suite,
    verifierKey: signer.encoded,
    algorithm: hasher.algorithm,

    /**
     * Binds the log to its crypto suite at first start and refuses another one later (a log's tree hash cannot
     * change), then records the signing key in the key history.
     */
    async prepare(): Promise<void> {
      const bound = await repo.bindSuite(options.suite);
      if (bound !== options.suite)
        throw new AppError(
          'conflict',
          'LEDGER_SUITE_MISMATCH',
          `this ledger was created with LIUTONG_CRYPTO_SUITE=${bound}; it cannot be opened as ${options.suite}`,
        );
      await repo.registerKey(signer.encoded, signer.type);
    },

    /** Every key that has signed checkpoints, oldest first, with the log size each started at. */
    async keys() {
      const rows = await repo.keys();
      return rows.map((r, i) => ({
        verifierKey: r.verifier_key,
        type: r.key_type,
        fromSize: Number(r.first_size),
        current: r.verifier_key === signer.encoded,
        ...(rows[i + 1] && { untilSize: Number(rows[i + 1]!.first_size) }),
      }));
    },

    /**
     * Appends pending outbox events to the log in one transaction: entries, subtree hashes, the events marked
     * as integrated, and a signed checkpoint commit together or not at all. One sequencer runs at a time.
     */
    async integrate(maxEvents = INTEGRATE_BATCH): Promise<{ integrated: number; size: number }> {
      return repo.transaction(async (tx) => {
        await repo.lockSequencer(tx);
        let size = await repo.size(tx);
        const events = await pendingEvents(tx, maxEvents);
        if (!events.length) return { integrated: 0, size };
        // The left siblings still waiting for a right one: one per set bit of the size.
        const waiting = new Map<number, Uint8Array>();
        const frontier: NodeKey[] = [];
        for (let level = 0; 2 ** level <= size; level++) {
          if (Math.floor(size / 2 ** level) % 2 === 1)
            frontier.push({ level, idx: Math.floor(size / 2 ** level) - 1 });
        }
        const stored = await repo.nodes(frontier, tx);
        for (const k of frontier) waiting.set(k.level, stored.get(`${k.level}:${k.idx}`)!);

        const entries: { idx: number; eventId: string; body: string; leafHash: Uint8Array }[] = [];
        const nodes: { level: number; idx: number; hash: Uint8Array }[] = [];
        for (const e of events) {
          const body = canonicalJson({
            v: 1,
            eventId: String(e.id),
            type: e.topic,
            subject: { type: e.aggregate_type, id: e.aggregate_id },
            actorOrg: e.actor_org_id,
            at: new Date(e.created_at).toISOString(),
            // The event's content is recorded by its hash only: no personal data in clear on the ledger.
            contentHash: suiteHash(canonicalJson(e.payload)),
          });
          let hash = hasher.hashLeaf(Buffer.from(body));
          entries.push({ idx: size, eventId: String(e.id), body, leafHash: hash });
          let level = 0;
          let idx = size;
          nodes.push({ level, idx, hash });
          while (idx % 2 === 1) {
            hash = hasher.hashChildren(waiting.get(level)!, hash);
            waiting.delete(level);
            level++;
            idx = (idx - 1) / 2;
            nodes.push({ level, idx, hash });
          }
          waiting.set(level, hash);
          size++;
        }
        let root: Uint8Array | undefined;
        for (const level of [...waiting.keys()].sort((a, b) => a - b)) {
          const h = waiting.get(level)!;
          root = root ? hasher.hashChildren(h, root) : h;
        }
        await repo.insertEntries(tx, entries);
        await repo.insertNodes(tx, nodes);
        await markEventsPublished(
          tx,
          events.map((e) => String(e.id)),
        );
        await signCheckpoint(tx, size, root!);
        return { integrated: events.length, size };
      });
    },

    /** The latest signed checkpoint; an empty log gets one for size 0. */
    async checkpoint(): Promise<{ size: number; root: string; note: string }> {
      let latest = await repo.latestCheckpoint();
      if (!latest) {
        await repo.transaction((tx) => signCheckpoint(tx, 0, hasher.emptyRoot()));
        latest = (await repo.latestCheckpoint())!;
      }
      return { size: Number(latest.size), root: hex(latest.root), note: latest.note };
    },

    async entries(start: number, end: number) {
      const size = await repo.size();
      if (start >= size && !(start === 0 && size === 0))
        throw badRequest('LEDGER_INDEX_OUT_OF_RANGE', `the log has ${size} entries`);
      const rows = await repo.entries(start, Math.min(end, size));
      return rows.map((r) => ({
        index: Number(r.idx),
        body: r.body,
        leafHash: hex(r.leaf_hash),
        integratedAt: new Date(r.integrated_at).toISOString(),
      }));
    },

    async inclusionProof(index: number, treeSize: number) {
      const size = await repo.size();
      if (treeSize > size) throw badRequest('LEDGER_SIZE_UNKNOWN', `the log has ${size} entries`);
      if (index >= treeSize)
        throw badRequest('LEDGER_INDEX_OUT_OF_RANGE', `index ${index} is not below tree size ${treeSize}`);
      return withStoredRanges((range) => ({
        index,
        treeSize,
        leafHash: hex(range(index, index + 1)),
        rootHash: hex(range(0, treeSize)),
        proof: inclusionProof(index, treeSize, range).map(hex),
      }));
    },

    /** Signs a document (note text ending in a newline) with the platform key, as a C2SP signed note. */
    signDocument(text: string): string {
      return signNote(text, signer);
    },

    /**
     * Where an outbox event sits in the log, with an inclusion proof against the latest signed checkpoint;
     * undefined until the sequencer has integrated it.
     */
    async proveEvent(eventId: string) {
      const entry = await repo.entryByEvent(eventId);
      if (!entry) return undefined;
      const latest = await repo.latestCheckpoint();
      if (!latest || Number(latest.size) <= Number(entry.idx)) return undefined;
      const index = Number(entry.idx);
      const treeSize = Number(latest.size);
      const proof = await withStoredRanges((range) => inclusionProof(index, treeSize, range).map(hex));
      return {
        index,
        entry: entry.body,
        leafHash: hex(entry.leaf_hash),
        treeSize,
        proof,
        checkpoint: latest.note,
      };
    },

    async consistencyProof(from: number, to: number) {
      const size = await repo.size();
      if (from === 0)
        throw badRequest('LEDGER_SIZE_ZERO', 'a consistency proof from the empty tree is meaningless');
      if (from > to) throw badRequest('LEDGER_SIZES_REVERSED', '`from` must not exceed `to`');
      if (to > size) throw badRequest('LEDGER_SIZE_UNKNOWN', `the log has ${size} entries`);
      return withStoredRanges((range) => ({
        from,
        to,
        fromRoot: hex(range(0, from)),
        toRoot: hex(range(0, to)),
        proof: consistencyProof(from, to, range).map(hex),
      }));
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
