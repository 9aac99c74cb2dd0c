// The HTTP skeleton every module plugs into: access declarations, authentication, problem+json, refusal audit.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Kysely } from 'kysely';
import { recordAttempt } from './audit.ts';
import type { Principal, RequestContext, Role } from './context.ts';
import { AppError, STATUS_OF_KIND, toProblem, type ErrorKind, type FieldError } from './errors.ts';

/**
 * Who may call a route: `public` (no credentials), `authenticated` (any role), or a list of roles.
 * Every route must declare it; start-up fails on a route that does not.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Audit action name for this route, e.g. `identity.organization.create`. */
    action?: string;
    /** Body fields safe to copy into the audit record of a refused attempt (never secrets). */
    auditFields?: readonly string[];
  }
  interface FastifyRequest {
    ctx: RequestContext;
    problemCode?: string;
  }
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);
export type ProblemBody = Static<typeof ProblemSchema>;

/** Resolves the caller; answers synchronously when it can (a cached principal), otherwise with a promise. */
export type Authenticate = (headers: {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}) => Principal | undefined | Promise<Principal | undefined>;

/** Maps Fastify's and its plugins' own errors to Liutong codes. */
function fromFrameworkError(error: FastifyError): AppError {
  if (error.validation) {
    const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
    const fields: FieldError[] = error.validation.map((v) => {
      const params = v.params;
      const extra = params.additionalProperty ?? params.missingProperty;
      const base = `/${context}${v.instancePath ?? ''}`;
      return {
        field: typeof extra === 'string' ? `${base}/${extra}` : base,
        message: v.keyword === 'additionalProperties' ? 'is not a known field' : (v.message ?? 'is invalid'),
      };
    });
    const summary = fields.map((f) => `${f.field} ${f.message}`).join('; ');
    return new AppError('validation', 'VALIDATION_FAILED', `The request is invalid: ${summary}`, { fields });
  }
  const byCode: Record<string, [ErrorKind, string, string]> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: [
      'unsupported_media_type',
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as application/json',
    ],
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
      'validation',
      'INVALID_CONTENT_LENGTH',
      'The Content-Length does not match the body',
    ],
    FST_ERR_CTP_BODY_TOO_LARGE: [
      'payload_too_large',
      'PAYLOAD_TOO_LARGE',
      'The request body is larger than allowed',
    ],
    FST_ERR_CTP_EMPTY_JSON_BODY: ['validation', 'MALFORMED_JSON', 'The body is empty but declared as JSON'],
    FST_ERR_CTP_INVALID_JSON_BODY: ['validation', 'MALFORMED_JSON', 'The body is not valid JSON'],
  };
  const known = error.code ? byCode[error.code] : undefined;
  if (known) return new AppError(known[0], known[1], known[2], { cause: error });
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON') {
    return new AppError('validation', 'MALFORMED_JSON', 'The body is not valid JSON', { cause: error });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const kind = (Object.entries(STATUS_OF_KIND).find(([, s]) => s === status)?.[0] ??
      'validation') as ErrorKind;
    return new AppError(kind, 'BAD_REQUEST', error.message, { cause: error });
  }
  return new AppError('internal', 'INTERNAL', 'An internal error occurred; it has been logged', {
    cause: error,
  });
}

export interface PlatformHttpOptions {
  db: Kysely<any>;
  authenticate: Authenticate;
}

/** Installs hooks and handlers on the root instance; modules then register their routes beneath it. */
export function installPlatformHttp(app: FastifyInstance, options: PlatformHttpOptions): void {
  app.addSchema(ProblemSchema);

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!url.startsWith('/api/v1')) return;
    const access = route.config?.access;
    if (access === undefined)
      throw new Error(`Route ${String(route.method)} ${url} does not declare who may call it`);
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    const response = (schema.response ??= {}) as Record<string, unknown>;
    const problem = {
      description: 'Problem details',
      content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
    };
    response['4xx'] ??= problem;
    response['5xx'] ??= problem;
    if (access !== 'public') {
      schema.security = [{ bearer: [] }, { apiKey: [] }];
      const who = access === 'authenticated' ? 'any authenticated caller' : access.join(', ');
      schema.description =
        `${(schema.description as string | undefined) ?? ''}\n\nAllowed roles: ${who}.`.trim();
      schema['x-roles'] = access === 'authenticated' ? ['*'] : [...access];
    } else {
      schema.security = [];
    }
  });

  app.decorateRequest('ctx', undefined as unknown as RequestContext);

  // Callback style with a synchronous path: a cached principal costs no promise, which the hot path notices.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    request.ctx = {
      principal: undefined,
      requestId: String(request.id),
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    };
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return done();
    const header = (name: string) => {
      const v = request.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const admit = (principal: Principal | undefined) => {
      if (!principal) {
        return new AppError(
          'unauthenticated',
          'UNAUTHENTICATED',
          'Send "Authorization: Bearer <token>" or "X-API-Key"',
        );
      }
      request.ctx.principal = principal;
      if (access !== 'authenticated' && !principal.roles.some((r) => access.includes(r))) {
        return new AppError(
          'forbidden',
          'FORBIDDEN',
          `This action needs one of the roles: ${access.join(', ')}`,
        );
      }
      return undefined;
    };
    let result: ReturnType<Authenticate>;
    try {
      result = options.authenticate({ authorization: header('authorization'), apiKey: header('x-api-key') });
    } catch (error) {
      return done(error as Error);
    }
    if (result instanceof Promise) {
      result.then(
        (principal) => done(admit(principal)),
        (error: Error) => done(error),
      );
    } else {
      done(admit(result));
    }
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = error instanceof AppError ? error : fromFrameworkError(error);
    if (appError.kind === 'internal') request.log.error({ err: error }, 'unhandled error');
    request.problemCode = appError.code;
    const problem = toProblem(appError, request.url.split('?')[0], String(request.id));
    for (const [name, value] of Object.entries(appError.headers ?? {})) reply.header(name, value);
    return reply.status(problem.status).type('application/problem+json').send(problem);
  });

  app.setNotFoundHandler((request, reply) => {
    request.problemCode = 'ROUTE_NOT_FOUND';
    const problem = toProblem(
      new AppError('not_found', 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
      request.url.split('?')[0],
      String(request.id),
    );
    return reply.status(404).type('application/problem+json').send(problem);
  });

  // Refused and failed attempts are audited too, reads included (successful changes are audited by the services),
  // before the answer leaves: a client that saw its refusal can rely on it being on record.
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    if (reply.statusCode < 400 || !request.ctx) return done(null, payload);
    auditRefusal(request, reply).then(
      () => done(null, payload),
      (error: Error) => done(error),
    );
  });

  async function auditRefusal(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const status = reply.statusCode;
    // Probes of routes that do not exist are noise; every refusal on a real route is on record.
    if (request.problemCode === 'ROUTE_NOT_FOUND') return;
    const config = request.routeOptions.config ?? {};
    const details: Record<string, unknown> = {
      method: request.method,
      path: request.url.split('?')[0],
      status,
    };
    const body = request.body as Record<string, unknown> | undefined;
    for (const field of config.auditFields ?? []) {
      if (body && typeof body === 'object' && typeof body[field] === 'string')
        details[field] = String(body[field]).slice(0, 200);
    }
    const params = request.params as Record<string, string> | undefined;
    try {
      await recordAttempt(options.db, request.ctx, {
        action: config.action ?? `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
        outcome: status >= 500 ? 'failed' : 'refused',
        code: request.problemCode ?? `HTTP_${status}`,
        ...(params?.id && { targetId: params.id }),
        details,
      });
    } catch (err) {
      request.log.error({ err }, 'could not audit a refused request');
    }
  }
}

/** Request ids: the caller's `X-Request-Id` when it is sane, otherwise a fresh UUID. */
/**
 * Errors Fastify raises before routing (a URL with broken percent-encoding, say): answered as problem+json like
 * every other refusal. Pass it as the `frameworkErrors` option of the Fastify instance.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(
    new AppError('validation', 'URL_INVALID', error.message),
    undefined,
    String(request.id),
  );
  void reply.status(400).type('application/problem+json').send(problem);
}

export function requestId(request: { headers: Record<string, unknown> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
}
