// Public read API of the ledger: anyone may fetch the checkpoint, entries and proofs, and check them offline.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../platform/errors.ts';
import type { LedgerRepository } from './ledger.repository.ts';
import type { LedgerService } from './ledger.service.ts';
import { ledgerTileRoutes } from './ledger.tiles.ts';
import { strict } from '../../platform/schemas.ts';

const Count = (description: string) =>
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });
const Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Entry = Type.Object({
  index: Type.Integer(),
  body: Type.String(),
  leafHash: Hex,
  integratedAt: Type.String({ format: 'date-time' }),
});

export async function ledgerRoutes(
  root: FastifyInstance,
  { ledger, repo }: { ledger: LedgerService; repo: LedgerRepository },
) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(ledgerTileRoutes, { repo });

  app.get(
    '/ledger/checkpoint',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'The latest signed checkpoint (C2SP signed note: origin, size, base64 root, signature)',
        response: {
          200: { description: 'Signed note', content: { 'text/plain': { schema: Type.String() } } },
        },
      },
    },
    async (_req, reply) => reply.type('text/plain; charset=utf-8').send((await ledger.checkpoint()).note),
  );

  app.get(
    '/ledger/public-key',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ledger'],
        summary:
          'The key that signs checkpoints (a note verifier key), the crypto suite, and every earlier key',
        response: {
          200: Type.Object({
            origin: Type.String(),
            suite: Type.Union([Type.Literal('intl'), Type.Literal('gm')]),
            hash: Type.Union([Type.Literal('sha256'), Type.Literal('sm3')]),
            verifierKey: Type.String(),
            keys: Type.Array(
              Type.Object({
                verifierKey: Type.String(),
                type: Type.String({ description: 'ed25519 or sm2' }),
                fromSize: Type.Integer({ description: 'the log size when the key started signing' }),
                untilSize: Type.Optional(
                  Type.Integer({ description: 'the log size when the next key took over' }),
                ),
                current: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      origin: ledger.origin,
      suite: ledger.suite,
      hash: ledger.algorithm,
      verifierKey: ledger.verifierKey,
      keys: await ledger.keys(),
    }),
  );

  app.get(
    '/ledger/entries',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'Entries [start, end), at most 1000 at a time',
        querystring: Type.Object(
          { start: Count('first index'), end: Type.Optional(Count('index after the last')) },
          strict,
        ),
        response: { 200: Type.Array(Entry) },
      },
    },
    async (req) => {
      const end = Math.min(req.query.end ?? req.query.start + 100, req.query.start + 1000);
      return ledger.entries(req.query.start, end);
    },
  );

  app.get(
    '/ledger/entries/:index',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'One entry with its leaf hash',
        params: Type.Object({ index: Count('entry index') }, strict),
        response: { 200: Entry },
      },
    },
    async (req) => {
      const [entry] = await ledger.entries(req.params.index, req.params.index + 1);
      if (!entry) throw notFound('The entry', 'LEDGER_ENTRY_NOT_FOUND');
      return entry;
    },
  );

  app.get(
    '/ledger/proofs/inclusion',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'Inclusion proof (RFC 9162 audit path) of an entry in the tree of the given size',
        querystring: Type.Object({ index: Count('entry index'), treeSize: Count('tree size') }, strict),
        response: {
          200: Type.Object({
            index: Type.Integer(),
            treeSize: Type.Integer(),
            leafHash: Hex,
            rootHash: Hex,
            proof: Type.Array(Hex),
          }),
        },
      },
    },
    async (req) => ledger.inclusionProof(req.query.index, req.query.treeSize),
  );

  app.get(
    '/ledger/proofs/consistency',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ledger'],
        summary: 'Consistency proof (RFC 9162) between two tree sizes',
        querystring: Type.Object({ from: Count('earlier size'), to: Count('later size') }, strict),
        response: {
          200: Type.Object({
            from: Type.Integer(),
            to: Type.Integer(),
            fromRoot: Hex,
            toRoot: Hex,
            proof: Type.Array(Hex),
          }),
        },
      },
    },
    async (req) => ledger.consistencyProof(req.query.from, req.query.to),
  );
}
