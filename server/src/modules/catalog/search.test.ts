// Bigram search: whatever part of a Chinese text a person types finds it; nothing typed breaks the query syntax.
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sharedDatabase } from '../../testing/index.ts';
import { documentVector, queryText, regionPrefix } from './search.ts';

const matches = async (doc: string, typed: string) => {
  const db = (await sharedDatabase()).kysely;
  const query = queryText(typed);
  if (query === undefined) return undefined;
  const r = await sql<{
    hit: boolean;
  }>`select ${documentVector({ title: '', body: [doc] })}::tsvector @@ ${query}::tsquery as hit`.execute(db);
  return r.rows[0]!.hit;
};

const HAN = [...'数据资源目录企业登记社会保险缴费公交客流气象站点呼和浩特市'];
const hanText = fc
  .array(fc.constantFrom(...HAN, ' ', '，'), { minLength: 1, maxLength: 30 })
  .map((a) => a.join(''));

describe('bigram search', () => {
  it('finds a document by any run of characters taken from it', async () => {
    await fc.assert(
      fc.asyncProperty(hanText, fc.nat(), fc.nat(), async (doc, i, j) => {
        const from = i % doc.length;
        const typed = doc.slice(from, from + 1 + (j % 6));
        const hit = await matches(doc, typed);
        if (hit !== undefined) expect(hit).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('does not find a document lacking a typed character pair', async () => {
    expect(await matches('企业登记信息', '登记')).toBe(true);
    expect(await matches('企业登记信息', '记登')).toBe(false);
    expect(await matches('企业登记信息', '企业 保险')).toBe(false);
    expect(await matches('Open Data 开放', 'dat')).toBe(true);
    expect(await matches('Open Data 开放', 'ata')).toBe(false);
  });

  it('turns anything typed into a valid query, or into nothing to search', async () => {
    const db = (await sharedDatabase()).kysely;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (typed) => {
        const query = queryText(typed);
        if (query === undefined) return;
        await sql`select ${documentVector({ title: typed, body: [typed], facets: ['~d:theme'] })}::tsvector @@ ${query}::tsquery`.execute(
          db,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('gives region prefixes that contain the divisions below', () => {
    expect(regionPrefix('150000')).toBe('15');
    expect(regionPrefix('150100')).toBe('1501');
    expect(regionPrefix('150102')).toBe('150102');
    expect(regionPrefix('150102001')).toBe('150102001');
  });
});
