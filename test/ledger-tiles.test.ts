// C2SP tlog-tiles: an auditor mirrors the log from hash tiles and entry bundles alone, and gets the signed root.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import {
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  rangeHashes,
  treeHasher,
  type TreeHasher,
} from '../server/src/modules/ledger/index.ts';
import { splitPoint } from '../server/src/modules/ledger/merkle.ts';
import { parseTilePath, tilePath, type TileAddress } from '../server/src/modules/ledger/ledger.tiles.ts';
import { recordChange } from '../server/src/platform/audit.ts';
import { systemContext } from '../server/src/platform/context.ts';
import { problemOf, testApp } from '../server/src/testing/index.ts';

const TESSERA = path.resolve(import.meta.dirname, '../server/src/modules/ledger/testdata/tessera');
const TILE = '/api/v1/ledger/tile/';
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Fetches a resource below `tile/`; undefined when it is not there. */
type Fetch = (tilePath: string) => Promise<Buffer | undefined>;

/** Splits an entry bundle into its entries: each a big-endian uint16 length and that many bytes. */
function entriesOf(bundle: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < bundle.length) {
    expect(at + 2).toBeLessThanOrEqual(bundle.length);
    const n = bundle.readUInt16BE(at);
    expect(at + 2 + n).toBeLessThanOrEqual(bundle.length);
    out.push(bundle.subarray(at + 2, at + 2 + n));
    at += 2 + n;
  }
  return out;
}

const hashesOf = (tile: Buffer) => {
  expect(tile.length % 32).toBe(0);
  return Array.from(
    { length: tile.length / 32 },
    (_, i) => new Uint8Array(tile.subarray(i * 32, i * 32 + 32)),
  );
};

/** The tiles of a tree of `size` entries, level by level, as an auditor downloads them: full tiles, then the partial one. */
function tilesOf(size: number) {
  const out: (TileAddress & { level: number })[] = [];
  for (let level = 0; Math.floor(size / 256 ** level) > 0; level++) {
    const count = Math.floor(size / 256 ** level);
    for (let index = 0; index * 256 < count; index++)
      out.push({ level, index, width: Math.min(256, count - index * 256) });
  }
  return out;
}

/**
 * What an auditor does with the tiles of a tree of `size` entries: checks each entry bundle against the leaf
 * hashes of its level-0 tile, each hash of a higher tile against the full tile below it, and rebuilds the root
 * from the tiles alone (hashes below a tile's level computed from the level under them).
 */
async function mirror(fetch: Fetch, size: number, hasher: TreeHasher) {
  const rows: Uint8Array[][] = []; // rows[L]: the hashes at tree level 8L
  for (const t of tilesOf(size)) {
    const tile = await fetch(tilePath(t));
    expect(tile, tilePath(t)).toBeDefined();
    const hashes = hashesOf(tile!);
    expect(hashes, tilePath(t)).toHaveLength(t.width);
    (rows[t.level] ??= []).push(...hashes);
  }
  const entries: Buffer[] = [];
  for (const t of tilesOf(size).filter((t) => t.level === 0)) {
    const address = { ...t, level: 'entries' as const };
    const bundle = await fetch(tilePath(address));
    expect(bundle, tilePath(address)).toBeDefined();
    const got = entriesOf(bundle!);
    expect(got, tilePath(address)).toHaveLength(t.width);
    got.forEach((e, i) => expect(hex(hasher.hashLeaf(e))).toBe(hex(rows[0]![t.index * 256 + i]!)));
    entries.push(...got);
  }
  // Every hash at level 8(L+1) is the tree hash of the 256 hashes at level 8L under it.
  for (let level = 1; level < rows.length; level++) {
    const below = rangeHashes(hasher, rows[level - 1]!);
    rows[level]!.forEach((h, i) => expect(hex(below(i * 256, i * 256 + 256))).toBe(hex(h)));
  }
  const node = (height: number, index: number): Uint8Array =>
    height % 8 === 0
      ? rows[height / 8]![index]!
      : hasher.hashChildren(node(height - 1, 2 * index), node(height - 1, 2 * index + 1));
  const range = (start: number, end: number): Uint8Array => {
    const n = end - start;
    if (n === 0) return hasher.emptyRoot();
    if ((n & (n - 1)) === 0 && start % n === 0) return node(Math.log2(n), start / n);
    const k = splitPoint(n);
    return hasher.hashChildren(range(start, start + k), range(start + k, end));
  };
  return { root: range(0, size), entries, rows };
}

describe('tile paths', () => {
  it('encodes the index in 3-digit groups, all but the last prefixed with x', () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('0/x001/x234/067');
    expect(tilePath({ level: 2, index: 0, width: 1 })).toBe('2/000.p/1');
    expect(tilePath({ level: 'entries', index: 1000, width: 255 })).toBe('entries/x001/000.p/255');
    expect(parseTilePath('0', 'x001/x234/067.p/8')).toEqual({ level: 0, index: 1234067, width: 8 });
    expect(parseTilePath('entries', '000')).toEqual({ level: 'entries', index: 0, width: 256 });
  });

  it('reads back every path it writes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 63 }), fc.constant('entries' as const)),
        fc.oneof(fc.nat(1000), fc.maxSafeNat()),
        fc.integer({ min: 1, max: 256 }),
        (level, index, width) => {
          const p = tilePath({ level, index, width });
          const slash = p.indexOf('/');
          expect(parseTilePath(p.slice(0, slash), p.slice(slash + 1))).toEqual({ level, index, width });
        },
      ),
    );
  });
});

describe('the tessera test log (a reference tlog-tiles log)', () => {
  const words = 'one two three four five six seven eit nain ten ileven twelf threeten fourten fivten'.split(
    ' ',
  );
  const sha256 = treeHasher('sha256');
  const key = parseVerifierKey(
    'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx',
  );
  const fromFiles: Fetch = async (p) => {
    try {
      return readFileSync(path.join(TESSERA, 'tile', p));
    } catch {
      return undefined;
    }
  };

  it('mirrors to the signed root of every checkpoint, with the same reading of tiles used for ours', async () => {
    for (let size = 1; size <= 15; size++) {
      const cp = parseCheckpoint(
        openNote(readFileSync(path.join(TESSERA, `checkpoint.${size}`), 'utf8'), [key]).text,
      );
      expect(cp.size).toBe(size);
      const m = await mirror(fromFiles, size, sha256);
      expect(m.entries.map(String)).toEqual(words.slice(0, size));
      expect(hex(m.root)).toBe(hex(cp.root));
    }
  });
});

describe('tile endpoints', () => {
  let lt: Liutong;
  let hasher: TreeHasher;
  let earlier: { size: number; root: Uint8Array };
  const get = (url: string) => lt.app.inject({ method: 'GET', url });
  const fromServer: Fetch = async (p) => {
    const res = await get(TILE + p);
    if (res.statusCode === 404) return undefined;
    expect(res.statusCode, `${p}: ${res.body.slice(0, 200)}`).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    return res.rawPayload;
  };

  async function checkpoint() {
    const res = await get('/api/v1/ledger/checkpoint');
    const key = parseVerifierKey((await get('/api/v1/ledger/public-key')).json().verifierKey);
    return parseCheckpoint(openNote(res.body, [key]).text);
  }

  /** Commits `n` outbox events (as any change would) and integrates everything pending. */
  async function grow(n: number) {
    await lt.database.kysely.transaction().execute(async (tx) => {
      for (let i = 0; i < n; i++)
        await recordChange(tx, systemContext(`tiles-${i}`), {
          action: 'test.tiles.filled',
          targetType: 'test',
          targetId: String(i),
          details: { i },
        });
    });
    while ((await lt.ledger.service.integrate()).integrated > 0);
    return checkpoint();
  }

  beforeAll(async () => {
    lt = await testApp();
    hasher = treeHasher(lt.ledger.service.algorithm);
    // Past one full tile, so that the log has full and partial level-0 tiles and a level-1 tile.
    const start = (await grow(0)).size;
    earlier = await grow(Math.max(1, 300 - start));
    const cp = await grow(Math.max(17, 530 - earlier.size) + (earlier.size % 256 === 0 ? 1 : 0));
    expect(cp.size).toBeGreaterThan(512);
  });
  afterAll(() => lt.close());

  it('lets an auditor rebuild the signed root from the tiles and entry bundles alone', async () => {
    const cp = await checkpoint();
    const m = await mirror(fromServer, cp.size, hasher);
    expect(m.rows.length).toBeGreaterThanOrEqual(2); // a level-1 tile took part
    expect(hex(m.root)).toBe(hex(cp.root));
    expect(
      hex(
        rangeHashes(
          hasher,
          m.entries.map((e) => hasher.hashLeaf(e)),
        )(0, cp.size),
      ),
    ).toBe(hex(cp.root));
    // The bundles hold the entries the JSON API serves, byte for byte.
    const last = (await get(`/api/v1/ledger/entries/${cp.size - 1}`)).json();
    expect(m.entries[cp.size - 1]!.toString('utf8')).toBe(last.body);
  });

  it('still serves the partial tiles of an earlier checkpoint, as prefixes of the newer tiles', async () => {
    const cp = await checkpoint();
    expect(cp.size).toBeGreaterThan(earlier.size);
    const m = await mirror(fromServer, earlier.size, hasher);
    expect(hex(m.root)).toBe(hex(earlier.root));
    const now = await mirror(fromServer, cp.size, hasher);
    m.rows.forEach((row, level) =>
      expect(row.map(hex)).toEqual(now.rows[level]!.slice(0, row.length).map(hex)),
    );
  });

  it('marks full tiles immutable and partial ones short-lived', async () => {
    const full = await get(`${TILE}0/000`);
    expect(full.statusCode).toBe(200);
    expect(full.rawPayload).toHaveLength(256 * 32);
    expect(full.headers['cache-control']).toMatch(/immutable/);
    const partial = await get(`${TILE}entries/000.p/3`);
    expect(partial.statusCode).toBe(200);
    expect(entriesOf(partial.rawPayload)).toHaveLength(3);
    expect(partial.headers['cache-control']).not.toMatch(/immutable/);
    expect(partial.headers['cache-control']).toMatch(/max-age=\d+/);
  });

  it('answers 404 LEDGER_TILE_NOT_FOUND for tiles beyond the latest checkpoint', async () => {
    const { size } = await checkpoint();
    const level0 = size % 256;
    const level1 = Math.floor(size / 256) % 256;
    const beyond = [
      tilePath({ level: 0, index: Math.floor(size / 256) + 1, width: 1 }),
      tilePath({ level: 'entries', index: Math.floor(size / 256) + 1, width: 256 }),
      tilePath({ level: 1, index: 0, width: 256 }), // a full level-1 tile needs 65,536 entries
      tilePath({ level: 1, index: 0, width: level1 + 1 }),
      tilePath({ level: 2, index: 0, width: 1 }),
      '63/000.p/1',
      '0/x999/x999/x999/x999/x999/x999/999',
    ];
    if (level0 > 0)
      beyond.push(
        tilePath({ level: 0, index: Math.floor(size / 256), width: 256 }),
        tilePath({ level: 0, index: Math.floor(size / 256), width: level0 + 1 }),
        tilePath({ level: 'entries', index: Math.floor(size / 256), width: level0 + 1 }),
      );
    for (const p of beyond) {
      const res = await get(TILE + p);
      expect(res.statusCode, p).toBe(404);
      expect(problemOf(res).code, p).toBe('LEDGER_TILE_NOT_FOUND');
    }
  });

  it.each([
    '64/000',
    '01/000',
    '-1/000',
    'a/000',
    '0x1/000',
    '0/1',
    '0/0000',
    '0/x000/001',
    '0/x001',
    '0/001/',
    '0/x001/',
    '0/000.p/0',
    '0/000.p/256',
    '0/000.p/07',
    '0/000.p/',
    '0/000.p/5/6',
    '0/000.P/5',
    '0/000.p5',
    'entries/abc',
    'entries/000.p/300',
    'entries/x000/000',
    'entries/0/000',
  ])('refuses the malformed path tile/%s with 400 LEDGER_TILE_PATH_INVALID', async (p) => {
    const res = await get(TILE + p);
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).code).toBe('LEDGER_TILE_PATH_INVALID');
  });

  it.each(['', '0', '0/', 'entries', 'entries/', '0/%00', '0/%E4%B8%AD'])(
    'answers tile/%s with a 4xx problem, never a server error',
    async (p) => {
      const res = await get(TILE + p);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(problemOf(res).code).toMatch(/^[A-Z_]+$/);
    },
  );
});
