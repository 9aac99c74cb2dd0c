// Audit trail and transactional outbox: every state change leaves both, in the transaction that made it.
import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { RequestContext } from './context.ts';

export type AuditOutcome = 'success' | 'refused' | 'failed';

export interface PlatformTables {
  'platform.audit_log': {
    id: Generated<string>;
    at: Generated<Date>;
    request_id: string;
    actor_kind: string;
    actor_user_id: string | null;
    actor_username: string | null;
    actor_org_id: string | null;
    action: string;
    target_type: string | null;
    target_id: string | null;
    outcome: AuditOutcome;
    code: string | null;
    ip: string;
    user_agent: string | null;
    details: Generated<unknown>;
  };
  'platform.outbox': {
    id: Generated<string>;
    topic: string;
    aggregate_type: string;
    aggregate_id: string;
    actor_org_id: string | null;
    payload: unknown;
    created_at: Generated<Date>;
    published_at: Generated<Date | null>;
  };
}

export const platformMigrations: Record<string, Migration> = {
  '20261122T0100_platform_audit_outbox': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('platform').ifNotExists().execute();
      await db.schema
        .withSchema('platform')
        .createTable('audit_log')
        .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'uuid')
        .addColumn('actor_username', 'text')
        .addColumn('actor_org_id', 'uuid')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('outcome', 'text', (c) =>
          c.notNull().check(sql`outcome in ('success','refused','failed')`),
        )
        .addColumn('code', 'text')
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('user_agent', 'text')
        .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .execute();
      await db.schema.createIndex('audit_log_at').on('platform.audit_log').column('at').execute();
      await db.schema
        .createIndex('audit_log_org_at')
        .on('platform.audit_log')
        .columns(['actor_org_id', 'at'])
        .execute();
      await db.schema.createIndex('audit_log_action').on('platform.audit_log').column('action').execute();
      await db.schema
        .withSchema('platform')
        .createTable('outbox')
        .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('aggregate_type', 'text', (c) => c.notNull())
        .addColumn('aggregate_id', 'text', (c) => c.notNull())
        .addColumn('actor_org_id', 'uuid')
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('published_at', 'timestamptz')
        .execute();
      await sql`create index outbox_unpublished on platform.outbox (id) where published_at is null`.execute(
        db,
      );
    },
  },
};

/** One domain fact that changed state: written to the audit log and, as an event, to the outbox. */
export interface Change {
  /** Dotted verb, e.g. `identity.organization.created`; also the outbox topic. */
  action: string;
  targetType: string;
  targetId: string;
  /** What the ledger and auditors should know; never secrets. */
  details?: Record<string, unknown>;
  /**
   * A document to record exactly as given, instead of the details with the actor: the ledger entry carries its
   * content hash, so anyone holding the document can check it against the log (certificates do this).
   */
  evidence?: Record<string, unknown>;
}

type Executor = Kysely<any> | Transaction<any>;

function actorColumns(ctx: RequestContext) {
  const p = ctx.principal;
  return {
    request_id: ctx.requestId,
    actor_kind: p ? p.kind : 'system',
    actor_user_id: p?.userId ?? null,
    actor_username: p?.username ?? null,
    actor_org_id: p?.orgId ?? null,
    ip: ctx.ip,
    user_agent: ctx.userAgent ?? null,
  };
}

/**
 * Records a successful change. Call it with the transaction that made the change, never after it.
 * Returns the id of the outbox event, the key of its future ledger entry.
 */
export async function recordChange(tx: Executor, ctx: RequestContext, change: Change): Promise<string> {
  const details = JSON.stringify(change.details ?? {});
  await (tx as Kysely<PlatformTables>)
    .insertInto('platform.audit_log')
    .values({
      ...actorColumns(ctx),
      action: change.action,
      target_type: change.targetType,
      target_id: change.targetId,
      outcome: 'success',
      code: null,
      details,
    })
    .execute();
  const event = await (tx as Kysely<PlatformTables>)
    .insertInto('platform.outbox')
    .values({
      topic: change.action,
      aggregate_type: change.targetType,
      aggregate_id: change.targetId,
      actor_org_id: ctx.principal?.orgId ?? null,
      payload: JSON.stringify(
        change.evidence ?? {
          ...change.details,
          actor: ctx.principal ? { userId: ctx.principal.userId, orgId: ctx.principal.orgId } : 'system',
          requestId: ctx.requestId,
        },
      ),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(event.id);
}

/** Records a refused or failed attempt; these change nothing, so they have no outbox event. */
export async function recordAttempt(
  db: Executor,
  ctx: RequestContext,
  attempt: {
    action: string;
    outcome: Exclude<AuditOutcome, 'success'>;
    code: string;
    targetType?: string;
    targetId?: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await (db as Kysely<PlatformTables>)
    .insertInto('platform.audit_log')
    .values({
      ...actorColumns(ctx),
      action: attempt.action,
      target_type: attempt.targetType ?? null,
      target_id: attempt.targetId ?? null,
      outcome: attempt.outcome,
      code: attempt.code,
      details: JSON.stringify(attempt.details ?? {}),
    })
    .execute();
}

export interface AuditQuery {
  orgId?: string;
  userId?: string;
  action?: string;
  outcome?: AuditOutcome;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Return records with ids below this one (keyset paging, newest first). */
  before?: string;
  limit: number;
}

export interface AuditRecord {
  id: string;
  at: string;
  requestId: string;
  actorKind: string;
  actorUserId: string | null;
  actorUsername: string | null;
  actorOrgId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  code: string | null;
  ip: string;
  userAgent: string | null;
  details: Record<string, unknown>;
}

export async function queryAudit(
  db: Kysely<any>,
  q: AuditQuery,
): Promise<{ items: AuditRecord[]; total: number }> {
  let query = (db as Kysely<PlatformTables>).selectFrom('platform.audit_log');
  if (q.orgId) query = query.where('actor_org_id', '=', q.orgId);
  if (q.userId) query = query.where('actor_user_id', '=', q.userId);
  if (q.action) query = query.where('action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  const totalRow = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  if (q.before) query = query.where('id', '<', q.before);
  const rows = await query.selectAll().orderBy('id', 'desc').limit(q.limit).execute();
  return {
    total: Number(totalRow?.n ?? 0),
    items: rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      requestId: r.request_id,
      actorKind: r.actor_kind,
      actorUserId: r.actor_user_id,
      actorUsername: r.actor_username,
      actorOrgId: r.actor_org_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      outcome: r.outcome,
      code: r.code,
      ip: r.ip,
      userAgent: r.user_agent,
      details: (r.details ?? {}) as Record<string, unknown>,
    })),
  };
}

/** Unpublished outbox events, oldest first: what the ledger sequencer consumes. */
export async function pendingEvents(db: Executor, limit = 100) {
  return (db as Kysely<PlatformTables>)
    .selectFrom('platform.outbox')
    .selectAll()
    .where('published_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Marks events as integrated into the ledger; call it in the transaction that integrates them. */
export async function markEventsPublished(tx: Executor, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await (tx as Kysely<PlatformTables>)
    .updateTable('platform.outbox')
    .set({ published_at: sql<Date>`now()` })
    // One array parameter, not one per id: batches of any size stay under PostgreSQL's parameter limit.
    .where(sql<boolean>`id = any(${ids}::bigint[])`)
    .execute();
}

export interface AuditDay {
  day: string;
  success: number;
  refused: number;
  failed: number;
}

/** Audit records per day and outcome over the last `days` days (UTC), days without records included. */
export async function auditStats(db: Kysely<any>, days: number, now = new Date()): Promise<AuditDay[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const rows = await (db as Kysely<PlatformTables>)
    .selectFrom('platform.audit_log')
    .select((eb) => [
      sql<string>`to_char(${eb.ref('at')} at time zone 'UTC', 'YYYY-MM-DD')`.as('day'),
      'outcome',
      eb.fn.countAll<string>().as('n'),
    ])
    .where('at', '>=', since)
    .groupBy(['day', 'outcome'])
    .execute();
  const result: AuditDay[] = [];
  for (let i = 0; i < days; i++) {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const of = (outcome: AuditOutcome) =>
      Number(rows.find((r) => r.day === day && r.outcome === outcome)?.n ?? 0);
    result.push({ day, success: of('success'), refused: of('refused'), failed: of('failed') });
  }
  return result;
}
