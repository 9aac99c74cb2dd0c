// Idempotency-Key on POST: a retried request gets the first answer instead of doing the work again.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Generated, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { AppError } from './errors.ts';

export interface IdempotencyTables {
  'platform.idempotency_keys': {
    scope: string;
    key: string;
    request_hash: string;
    status: number | null;
    content_type: string | null;
    body: string | null;
    created_at: Generated<Date>;
    completed_at: Date | null;
  };
}

export const idempotencyMigrations: Record<string, Migration> = {
  '20261122T0120_platform_idempotency_keys': {
    async up(db: Kysely<any>) {
      await db.schema
        .withSchema('platform')
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('content_type', 'text')
        .addColumn('body', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('completed_at', 'timestamptz')
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
    },
  },
};

/** How long a key is remembered; a retry after that is a new request. */
const RETENTION_HOURS = 24;
const KEY_PATTERN = /^[\w.:-]{8,128}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { scope: string; key: string };
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url ?? ''}\n${JSON.stringify(request.params ?? {})}\n${JSON.stringify(request.body ?? null)}`,
    )
    .digest('hex');
}

/**
 * Gives every authenticated POST route a preHandler that claims or replays a key and an onSend hook that
 * stores the answer. They are route hooks, not global ones, so reads pay nothing for them.
 */
export function installIdempotency(app: FastifyInstance, kysely: Kysely<any>): void {
  const db = kysely as Kysely<IdempotencyTables>;
  const asList = <T>(hooks: T | T[] | undefined): T[] =>
    hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith('/api/v1') || !methods.includes('POST') || route.config?.access === 'public')
      return;
    route.preHandler = [...asList(route.preHandler), claim];
    route.onSend = [...asList(route.onSend), store];
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    schema.headers ??= {
      type: 'object',
      properties: {
        'idempotency-key': {
          type: 'string',
          pattern: KEY_PATTERN.source,
          description:
            'Retries with the same key get the first answer instead of repeating the action (kept 24 h)',
        },
      },
    };
  });

  async function claim(request: FastifyRequest, reply: FastifyReply) {
    const key = request.headers['idempotency-key'];
    const principal = request.ctx?.principal;
    if (request.method !== 'POST' || typeof key !== 'string' || !principal) return;
    const scope = principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.userId}`;
    const hash = requestHash(request);
    await db
      .deleteFrom('platform.idempotency_keys')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${RETENTION_HOURS})`)
      .execute();
    const claimed = await db
      .insertInto('platform.idempotency_keys')
      .values({
        scope,
        key,
        request_hash: hash,
        status: null,
        content_type: null,
        body: null,
        completed_at: null,
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (claimed) {
      request.idempotency = { scope, key };
      return;
    }
    const earlier = await db
      .selectFrom('platform.idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!earlier)
      throw new AppError(
        'conflict',
        'IDEMPOTENCY_IN_PROGRESS',
        'A request with this Idempotency-Key is in progress',
      );
    if (earlier.request_hash !== hash) {
      throw new AppError(
        'unprocessable',
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for a different request',
      );
    }
    if (earlier.status === null) {
      throw new AppError(
        'conflict',
        'IDEMPOTENCY_IN_PROGRESS',
        'A request with this Idempotency-Key is in progress; if this persists, check its outcome before retrying with a new key',
      );
    }
    reply.header('idempotent-replayed', 'true');
    if (earlier.content_type) reply.type(earlier.content_type);
    return reply.status(earlier.status).send(earlier.body ?? undefined);
  }

  function store(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (error: Error | null, payload?: unknown) => void,
  ) {
    const held = request.idempotency;
    if (!held) return done(null, payload);
    request.idempotency = undefined;
    const where = db
      .deleteFrom('platform.idempotency_keys')
      .where('scope', '=', held.scope)
      .where('key', '=', held.key);
    // A server error leaves nothing behind (the change rolled back), so the key may be retried.
    const saved =
      reply.statusCode >= 500
        ? where.execute()
        : db
            .updateTable('platform.idempotency_keys')
            .set({
              status: reply.statusCode,
              content_type: String(reply.getHeader('content-type') ?? 'application/json'),
              body:
                typeof payload === 'string'
                  ? payload
                  : payload === undefined || payload === null
                    ? null
                    : JSON.stringify(payload),
              completed_at: new Date(),
            })
            .where('scope', '=', held.scope)
            .where('key', '=', held.key)
            .execute();
    saved.then(
      () => done(null, payload),
      (error: Error) => done(error),
    );
  }
}
