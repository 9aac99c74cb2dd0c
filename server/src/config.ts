// The server's configuration: one typed object, built from defaults, environment and CLI flags, then validated.
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { isValidRegionCode } from './platform/codes/region.ts';

export const ConfigSchema = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** Directory of the embedded PostgreSQL (PGlite); `memory://` keeps it in memory. */
  dataDir: Type.String({ minLength: 1 }),
  /** PostgreSQL server connection; when set, the embedded store is not used. */
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  demo: Type.Boolean(),
  /** Region the platform serves (GB/T 2260); home of the bootstrap administrator's organization. */
  platformRegion: Type.String({ pattern: '^\\d{6}$' }),
  demoPassword: Type.Optional(Type.String({ minLength: 8, maxLength: 128 })),
  bootstrapAdmin: Type.Optional(
    Type.Object({
      username: Type.String({ pattern: '^[a-z][a-z0-9_.-]{2,63}$' }),
      password: Type.String({ minLength: 8, maxLength: 128 }),
    }),
  ),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  auth: Type.Object({
    accessTokenSeconds: Type.Integer({ minimum: 30, maximum: 86_400 }),
    refreshTokenSeconds: Type.Integer({ minimum: 300, maximum: 90 * 86_400 }),
    /** How long a process may trust a cached session or API key before re-reading it (0 = never cache). */
    cacheSeconds: Type.Integer({ minimum: 0, maximum: 300 }),
    maxFailedLogins: Type.Integer({ minimum: 1, maximum: 100 }),
    lockoutSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
    /** Login and refresh attempts allowed per client IP per minute. */
    loginRatePerMinute: Type.Integer({ minimum: 1, maximum: 100_000 }),
  }),
  bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
  ledger: Type.Object({
    /** The origin line of checkpoints: the log's name. */
    origin: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$' }),
    /** `intl`: SHA-256 tree, Ed25519 checkpoints; `gm`: SM3 tree, SM2 checkpoints (GB/T 32905, GB/T 32918). */
    suite: Type.Union([Type.Literal('intl'), Type.Literal('gm')]),
    key: Type.Optional(Type.String({ pattern: '^PRIVATE\\+KEY\\+' })),
    keyFile: Type.Optional(Type.String({ minLength: 1 })),
    /** How often the sequencer integrates pending events (0 = only on demand). */
    sequencerIntervalMs: Type.Integer({ minimum: 0, maximum: 3_600_000 }),
  }),
  rights: Type.Object({
    /** The public notice period (公示期) of registrations, in seconds. */
    noticeSeconds: Type.Integer({ minimum: 0, maximum: 365 * 86_400 }),
  }),
  catalog: Type.Object({
    /** The public notice period (公示期) of resource registrations, in seconds. */
    noticeSeconds: Type.Integer({ minimum: 0, maximum: 365 * 86_400 }),
  }),
  datasets: Type.Object({
    /** The largest file one upload may carry, in bytes. */
    uploadLimitBytes: Type.Integer({ minimum: 1024, maximum: 1024 ** 4 }),
    /** Rows the classifier samples when no full scan is asked for. */
    classifySample: Type.Integer({ minimum: 100, maximum: 10_000_000 }),
  }),
  consoleDir: Type.Optional(Type.String()),
});
export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`invalid setting ${setting}: ${message}`);
    this.setting = setting;
  }
}

/** Flags given on the command line; each overrides its environment variable. */
export interface ConfigFlags {
  host?: string;
  port?: string | number;
  dataDir?: string;
  demo?: boolean;
  logLevel?: string;
}

const ENV_NAMES: Record<string, string> = {
  '/host': 'HOST',
  '/port': 'PORT',
  '/dataDir': 'LIUTONG_DATA_DIR',
  '/databaseUrl': 'DATABASE_URL',
  '/platformRegion': 'LIUTONG_PLATFORM_REGION',
  '/demoPassword': 'LIUTONG_DEMO_PASSWORD',
  '/bootstrapAdmin': 'LIUTONG_BOOTSTRAP_ADMIN',
  '/logLevel': 'LOG_LEVEL',
  '/auth/accessTokenSeconds': 'LIUTONG_ACCESS_TOKEN_SECONDS',
  '/auth/refreshTokenSeconds': 'LIUTONG_REFRESH_TOKEN_SECONDS',
  '/auth/cacheSeconds': 'LIUTONG_AUTH_CACHE_SECONDS',
  '/auth/maxFailedLogins': 'LIUTONG_MAX_FAILED_LOGINS',
  '/auth/lockoutSeconds': 'LIUTONG_LOCKOUT_SECONDS',
  '/auth/loginRatePerMinute': 'LIUTONG_LOGIN_RATE_PER_MINUTE',
  '/bodyLimitBytes': 'LIUTONG_BODY_LIMIT_BYTES',
  '/consoleDir': 'LIUTONG_CONSOLE_DIR',
  '/ledger/origin': 'LIUTONG_LEDGER_ORIGIN',
  '/ledger/suite': 'LIUTONG_CRYPTO_SUITE',
  '/ledger/key': 'LIUTONG_LEDGER_KEY',
  '/ledger/keyFile': 'LIUTONG_LEDGER_KEY_FILE',
  '/ledger/sequencerIntervalMs': 'LIUTONG_SEQUENCER_INTERVAL_MS',
  '/rights/noticeSeconds': 'LIUTONG_RIGHTS_NOTICE_SECONDS',
  '/catalog/noticeSeconds': 'LIUTONG_CATALOG_NOTICE_SECONDS',
  '/datasets/uploadLimitBytes': 'LIUTONG_UPLOAD_LIMIT_BYTES',
  '/datasets/classifySample': 'LIUTONG_CLASSIFY_SAMPLE',
};

function integer(value: string | number | undefined, setting: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value;
  if (!/^-?\d+$/.test(value.trim())) throw new ConfigError(setting, `"${value}" is not a whole number`);
  return Number(value);
}

function bootstrapAdmin(value: string | undefined): Config['bootstrapAdmin'] {
  if (!value) return undefined;
  const colon = value.indexOf(':');
  if (colon <= 0) throw new ConfigError('LIUTONG_BOOTSTRAP_ADMIN', 'expected user:password');
  return { username: value.slice(0, colon), password: value.slice(colon + 1) };
}

/** Builds and validates the configuration; throws ConfigError naming the first bad setting. */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const candidate = {
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    port: integer(flags.port, '--port') ?? integer(env.PORT, 'PORT') ?? 8080,
    dataDir: flags.dataDir ?? env.LIUTONG_DATA_DIR ?? path.resolve('data'),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: flags.demo ?? env.LIUTONG_DEMO !== 'false',
    platformRegion: env.LIUTONG_PLATFORM_REGION ?? '150100',
    demoPassword: env.LIUTONG_DEMO_PASSWORD || undefined,
    bootstrapAdmin: bootstrapAdmin(env.LIUTONG_BOOTSTRAP_ADMIN),
    logLevel: flags.logLevel ?? env.LOG_LEVEL ?? 'info',
    auth: {
      accessTokenSeconds: integer(env.LIUTONG_ACCESS_TOKEN_SECONDS, 'LIUTONG_ACCESS_TOKEN_SECONDS') ?? 900,
      refreshTokenSeconds:
        integer(env.LIUTONG_REFRESH_TOKEN_SECONDS, 'LIUTONG_REFRESH_TOKEN_SECONDS') ?? 7 * 86_400,
      cacheSeconds: integer(env.LIUTONG_AUTH_CACHE_SECONDS, 'LIUTONG_AUTH_CACHE_SECONDS') ?? 5,
      maxFailedLogins: integer(env.LIUTONG_MAX_FAILED_LOGINS, 'LIUTONG_MAX_FAILED_LOGINS') ?? 5,
      lockoutSeconds: integer(env.LIUTONG_LOCKOUT_SECONDS, 'LIUTONG_LOCKOUT_SECONDS') ?? 900,
      loginRatePerMinute: integer(env.LIUTONG_LOGIN_RATE_PER_MINUTE, 'LIUTONG_LOGIN_RATE_PER_MINUTE') ?? 30,
    },
    bodyLimitBytes: integer(env.LIUTONG_BODY_LIMIT_BYTES, 'LIUTONG_BODY_LIMIT_BYTES') ?? 1024 * 1024,
    consoleDir: env.LIUTONG_CONSOLE_DIR || undefined,
    ledger: {
      origin: env.LIUTONG_LEDGER_ORIGIN ?? 'liutong.local/ledger',
      suite: (env.LIUTONG_CRYPTO_SUITE || 'intl') as 'intl' | 'gm',
      key: env.LIUTONG_LEDGER_KEY || undefined,
      keyFile: env.LIUTONG_LEDGER_KEY_FILE || undefined,
      sequencerIntervalMs: integer(env.LIUTONG_SEQUENCER_INTERVAL_MS, 'LIUTONG_SEQUENCER_INTERVAL_MS') ?? 500,
    },
    rights: {
      // Five days by default, the common 公示期 of registration notices.
      noticeSeconds:
        integer(env.LIUTONG_RIGHTS_NOTICE_SECONDS, 'LIUTONG_RIGHTS_NOTICE_SECONDS') ?? 5 * 86_400,
    },
    catalog: {
      noticeSeconds:
        integer(env.LIUTONG_CATALOG_NOTICE_SECONDS, 'LIUTONG_CATALOG_NOTICE_SECONDS') ?? 5 * 86_400,
    },
    datasets: {
      // 2 GiB by default: large enough for a year of most departments' tables, small enough to refuse a mistake.
      uploadLimitBytes:
        integer(env.LIUTONG_UPLOAD_LIMIT_BYTES, 'LIUTONG_UPLOAD_LIMIT_BYTES') ?? 2 * 1024 ** 3,
      classifySample: integer(env.LIUTONG_CLASSIFY_SAMPLE, 'LIUTONG_CLASSIFY_SAMPLE') ?? 10_000,
    },
  };
  return validateConfig(candidate);
}

/** Validates a whole configuration object (also used by tests that build one directly). */
export function validateConfig(candidate: unknown): Config {
  const [first] = Value.Errors(ConfigSchema, candidate);
  if (first) {
    // A nested error (e.g. /bootstrapAdmin/password) is reported under the variable that set its parent.
    const key = Object.keys(ENV_NAMES)
      .filter((k) => first.instancePath === k || first.instancePath.startsWith(`${k}/`))
      .sort((a, b) => b.length - a.length)[0];
    const env = key ? ENV_NAMES[key] : undefined;
    const name = env ? `${env} (${first.instancePath.slice(1)})` : first.instancePath.slice(1) || 'config';
    throw new ConfigError(name, first.message);
  }
  const config = candidate as Config;
  if (!isValidRegionCode(config.platformRegion)) {
    throw new ConfigError(
      'LIUTONG_PLATFORM_REGION (platformRegion)',
      `${config.platformRegion} is not a GB/T 2260 code`,
    );
  }
  return config;
}
