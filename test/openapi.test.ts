// The committed openapi.json and the console's generated client must match the server; CI fails when they drift.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import { testApp } from '../server/src/testing/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIX = 'run `npm run openapi` and commit the result';
let lt: Liutong;

beforeAll(async () => {
  lt = await testApp();
});
afterAll(() => lt.close());

describe('OpenAPI document', () => {
  it(`openapi.json is what the server serves (${FIX})`, async () => {
    const served = await lt.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const committed = readFileSync(path.join(ROOT, 'openapi.json'), 'utf8');
    expect(`${JSON.stringify(served.json(), null, 2)}\n`).toBe(committed);
  });

  it(`the console's typed client is generated from it (${FIX})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liutong-openapi-'));
    try {
      const out = path.join(dir, 'schema.d.ts');
      const bin = path.join(ROOT, 'node_modules/.bin/openapi-typescript');
      const res = spawnSync(bin, [path.join(ROOT, 'openapi.json'), '-o', out], { encoding: 'utf8' });
      expect(res.status, res.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(
        readFileSync(path.join(ROOT, 'console/src/api/schema.d.ts'), 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents every API operation with a summary, tags, errors as problem+json, and security unless public', () => {
    const spec = lt.app.swagger() as unknown as {
      paths: Record<
        string,
        Record<
          string,
          {
            summary?: string;
            tags?: string[];
            security?: unknown[];
            responses: Record<string, { content?: Record<string, unknown> }>;
          }
        >
      >;
    };
    for (const [p, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${p}`;
        expect(op.summary, where).toBeTruthy();
        expect(op.tags?.length, where).toBeGreaterThan(0);
        expect(Object.keys(op.responses['4XX']?.content ?? {}), where).toEqual(['application/problem+json']);
        expect(Array.isArray(op.security), where).toBe(true);
      }
    }
  });
});
