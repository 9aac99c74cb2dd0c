// The store keeps concurrent transactions apart: on PGlite (one connection) they are serialized,
// on a PostgreSQL server they run in parallel; either way no committed write is lost and no rollback leaks.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/platform/db.ts';
import { sharedDatabase } from '../server/src/testing/index.ts';

let db: Database;
const table = `public.test_counter_${process.pid}_${Math.floor(Math.random() * 1e6)}`;

beforeAll(async () => {
  db = await sharedDatabase();
  await sql.raw(`create table ${table} (id int primary key, n int not null)`).execute(db.kysely);
  await sql.raw(`insert into ${table} values (1, 0)`).execute(db.kysely);
});
afterAll(async () => {
  await sql.raw(`drop table if exists ${table}`).execute(db.kysely);
});

describe('concurrent transactions', () => {
  it('50 concurrent read-modify-write transactions lose no update', async () => {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        db.kysely.transaction().execute(async (tx) => {
          const { rows } = await sql<{
            n: number;
          }>`select n from ${sql.raw(table)} where id = 1 for update`.execute(tx);
          await new Promise((resolve) => setImmediate(resolve));
          await sql`update ${sql.raw(table)} set n = ${rows[0]!.n + 1} where id = 1`.execute(tx);
        }),
      ),
    );
    const { rows } = await sql<{ n: number }>`select n from ${sql.raw(table)} where id = 1`.execute(
      db.kysely,
    );
    expect(rows[0]!.n).toBe(50);
  });

  it('a failed transaction leaves nothing, while its neighbours commit', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        db.kysely.transaction().execute(async (tx) => {
          await sql`update ${sql.raw(table)} set n = n + 1000 where id = 1`.execute(tx);
          if (i % 2) throw new Error('crash before commit');
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    const { rows } = await sql<{ n: number }>`select n from ${sql.raw(table)} where id = 1`.execute(
      db.kysely,
    );
    expect(rows[0]!.n).toBe(50 + 10 * 1000);
  });

  it('a transaction does not see another one’s uncommitted work', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writer = db.kysely.transaction().execute(async (tx) => {
      await sql`update ${sql.raw(table)} set n = -1 where id = 1`.execute(tx);
      await held;
      throw new Error('roll back');
    });
    // On PGlite this read waits for the writer (one connection); on a server it reads the committed value.
    const reader = db.kysely.transaction().execute(async (tx) => {
      const { rows } = await sql<{ n: number }>`select n from ${sql.raw(table)} where id = 1`.execute(tx);
      return rows[0]!.n;
    });
    release();
    await expect(writer).rejects.toThrow('roll back');
    expect(await reader).toBe(50 + 10 * 1000);
  });
});
