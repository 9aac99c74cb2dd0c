// The ledger module's SQL: entries, subtree hashes and checkpoints in the `ledger` schema.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { LedgerTables } from './ledger.tables.ts';

type Db = Kysely<LedgerTables> | Transaction<LedgerTables>;

export interface NodeKey {
  level: number;
  idx: number;
}

export class LedgerRepository {
  readonly #db: Kysely<LedgerTables>;

  constructor(db: Kysely<any>) {
    this.#db = db as Kysely<LedgerTables>;
  }

  transaction<T>(work: (tx: Transaction<LedgerTables>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(work);
  }

  /** One sequencer at a time, across every process on the database. */
  async lockSequencer(tx: Db): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('liutong.ledger.sequencer'))`.execute(tx);
  }

  async size(tx: Db = this.#db): Promise<number> {
    const r = await tx
      .selectFrom('ledger.entries')
      .select((eb) => eb.fn.max('idx').as('last'))
      .executeTakeFirst();
    return r?.last === null || r?.last === undefined ? 0 : Number(r.last) + 1;
  }

  async insertEntries(tx: Db, rows: { idx: number; eventId: string; body: string; leafHash: Uint8Array }[]) {
    // 2000 rows of 4 parameters per statement: well under PostgreSQL's 65,535-parameter limit.
    for (let i = 0; i < rows.length; i += 2000) {
      await tx
        .insertInto('ledger.entries')
        .values(
          rows.slice(i, i + 2000).map((r) => ({
            idx: String(r.idx),
            event_id: r.eventId,
            body: r.body,
            leaf_hash: Buffer.from(r.leafHash),
          })),
        )
        .execute();
    }
  }

  async insertNodes(tx: Db, rows: { level: number; idx: number; hash: Uint8Array }[]) {
    for (let i = 0; i < rows.length; i += 2000) {
      await tx
        .insertInto('ledger.nodes')
        .values(
          rows
            .slice(i, i + 2000)
            .map((r) => ({ level: r.level, idx: String(r.idx), hash: Buffer.from(r.hash) })),
        )
        .execute();
    }
  }

  /** The stored hashes of the given perfect subtrees, keyed `level:idx`. */
  async nodes(keys: readonly NodeKey[], tx: Db = this.#db): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    if (!keys.length) return found;
    // Two array parameters whatever the number of keys: one index probe per key, no long OR to parse and plan.
    const { rows } = await sql<{ level: number; idx: string; hash: Uint8Array }>`
      select n.level, n.idx, n.hash
      from unnest(${keys.map((k) => k.level)}::int[], ${keys.map((k) => String(k.idx))}::bigint[]) as k(level, idx)
      join ledger.nodes n on n.level = k.level and n.idx = k.idx`.execute(tx);
    for (const r of rows) found.set(`${r.level}:${r.idx}`, new Uint8Array(r.hash));
    return found;
  }

  entries(start: number, end: number) {
    return this.#db
      .selectFrom('ledger.entries')
      .select(['idx', 'body', 'leaf_hash', 'integrated_at'])
      .where('idx', '>=', String(start))
      .where('idx', '<', String(end))
      .orderBy('idx')
      .execute();
  }

  /** The stored hashes of the perfect subtrees of 2^level leaves with indexes [start, end), in index order. */
  nodeRow(level: number, start: number, end: number) {
    return this.#db
      .selectFrom('ledger.nodes')
      .select(['idx', 'hash'])
      .where('level', '=', level)
      .where('idx', '>=', String(start))
      .where('idx', '<', String(end))
      .orderBy('idx')
      .execute();
  }

  /** The size of the latest signed checkpoint: what the log has published (0 before the first one). */
  async publishedSize(): Promise<number> {
    const row = await this.#db
      .selectFrom('ledger.checkpoints')
      .select((eb) => eb.fn.max('size').as('size'))
      .executeTakeFirst();
    return row?.size === null || row?.size === undefined ? 0 : Number(row.size);
  }

  entryByEvent(eventId: string) {
    return this.#db
      .selectFrom('ledger.entries')
      .select(['idx', 'body', 'leaf_hash'])
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  }

  insertCheckpoint(tx: Db, size: number, root: Uint8Array, note: string, signedBy: string) {
    return tx
      .insertInto('ledger.checkpoints')
      .values({ size: String(size), root: Buffer.from(root), note, signed_by: signedBy })
      .onConflict((oc) => oc.column('size').doNothing())
      .execute();
  }

  latestCheckpoint() {
    return this.#db
      .selectFrom('ledger.checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The suite the log was started with, recording `suite` when the log has none yet. */
  async bindSuite(suite: string): Promise<string> {
    await this.#db
      .insertInto('ledger.meta')
      .values({ suite })
      .onConflict((oc) => oc.column('singleton').doNothing())
      .execute();
    const row = await this.#db.selectFrom('ledger.meta').select('suite').executeTakeFirstOrThrow();
    return row.suite;
  }

  /** Adds a signing key to the key history (once), active from the current log size. */
  async registerKey(verifierKey: string, keyType: string): Promise<void> {
    await this.transaction(async (tx) => {
      await this.lockSequencer(tx);
      await tx
        .insertInto('ledger.keys')
        .values({ verifier_key: verifierKey, key_type: keyType, first_size: String(await this.size(tx)) })
        .onConflict((oc) => oc.column('verifier_key').doNothing())
        .execute();
    });
  }

  keys() {
    return this.#db
      .selectFrom('ledger.keys')
      .selectAll()
      .orderBy('registered_at')
      .orderBy('first_size')
      .execute();
  }
}
