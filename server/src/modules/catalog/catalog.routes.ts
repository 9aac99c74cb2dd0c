// HTTP routes of the catalog: for now the administrative divisions every form picks from.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findRegion, regionChildren, regionPath } from '../../platform/codes/region.ts';
import { notFound } from '../../platform/errors.ts';

const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Union([
    Type.Literal('province'),
    Type.Literal('city'),
    Type.Literal('county'),
    Type.Literal('township'),
  ]),
  parentCode: Type.Union([Type.String(), Type.Null()]),
});
const RegionCodeParam = Type.Object(
  { code: Type.String({ pattern: '^\\d{6}(\\d{3})?$' }) },
  { additionalProperties: false },
);

export async function catalogRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/regions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Administrative divisions (GB/T 2260): provinces, or the children of `parent`',
        querystring: Type.Object(
          { parent: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Region) },
      },
    },
    async (req) => regionChildren(req.query.parent ?? null),
  );
  app.get(
    '/regions/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'One division with the chain above it',
        params: RegionCodeParam,
        response: { 200: Type.Object({ region: Region, path: Type.Array(Region) }) },
      },
    },
    async (req) => {
      const region = findRegion(req.params.code);
      if (!region) throw notFound('The region', 'REGION_NOT_FOUND');
      return { region, path: regionPath(region.code) };
    },
  );
}
