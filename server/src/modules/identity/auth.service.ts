// Authentication: password login with lockout, access and refresh tokens, API keys, and the principal cache.
import { randomUUID, webcrypto } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import {
  SignJWT,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
} from 'jose';
import type { Config } from '../../config.ts';
import { recordChange } from '../../platform/audit.ts';
import { ROLES, type Principal, type RequestContext, type Role } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { randomToken, sameDigest, sha256Hex } from '../../platform/secrets.ts';
import type { IdentityRepository } from './identity.repository.ts';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

const API_KEY_PATTERN = /^ltk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

interface CacheEntry {
  principal: Principal | AppError;
  until: number;
}

const unauthenticated = (code: string, message: string) => new AppError('unauthenticated', code, message);
const invalidCredentials = () =>
  unauthenticated('AUTH_INVALID_CREDENTIALS', 'The username or password is incorrect');

export function createAuthService(repo: IdentityRepository, config: Config['auth']) {
  let keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> | undefined;
  // A hash to verify against when the user does not exist, so timing does not reveal which usernames exist.
  const decoyHash = hashPassword(randomToken());
  const sessionCache = new Map<string, CacheEntry>();
  const apiKeyCache = new Map<string, CacheEntry>();
  const tokenCache = new Map<string, { sub: string; sid: string; org: string; exp: number }>();
  const apiKeyTouched = new Map<string, number>();

  function signingKeys() {
    keys ??= (async () => {
      const row = await repo.signingKey(async () => {
        const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
        return { privateJwk: await exportJWK(pair.privateKey), publicJwk: await exportJWK(pair.publicKey) };
      });
      const parse = (jwk: unknown) => (typeof jwk === 'string' ? JSON.parse(jwk) : jwk);
      return {
        privateKey: (await importJWK(parse(row.private_jwk), 'EdDSA')) as CryptoKey,
        publicKey: (await importJWK(parse(row.public_jwk), 'EdDSA')) as CryptoKey,
      };
    })();
    return keys;
  }

  async function issueAccessToken(userId: string, sessionId: string, orgId: string): Promise<string> {
    const { privateKey } = await signingKeys();
    return new SignJWT({ sid: sessionId, org: orgId })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer('liutong')
      .setAudience('liutong-api')
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${config.accessTokenSeconds}s`)
      .sign(privateKey);
  }

  function cached(cache: Map<string, CacheEntry>, key: string): Principal | undefined {
    const hit = cache.get(key);
    if (!hit) return undefined;
    if (hit.until < Date.now()) {
      cache.delete(key);
      return undefined;
    }
    if (hit.principal instanceof AppError) throw hit.principal;
    return hit.principal;
  }

  function remember(cache: Map<string, CacheEntry>, key: string, principal: Principal | AppError) {
    if (config.cacheSeconds === 0) return;
    if (cache.size > 50_000) cache.clear();
    cache.set(key, { principal, until: Date.now() + config.cacheSeconds * 1000 });
  }

  async function rolesIn(userId: string, orgId: string): Promise<Role[] | undefined> {
    const [membership] = (await repo.membershipsOfUsers([userId])).filter((m) => m.org_id === orgId);
    return membership?.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  }

  async function loadSessionPrincipal(sessionId: string, userId: string, orgId: string): Promise<Principal> {
    const session = await repo.findSession(sessionId);
    if (!session || session.revoked_at || session.user_id !== userId) {
      throw unauthenticated('SESSION_REVOKED', 'This session has ended; log in again');
    }
    const [user, org, roles] = await Promise.all([
      repo.findUser(userId),
      repo.findOrganization(orgId),
      rolesIn(userId, orgId),
    ]);
    if (!user || user.status !== 'active')
      throw unauthenticated('ACCOUNT_DISABLED', 'This account is disabled');
    if (!org || org.status !== 'active')
      throw unauthenticated('ORG_SUSPENDED', 'This organization is suspended');
    if (!roles) throw unauthenticated('NO_MEMBERSHIP', 'The user is no longer a member of this organization');
    return { kind: 'user', userId, username: user.username, orgId, roles, sessionId };
  }

  async function verifyAccessToken(token: string) {
    const hit = tokenCache.get(token);
    if (hit && hit.exp * 1000 > Date.now()) return hit;
    const { publicKey } = await signingKeys();
    try {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: 'liutong',
        audience: 'liutong-api',
        algorithms: ['EdDSA'],
      });
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.sid !== 'string' ||
        typeof payload.org !== 'string' ||
        !payload.exp
      ) {
        throw unauthenticated('TOKEN_INVALID', 'The access token is malformed');
      }
      const claims = { sub: payload.sub, sid: payload.sid, org: payload.org, exp: payload.exp };
      if (tokenCache.size > 50_000) tokenCache.clear();
      tokenCache.set(token, claims);
      return claims;
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof joseErrors.JWTExpired)
        throw unauthenticated('TOKEN_EXPIRED', 'The access token has expired; refresh it');
      throw unauthenticated('TOKEN_INVALID', 'The access token is not valid');
    }
  }

  async function principalFromBearer(token: string): Promise<Principal> {
    const claims = await verifyAccessToken(token);
    const key = claims.sid;
    const hit = cached(sessionCache, key);
    if (hit && hit.orgId === claims.org && hit.userId === claims.sub) return hit;
    try {
      const principal = await loadSessionPrincipal(claims.sid, claims.sub, claims.org);
      remember(sessionCache, key, principal);
      return principal;
    } catch (error) {
      if (error instanceof AppError) remember(sessionCache, key, error);
      throw error;
    }
  }

  /** The slow path, after `authenticate` found no cached answer: reads the key and caches the outcome. */
  async function principalFromApiKey(presented: string, digest: string): Promise<Principal> {
    const invalidKey = unauthenticated('API_KEY_INVALID', 'The API key is not valid');
    const match = API_KEY_PATTERN.exec(presented);
    if (!match) throw invalidKey;
    const row = await repo.findApiKeyByPrefix(match[1]!);
    if (!row || !sameDigest(row.secret_hash, sha256Hex(match[2]!))) throw invalidKey;
    try {
      if (row.revoked_at) throw unauthenticated('API_KEY_REVOKED', 'The API key has been revoked');
      if (row.expires_at && row.expires_at.getTime() < Date.now())
        throw unauthenticated('API_KEY_EXPIRED', 'The API key has expired');
      const [org, creator] = await Promise.all([
        repo.findOrganization(row.org_id),
        repo.findUser(row.created_by),
      ]);
      if (!org || org.status !== 'active')
        throw unauthenticated('ORG_SUSPENDED', 'This organization is suspended');
      const principal: Principal = {
        kind: 'api_key',
        userId: row.created_by,
        username: `${creator?.username ?? 'unknown'}/${row.name}`,
        orgId: row.org_id,
        roles: row.roles as Role[],
        apiKeyId: row.id,
      };
      remember(apiKeyCache, digest, principal);
      touch(row.id);
      return principal;
    } catch (error) {
      if (error instanceof AppError) remember(apiKeyCache, digest, error);
      throw error;
    }
  }

  /** Records use at most once a minute per key and process, off the request's critical path. */
  function touch(apiKeyId: string) {
    const last = apiKeyTouched.get(apiKeyId) ?? 0;
    if (Date.now() - last < 60_000) return;
    apiKeyTouched.set(apiKeyId, Date.now());
    repo.touchApiKey(apiKeyId).catch(() => apiKeyTouched.delete(apiKeyId));
  }

  async function startSession(
    ctx: RequestContext,
    userId: string,
    username: string,
    orgId: string,
    roles: Role[],
  ) {
    const sessionId = randomUUID();
    const refreshToken = `rt_${randomToken()}`;
    const sessionCtx: RequestContext = {
      ...ctx,
      principal: { kind: 'user', userId, username, orgId, roles, sessionId },
    };
    await repo.transaction(async (tx) => {
      await repo.insertSession(tx, {
        id: sessionId,
        user_id: userId,
        org_id: orgId,
        refresh_hash: sha256Hex(refreshToken),
        expires_at: new Date(Date.now() + config.refreshTokenSeconds * 1000),
        ip: ctx.ip,
        user_agent: ctx.userAgent ?? null,
      });
      await repo.updateUser(tx, userId, { failed_logins: 0, locked_until: null, last_login_at: new Date() });
      await recordChange(tx, sessionCtx, {
        action: 'identity.session.started',
        targetType: 'session',
        targetId: sessionId,
        details: { userId, orgId },
      });
    });
    return {
      accessToken: await issueAccessToken(userId, sessionId, orgId),
      refreshToken,
      expiresIn: config.accessTokenSeconds,
      tokenType: 'Bearer' as const,
    };
  }

  return {
    /**
     * Resolves the caller from `Authorization: Bearer` or `X-API-Key`; undefined when neither is present.
     * Answers synchronously from the caches when it can, so the common request costs no promise.
     */
    authenticate(headers: {
      authorization?: string | undefined;
      apiKey?: string | undefined;
    }): Principal | undefined | Promise<Principal | undefined> {
      if (headers.apiKey !== undefined) {
        const digest = sha256Hex(headers.apiKey);
        const hit = cached(apiKeyCache, digest);
        if (hit) {
          touch(hit.apiKeyId!);
          return hit;
        }
        return principalFromApiKey(headers.apiKey, digest);
      }
      if (headers.authorization === undefined) return undefined;
      const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization);
      if (!match) throw unauthenticated('TOKEN_INVALID', 'Use "Authorization: Bearer <token>"');
      const token = match[1]!;
      const claims = tokenCache.get(token);
      if (claims && claims.exp * 1000 > Date.now()) {
        const hit = cached(sessionCache, claims.sid);
        if (hit && hit.orgId === claims.org && hit.userId === claims.sub) return hit;
      }
      return principalFromBearer(token);
    },

    async login(
      ctx: RequestContext,
      input: { username: string; password: string; organizationId?: string | undefined },
    ): Promise<TokenPair> {
      const user = await repo.findUserByUsername(input.username);
      if (!user) {
        await verify(await decoyHash, input.password).catch(() => false);
        throw invalidCredentials();
      }
      if (user.locked_until && user.locked_until.getTime() > Date.now()) {
        const retryAfter = Math.ceil((user.locked_until.getTime() - Date.now()) / 1000);
        throw new AppError(
          'locked',
          'ACCOUNT_LOCKED',
          `Too many failed logins; try again in ${retryAfter} s`,
          {
            headers: { 'retry-after': String(retryAfter) },
          },
        );
      }
      if (!(await verify(user.password_hash, input.password).catch(() => false))) {
        const after = await repo.recordFailedLogin(user.id, config.maxFailedLogins, config.lockoutSeconds);
        if (after?.locked_until && after.locked_until.getTime() > Date.now()) {
          throw new AppError(
            'locked',
            'ACCOUNT_LOCKED',
            'Too many failed logins; the account is locked for a while',
            {
              headers: { 'retry-after': String(config.lockoutSeconds) },
            },
          );
        }
        throw invalidCredentials();
      }
      if (user.status !== 'active')
        throw new AppError('forbidden', 'ACCOUNT_DISABLED', 'This account is disabled');
      const memberships = await repo.membershipsOfUsers([user.id]);
      const membership = input.organizationId
        ? memberships.find((m) => m.org_id === input.organizationId)
        : memberships[0];
      if (!membership) {
        throw new AppError(
          'forbidden',
          'NO_MEMBERSHIP',
          input.organizationId
            ? 'The user is not a member of that organization'
            : 'The user belongs to no organization',
        );
      }
      const org = await repo.findOrganization(membership.org_id);
      if (!org || org.status !== 'active')
        throw new AppError('forbidden', 'ORG_SUSPENDED', 'This organization is suspended');
      return startSession(ctx, user.id, user.username, membership.org_id, membership.roles as Role[]);
    },

    /** Exchanges a refresh token for a new pair; the old refresh token stops working (rotation). */
    async refresh(ctx: RequestContext, refreshToken: string): Promise<TokenPair> {
      const newRefresh = `rt_${randomToken()}`;
      const session = await repo.transaction(async (tx) => {
        const row = await repo.findSessionByRefreshHash(tx, sha256Hex(refreshToken));
        if (!row || row.revoked_at || row.expires_at.getTime() < Date.now()) {
          throw unauthenticated('REFRESH_TOKEN_INVALID', 'The refresh token is not valid; log in again');
        }
        await repo.rotateRefresh(
          tx,
          row.id,
          sha256Hex(newRefresh),
          new Date(Date.now() + config.refreshTokenSeconds * 1000),
        );
        return row;
      });
      // Membership or status may have changed since login: the new token must still be admissible.
      const principal = await loadSessionPrincipal(session.id, session.user_id, session.org_id);
      sessionCache.delete(session.id);
      return {
        accessToken: await issueAccessToken(principal.userId, session.id, session.org_id),
        refreshToken: newRefresh,
        expiresIn: config.accessTokenSeconds,
        tokenType: 'Bearer',
      };
    },

    async logout(ctx: RequestContext): Promise<void> {
      const sessionId = ctx.principal?.sessionId;
      if (!sessionId)
        throw new AppError('validation', 'NOT_A_SESSION', 'API keys have no session; revoke the key instead');
      await repo.transaction(async (tx) => {
        await repo.revokeSession(tx, sessionId);
        await recordChange(tx, ctx, {
          action: 'identity.session.ended',
          targetType: 'session',
          targetId: sessionId,
        });
      });
      sessionCache.delete(sessionId);
    },

    forgetSession(sessionId: string) {
      sessionCache.delete(sessionId);
    },

    /** Drops every cached principal in this process (after role, membership or status changes). */
    forgetAll() {
      sessionCache.clear();
      apiKeyCache.clear();
    },

    verifyPassword: (passwordHash: string, password: string) =>
      verify(passwordHash, password).catch(() => false),

    newApiKeySecret() {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
      const prefix = [...webcrypto.getRandomValues(new Uint8Array(12))]
        .map((b) => alphabet[b % alphabet.length])
        .join('');
      const secret = randomToken(32);
      return { prefix, secretHash: sha256Hex(secret), key: `ltk_${prefix}_${secret}` };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
