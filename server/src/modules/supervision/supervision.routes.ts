// HTTP routes of supervision: the audit trail for regulators and administrators.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import { auditStats, queryAudit } from '../../platform/audit.ts';
import { Token, Timestamp } from '../../platform/schemas.ts';

const AuditRecord = Type.Object({
  id: Type.String(),
  at: Timestamp,
  requestId: Type.String(),
  actorKind: Type.String(),
  actorUserId: Type.Union([Type.String(), Type.Null()]),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  actorOrgId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('refused'), Type.Literal('failed')]),
  code: Type.Union([Type.String(), Type.Null()]),
  ip: Type.String(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export async function supervisionRoutes(root: FastifyInstance, { db }: { db: Kysely<any> }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/audit',
    {
      config: { access: ['regulator', 'platform_admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'The audit trail: who did what, when, from where, and the outcome (newest first)',
        querystring: Type.Object(
          {
            orgId: Type.Optional(Type.String({ format: 'uuid' })),
            userId: Type.Optional(Type.String({ format: 'uuid' })),
            action: Type.Optional(
              Token(100, { description: 'Action name or dotted prefix, e.g. identity.user' }),
            ),
            outcome: Type.Optional(
              Type.Union([Type.Literal('success'), Type.Literal('refused'), Type.Literal('failed')]),
            ),
            targetType: Type.Optional(Token(50)),
            targetId: Type.Optional(Token(100)),
            from: Type.Optional(Timestamp),
            to: Type.Optional(Timestamp),
            before: Type.Optional(
              Type.String({
                pattern: '^[0-9]{1,18}$',
                description: 'Cursor: the id of the last record seen',
              }),
            ),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(AuditRecord),
            total: Type.Integer(),
            nextBefore: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await queryAudit(db, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      });
      const last = page.items.at(-1);
      return { ...page, nextBefore: page.items.length === q.limit && last ? last.id : null };
    },
  );

  app.get(
    '/audit/stats',
    {
      config: { access: ['regulator', 'platform_admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Audit records per day and outcome (UTC days, oldest first)',
        querystring: Type.Object(
          { days: Type.Integer({ minimum: 1, maximum: 366, default: 14 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(
            Type.Object({
              day: Type.String({ format: 'date' }),
              success: Type.Integer(),
              refused: Type.Integer(),
              failed: Type.Integer(),
            }),
          ),
        },
      },
    },
    (req) => auditStats(db, req.query.days),
  );
}
