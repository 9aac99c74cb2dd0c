// C2SP tlog-tiles read API (https://c2sp.org/tlog-tiles): the Merkle tree served as tiles of 256 hashes and the
// entries as bundles, static resources that an auditor can mirror and cache, and from which it computes any root
// or proof itself. The checkpoint is GET /ledger/checkpoint, beside them.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { LedgerRepository } from './ledger.repository.ts';

/** Levels of the tree per tile; a full tile holds 2^8 = 256 hashes (or an entry bundle 256 entries). */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;
const MAX_LEVEL = 63;

/** A tile (`level` 0..63) or an entry bundle (`level` 'entries'): its index in the level and its width (1..256). */
export interface TileAddress {
  level: number | 'entries';
  index: number;
  width: number;
}

const invalidPath = (message: string) => new AppError('validation', 'LEDGER_TILE_PATH_INVALID', message);
const notPublished = (what: string) =>
  new AppError('not_found', 'LEDGER_TILE_NOT_FOUND', `${what} is beyond the latest checkpoint`);

/** `<N>[.p/<W>]` of a tile path: N in 3-digit groups, all but the last prefixed with x, W in 1..255. */
const INDEX_PATH = /^((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/**
 * Reads the level and the `<N>[.p/<W>]` part of a tile path. Only the canonical spelling is accepted (no leading
 * zeros in L or W, no leading x000 group in N), so each resource has one URL. Throws LEDGER_TILE_PATH_INVALID for
 * a malformed path and LEDGER_TILE_NOT_FOUND for an index too large for any log.
 */
export function parseTilePath(level: string, rest: string): TileAddress {
  let lvl: number | 'entries' = 'entries';
  if (level !== 'entries') {
    if (!/^(0|[1-9][0-9]?)$/.test(level) || Number(level) > MAX_LEVEL)
      throw invalidPath(`the tile level must be 0 to ${MAX_LEVEL} in decimal without leading zeros`);
    lvl = Number(level);
  }
  const m = INDEX_PATH.exec(rest);
  if (!m)
    throw invalidPath(
      'the tile index must be 3-digit groups, all but the last prefixed with x, e.g. x001/x234/067',
    );
  const [, groups = '', last = '', w] = m;
  if (groups.startsWith('x000')) throw invalidPath('the tile index must not begin with a zero group (x000)');
  const width = w === undefined ? TILE_WIDTH : Number(w);
  if (w !== undefined && width >= TILE_WIDTH)
    throw invalidPath(`a partial tile's width must be 1 to ${TILE_WIDTH - 1}`);
  const index = Number(groups.replaceAll('x', '').replaceAll('/', '') + last);
  if (!Number.isSafeInteger(index)) throw notPublished(lvl === 'entries' ? 'The entry bundle' : 'The tile');
  return { level: lvl, index, width };
}

/** The path of a tile or entry bundle below `tile/`, e.g. `0/x001/x234/067.p/8` or `entries/000`. */
export function tilePath({ level, index, width }: TileAddress): string {
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = digits.match(/[0-9]{3}/g)!;
  const n = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return `${level}/${n}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** Is the tile part of the tree of `size` entries? Tile L/N covers the hashes at tree level 8L, N*256 onwards. */
function published({ level, index, width }: TileAddress, size: number): boolean {
  const available = level === 'entries' ? size : Math.floor(size / TILE_WIDTH ** level);
  return index * TILE_WIDTH + width <= available;
}

const broken = (message: string) => new AppError('internal', 'LEDGER_TILE_INCOMPLETE', message);

async function readHashTile(repo: LedgerRepository, level: number, index: number, width: number) {
  const first = index * TILE_WIDTH;
  const rows = await repo.nodeRow(TILE_HEIGHT * level, first, first + width);
  if (rows.length !== width || rows.some((r, i) => Number(r.idx) !== first + i))
    throw broken(`tile ${level}/${index} has ${rows.length} of its ${width} stored hashes`);
  return Buffer.concat(rows.map((r) => r.hash));
}

async function readEntryBundle(repo: LedgerRepository, index: number, width: number) {
  const first = index * TILE_WIDTH;
  const rows = await repo.entries(first, first + width);
  if (rows.length !== width || rows.some((r, i) => Number(r.idx) !== first + i))
    throw broken(`entry bundle ${index} has ${rows.length} of its ${width} entries`);
  const parts: Buffer[] = [];
  for (const r of rows) {
    const body = Buffer.from(r.body, 'utf8');
    if (body.length > 0xffff) throw broken(`entry ${String(r.idx)} is longer than an entry bundle allows`);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(body.length);
    parts.push(length, body);
  }
  return Buffer.concat(parts);
}

// Full tiles never change. A partial tile of a given width does not either, but the spec lets a log drop it once
// the full tile exists, so mirrors should not hold on to it for long.
const CACHE_FULL = 'public, max-age=31536000, immutable';
const CACHE_PARTIAL = 'public, max-age=3600';

const Binary = (description: string) => ({
  description,
  content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
});
const IndexPath = Type.String({
  description:
    '`<N>[.p/<W>]`: the tile index N in 3-digit groups, all but the last prefixed with `x` (1234067 is ' +
    '`x001/x234/067`); `.p/<W>` for a partial tile of W (1..255) hashes or entries',
});

// The handlers send bytes, which the TypeBox provider cannot type from a binary schema: params are typed here.
type IndexParams = { Params: { '*': string } };
type TileParams = { Params: { level: string; '*': string } };

export async function ledgerTileRoutes(app: FastifyInstance, { repo }: { repo: LedgerRepository }) {
  async function serve(address: TileAddress, reply: FastifyReply) {
    if (!published(address, await repo.publishedSize()))
      throw notPublished(address.level === 'entries' ? 'The entry bundle' : 'The tile');
    const body =
      address.level === 'entries'
        ? await readEntryBundle(repo, address.index, address.width)
        : await readHashTile(repo, address.level, address.index, address.width);
    return reply
      .type('application/octet-stream')
      .header('cache-control', address.width === TILE_WIDTH ? CACHE_FULL : CACHE_PARTIAL)
      .send(body);
  }

  app.get<IndexParams>(
    '/ledger/tile/entries/*',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ledger'],
        summary:
          'Entry bundle (C2SP tlog-tiles): up to 256 entries, each a big-endian uint16 length and the entry',
        params: Type.Object({ '*': IndexPath }),
        response: { 200: Binary('The entries N*256 onwards, each as uint16 length + canonical JSON body') },
      },
    },
    async (req, reply) => serve(parseTilePath('entries', req.params['*']), reply),
  );

  app.get<TileParams>(
    '/ledger/tile/:level/*',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'Hash tile (C2SP tlog-tiles): up to 256 consecutive 32-byte hashes at tree level 8*L',
        params: Type.Object({
          level: Type.String({ description: 'The tile level L, 0 to 63 (0: leaf hashes)' }),
          '*': IndexPath,
        }),
        response: { 200: Binary('The hashes of the perfect subtrees of 256^L entries, N*256 onwards') },
      },
    },
    async (req, reply) => serve(parseTilePath(req.params.level, req.params['*']), reply),
  );
}
