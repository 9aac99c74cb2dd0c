// Composition root: configuration, database, modules and routes assembled into one Fastify application.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { Type } from 'typebox';
import type { Config } from './config.ts';
import {
  catalogMigrations,
  catalogRoutes,
  createCatalogModule,
  type CatalogModule,
} from './modules/catalog/index.ts';
import {
  createIdentityModule,
  identityMigrations,
  identityRoutes,
  type IdentityModule,
} from './modules/identity/index.ts';
import {
  createLedgerModule,
  INTEGRATE_BATCH,
  ledgerMigrations,
  ledgerRoutes,
  type LedgerModule,
} from './modules/ledger/index.ts';
import {
  createRightsModule,
  rightsMigrations,
  rightsRoutes,
  type RightsModule,
} from './modules/rights/index.ts';
import {
  createEnclaveModule,
  enclaveMigrations,
  enclaveRoutes,
  type EnclaveModule,
} from './modules/enclave/index.ts';
import { supervisionRoutes } from './modules/supervision/index.ts';
import { platformMigrations } from './platform/audit.ts';
import { findRegion } from './platform/codes/region.ts';
import { migrate, openDatabase, type Database } from './platform/db.ts';
import { AppError } from './platform/errors.ts';
import { frameworkErrors, installPlatformHttp, requestId } from './platform/http.ts';
import { idempotencyMigrations, installIdempotency } from './platform/idempotency.ts';

export const VERSION = '0.1.0';

/** Every module's migrations; names begin with a timestamp, so they apply in the order they were written. */
export const ALL_MIGRATIONS = {
  ...platformMigrations,
  ...idempotencyMigrations,
  ...identityMigrations,
  ...ledgerMigrations,
  ...rightsMigrations,
  ...catalogMigrations,
  ...enclaveMigrations,
};

export interface Liutong {
  app: FastifyInstance;
  database: Database;
  identity: IdentityModule;
  ledger: LedgerModule;
  rights: RightsModule;
  catalog: CatalogModule;
  enclave: EnclaveModule;
  close(): Promise<void>;
}

const REDACT = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
];

function defaultConsoleDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../console/dist');
}

/** Builds the application on an open (or newly opened) database and applies pending migrations. */
export async function buildApp(
  config: Config,
  options: { database?: Database; logStream?: { write(line: string): void } } = {},
): Promise<Liutong> {
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(database.kysely, ALL_MIGRATIONS);
  const identity = createIdentityModule(database.kysely, config);
  const ledger = createLedgerModule(database.kysely, { ...config.ledger, dataDir: config.dataDir });
  await ledger.service.prepare();
  const rights = createRightsModule(database.kysely, {
    orgCard: identity.orgCard,
    orgCards: identity.orgCards,
    ledger: ledger.service,
    noticeSeconds: config.rights.noticeSeconds,
  });
  const catalog = createCatalogModule(database.kysely, {
    orgCard: identity.orgCard,
    orgCards: identity.orgCards,
    noticeSeconds: config.catalog.noticeSeconds,
    publisher: async () => ({
      id: 'platform',
      name: `${findRegion(config.platformRegion)?.name ?? ''}公共数据授权运营平台`,
      creditCode: null,
    }),
    distributions: async () => new Map(),
  });
  // Dataset files live beside the embedded database; an in-memory database gets a temporary store.
  const storeDir = config.dataDir.startsWith('memory://')
    ? mkdtempSync(path.join(tmpdir(), 'liutong-store-'))
    : path.join(config.dataDir, 'store');
  const enclave = createEnclaveModule(database.kysely, {
    storeDir,
    classifySample: config.datasets.classifySample,
    resource: async (ctx, id) => {
      const r = await catalog.service.resourceFor(ctx, id);
      return { id: r.id, orgId: r.holder.id, updateFrequency: r.updateFrequency, openLevel: r.openLevel };
    },
    isPublic: (id) =>
      catalog.service.publicResource(id).then(
        () => true,
        () => false,
      ),
    setQualityScore: (id, score) => catalog.service.setQualityScore(id, score),
    warn: (message, error) => app.log.warn({ err: error }, message),
  });
  await enclave.datasets.sweep();

  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACT, censor: '[redacted]' },
      ...(options.logStream && { stream: options.logStream }),
      // People at a terminal read lines; machines (files, collectors) read JSON.
      ...(process.stdout.isTTY &&
        !options.logStream && {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }),
    },
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestId,
    frameworkErrors,
    trustProxy: false,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Liutong (流通) API',
        version: VERSION,
        description:
          'Trusted data circulation: catalog, rights, authorization, secure domain, exchange, ledger and supervision. ' +
          'Errors are RFC 9457 problem+json with a stable `code`.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string) ?? `def-${i}` },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true } });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new AppError(
        'rate_limited',
        'RATE_LIMITED',
        `Too many attempts; retry in ${Math.ceil(context.ttl / 1000)} s`,
        {
          headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
        },
      ),
  });

  installIdempotency(app, database.kysely);
  installPlatformHttp(app, {
    db: database.kysely,
    authenticate: (headers) => identity.auth.authenticate(headers),
  });

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
          config: { access: 'public' },
          schema: {
            tags: ['platform'],
            summary: 'Liveness and database reachability',
            response: {
              200: Type.Object({
                status: Type.Literal('ok'),
                version: Type.String(),
                database: Type.String(),
              }),
            },
          },
        },
        async () => ({ status: 'ok' as const, version: VERSION, database: database.kind }),
      );
      await api.register(identityRoutes, { auth: identity.auth, identity: identity.identity, config });
      await api.register(supervisionRoutes, { db: database.kysely });
      await api.register(catalogRoutes, { catalog: catalog.service });
      await api.register(ledgerRoutes, { ledger: ledger.service, repo: ledger.repo });
      await api.register(rightsRoutes, { rights: rights.service });
      await api.register(enclaveRoutes, {
        datasets: enclave.datasets,
        uploadLimitBytes: config.datasets.uploadLimitBytes,
      });
    },
    { prefix: '/api/v1' },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const consoleDir = config.consoleDir ?? defaultConsoleDir();
  if (existsSync(path.join(consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: consoleDir, wildcard: false, index: ['index.html'] });
    // Client-side routes of the console answer with its shell.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/'))
        throw new AppError('not_found', 'ROUTE_NOT_FOUND', `No route GET ${request.url}`);
      return reply.sendFile('index.html');
    });
  }

  // The sequencer: integrates pending events into the ledger; under a lock, so several processes may run it.
  let sequencer: NodeJS.Timeout | undefined;
  let integrating: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopping = false;
  if (config.ledger.sequencerIntervalMs > 0) {
    sequencer = setInterval(() => {
      if (busy) return; // the previous round is still draining a backlog
      busy = true;
      integrating = (async () => {
        // Notices that ended become certificates first, so that their issue reaches the ledger in this round.
        await rights.service
          .finalizeDue()
          .catch((err: unknown) => app.log.error({ err }, 'rights finalization failed'));
        await catalog.service
          .finalizeDue()
          .catch((err: unknown) => app.log.error({ err }, 'catalog finalization failed'));
        // Full batches mean a backlog: keep integrating until it is drained.
        while (!stopping) {
          const { integrated } = await ledger.service.integrate(INTEGRATE_BATCH);
          if (integrated < INTEGRATE_BATCH) break;
        }
      })()
        .catch((err: unknown) => app.log.error({ err }, 'ledger integration failed'))
        .finally(() => {
          busy = false;
        });
    }, config.ledger.sequencerIntervalMs);
    sequencer.unref();
  }

  return {
    app,
    database,
    identity,
    ledger,
    rights,
    catalog,
    enclave,
    async close() {
      stopping = true;
      clearInterval(sequencer);
      await integrating;
      await app.close();
      if (!options.database) await database.close();
    },
  };
}
