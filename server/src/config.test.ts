import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults: loopback, port 8080, ./data, demo on', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, demo: true });
    expect(c.dataDir).toMatch(/data$/);
    expect(c.databaseUrl).toBeUndefined();
  });

  it('takes environment variables and lets flags override them', () => {
    const env = {
      PORT: '9000',
      LIUTONG_DATA_DIR: '/srv/lt',
      DATABASE_URL: 'postgres://u@h/db',
      LIUTONG_BOOTSTRAP_ADMIN: 'root:s3cret-pass',
    };
    const c = loadConfig({ port: '9100' }, env);
    expect(c.port).toBe(9100);
    expect(c.dataDir).toBe('/srv/lt');
    expect(c.databaseUrl).toBe('postgres://u@h/db');
    expect(c.bootstrapAdmin).toEqual({ username: 'root', password: 's3cret-pass' });
    expect(loadConfig({ demo: false }, {}).demo).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LIUTONG_BOOTSTRAP_ADMIN: 'nocolon' }, 'LIUTONG_BOOTSTRAP_ADMIN'],
    [{ LIUTONG_BOOTSTRAP_ADMIN: 'root:short' }, 'LIUTONG_BOOTSTRAP_ADMIN'],
    [{ LIUTONG_ACCESS_TOKEN_SECONDS: '5' }, 'LIUTONG_ACCESS_TOKEN_SECONDS'],
    [{ LIUTONG_PLATFORM_REGION: '159999' }, 'LIUTONG_PLATFORM_REGION'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops on a bad setting and names it: %o', (env, name) => {
    expect(() => loadConfig({}, env)).toThrow(ConfigError);
    expect(() => loadConfig({}, env)).toThrow(name);
  });
});
