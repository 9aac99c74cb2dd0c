// Tables of the ledger module (schema `ledger`): entries, perfect-subtree hashes, and signed checkpoints.
import { sql, type Generated, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export interface LedgerTables {
  'ledger.entries': {
    /** 0-based position in the log. */
    idx: string;
    /** The outbox event this entry records: each is in the log exactly once. */
    event_id: string;
    body: string;
    leaf_hash: Buffer;
    integrated_at: Generated<Date>;
  };
  /** Hash of the perfect subtree of 2^level leaves starting at leaf idx * 2^level (level 0: the leaves). */
  'ledger.nodes': {
    level: number;
    idx: string;
    hash: Buffer;
  };
  'ledger.checkpoints': {
    size: string;
    root: Buffer;
    note: string;
    /** The verifier key of the key that signed it (null for checkpoints from before key history). */
    signed_by: string | null;
    created_at: Generated<Date>;
  };
  /** Every key that has signed checkpoints, so that old checkpoints stay verifiable after a rotation. */
  'ledger.keys': {
    verifier_key: string;
    key_type: string;
    /** The log size when the key started signing. */
    first_size: string;
    registered_at: Generated<Date>;
  };
  /** The log's fixed parameters: one row, written at first start. */
  'ledger.meta': {
    singleton: Generated<boolean>;
    suite: string;
    created_at: Generated<Date>;
  };
}

export const ledgerMigrations: Record<string, Migration> = {
  '20261122T0130_ledger_init': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('ledger').ifNotExists().execute();
      const s = db.schema.withSchema('ledger');
      await s
        .createTable('entries')
        .addColumn('idx', 'bigint', (c) => c.primaryKey())
        .addColumn('event_id', 'bigint', (c) => c.notNull().unique())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('leaf_hash', 'bytea', (c) => c.notNull())
        .addColumn('integrated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s
        .createTable('nodes')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint('nodes_pk', ['level', 'idx'])
        .execute();
      await s
        .createTable('checkpoints')
        .addColumn('size', 'bigint', (c) => c.primaryKey())
        .addColumn('root', 'bytea', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '20261122T1400_ledger_keys_suite': {
    async up(db: Kysely<any>) {
      const s = db.schema.withSchema('ledger');
      await s.alterTable('checkpoints').addColumn('signed_by', 'text').execute();
      await s
        .createTable('keys')
        .addColumn('verifier_key', 'text', (c) => c.primaryKey())
        .addColumn('key_type', 'text', (c) => c.notNull())
        .addColumn('first_size', 'bigint', (c) => c.notNull())
        .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s
        .createTable('meta')
        .addColumn('singleton', 'boolean', (c) =>
          c
            .primaryKey()
            .defaultTo(true)
            .check(sql`singleton`),
        )
        .addColumn('suite', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
};
