// The pure scoring method: bounds and determinism over random facts, monotonicity in failures, the timeliness
// curve, weights, trends and thresholds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnSchema, DatasetProfile } from '../enclave/types.ts';
import type { QualityRule } from './rules.ts';
import {
  INDICATORS,
  UPDATE_FREQUENCIES,
  WEIGHTS,
  belowThreshold,
  collapseShape,
  scoreQuality,
  trend,
  type QualityFacts,
  type QualityReport,
  type RuleResult,
} from './score.ts';

const TYPES = ['VARCHAR', 'BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'INTEGER[]'];
const column = fc.record({ name: fc.string({ maxLength: 6 }), type: fc.constantFrom(...TYPES) });
const count = fc.oneof(fc.nat({ max: 1000 }), fc.nat(), fc.constant(0));
const rule: fc.Arbitrary<QualityRule> = fc.oneof(
  fc.record({ kind: fc.constant('not_null' as const), column: fc.string({ maxLength: 4 }) }),
  fc.record({
    kind: fc.constant('range' as const),
    column: fc.string({ maxLength: 4 }),
    min: fc.integer(),
    max: fc.integer(),
  }),
  fc.record({
    kind: fc.constant('pattern' as const),
    column: fc.string({ maxLength: 4 }),
    regex: fc.constant('[0-9]+'),
  }),
  fc.record({
    kind: fc.constant('code_list' as const),
    column: fc.string({ maxLength: 4 }),
    values: fc.array(fc.string()),
  }),
  fc.record({
    kind: fc.constant('validator' as const),
    column: fc.string({ maxLength: 4 }),
    validator: fc.constant('cn_uscc' as const),
  }),
  fc.record({
    kind: fc.constant('reference' as const),
    column: fc.string({ maxLength: 4 }),
    dataset: fc.record({ parquet: fc.constant('/r.parquet'), column: fc.constant('id') }),
  }),
);
const profile: fc.Arbitrary<DatasetProfile> = fc.record({
  rows: count,
  columns: fc.array(
    fc.record({
      name: fc.string({ maxLength: 6 }),
      type: fc.constantFrom(...TYPES),
      nulls: count,
      distinct: count,
      min: fc.option(fc.string(), { nil: null }),
      max: fc.option(fc.string(), { nil: null }),
      patterns: fc.array(fc.record({ pattern: fc.stringMatching(/^[9aA汉\-/ ]{0,12}$/), count }), {
        maxLength: 5,
      }),
    }),
    { maxLength: 8 },
  ),
});
const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01') });
const facts: fc.Arbitrary<QualityFacts> = fc.record({
  schema: fc.array(column, { maxLength: 8 }),
  storedSchema: fc.option(fc.array(column, { maxLength: 8 }), { nil: null }),
  stored: fc.boolean(),
  profile,
  rules: fc.array(fc.record({ rule, checked: count, failed: count }), { maxLength: 10 }),
  newestDataTime: fc.option(fc.date(), { nil: null }),
  updateFrequency: fc.constantFrom(...UPDATE_FREQUENCIES),
  uploadedAt: date,
  now: fc.oneof(date, fc.date()),
  expectedRows: fc.option(fc.oneof(count, fc.double()), { nil: null }),
  openLevel: fc.option(fc.constantFrom('无条件开放', '有条件开放', '不予开放', ''), { nil: null }),
});

const oneDecimal = (x: number) => Math.abs(Math.round(x * 10) - x * 10) < 1e-9;
const clone = (f: QualityFacts): QualityFacts => ({
  ...structuredClone({ ...f, uploadedAt: null, now: null, newestDataTime: null }),
  uploadedAt: new Date(f.uploadedAt.getTime()),
  now: new Date(f.now.getTime()),
  newestDataTime: f.newestDataTime && new Date(f.newestDataTime.getTime()),
});

describe('scoreQuality', () => {
  it('keeps every score within 0..100 with one decimal, and gives the same report for the same facts', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const report = scoreQuality(f);
        expect(report.score).toBeGreaterThanOrEqual(0);
        expect(report.score).toBeLessThanOrEqual(100);
        expect(oneDecimal(report.score)).toBe(true);
        expect(report.indicators.map((i) => i.key)).toEqual([...INDICATORS]);
        for (const i of report.indicators) {
          if (i.score === null) continue;
          expect(i.score).toBeGreaterThanOrEqual(0);
          expect(i.score).toBeLessThanOrEqual(100);
          expect(oneDecimal(i.score)).toBe(true);
        }
        for (const r of report.rules) {
          expect(r.failed).toBeLessThanOrEqual(r.checked);
          expect(r.passRate).toBeGreaterThanOrEqual(0);
          expect(r.passRate).toBeLessThanOrEqual(1);
        }
        expect(scoreQuality(clone(f))).toEqual(report);
      }),
      { numRuns: 500 },
    );
  });

  it('never raises the score when a rule fails more rows', () => {
    fc.assert(
      fc.property(facts, fc.nat(), fc.integer({ min: 1, max: 1000 }), (f, pick, more) => {
        fc.pre(f.rules.length > 0);
        const i = pick % f.rules.length;
        const worse = {
          ...f,
          rules: f.rules.map((r, j) => (j === i ? { ...r, failed: r.failed + more } : r)),
        };
        expect(scoreQuality(worse).score).toBeLessThanOrEqual(scoreQuality(f).score);
      }),
      { numRuns: 300 },
    );
  });

  it('has weights that sum to one', () => {
    expect(Object.values(WEIGHTS).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  const schema: ColumnSchema[] = [
    { name: 'id', type: 'BIGINT' },
    { name: 'code', type: 'VARCHAR' },
  ];
  const plain = (over: Partial<QualityFacts> = {}): QualityFacts => ({
    schema,
    storedSchema: schema,
    stored: true,
    profile: {
      rows: 10,
      columns: [
        { name: 'id', type: 'BIGINT', nulls: 0, distinct: 10, min: '1', max: '10', patterns: [] },
        {
          name: 'code',
          type: 'VARCHAR',
          nulls: 2,
          distinct: 3,
          min: 'A1',
          max: 'B2',
          patterns: [{ pattern: 'A9', count: 8 }],
        },
      ],
    },
    rules: [],
    newestDataTime: null,
    updateFrequency: 'monthly',
    uploadedAt: new Date('2025-01-01T00:00:00Z'),
    now: new Date('2025-01-02T00:00:00Z'),
    openLevel: '无条件开放',
    ...over,
  });
  const byKey = (r: QualityReport) => Object.fromEntries(r.indicators.map((i) => [i.key, i.score]));

  it('follows the documented formulas', () => {
    const rules: RuleResult[] = [
      { rule: { kind: 'not_null', column: 'code' }, checked: 10, failed: 2 },
      { rule: { kind: 'pattern', column: 'code', regex: '[AB][0-9]' }, checked: 8, failed: 2 },
      { rule: { kind: 'range', column: 'id', min: 1, max: 5 }, checked: 10, failed: 5 },
      { rule: { kind: 'code_list', column: 'code', values: ['A1'] }, checked: 0, failed: 0 },
    ];
    const report = scoreQuality(plain({ rules, expectedRows: 20 }));
    expect(byKey(report)).toEqual({
      normativity: 87.5, // (types 1 + pattern 0.75) / 2; the code list checked nothing
      completeness: 73.3, // (fill 18/20 + not_null 0.8 + records 10/20) / 3
      accuracy: 50,
      consistency: 100, // the one text column has one shape
      timeliness: 100,
      accessibility: 100,
    });
    // 0.2·87.5 + 0.25·73.3 + 0.2·50 + 0.15·100 + 0.1·100 + 0.1·100 = 80.825
    expect(report.score).toBe(80.8);
    expect(report.rules[3]).toMatchObject({ checked: 0, passRate: 1 });
  });

  it('shares out the weight of indicators it cannot assess', () => {
    const report = scoreQuality(plain({ updateFrequency: 'irregular', profile: { rows: 10, columns: [] } }));
    expect(byKey(report)).toMatchObject({ accuracy: null, consistency: null, timeliness: null });
    expect(report.indicators.find((i) => i.key === 'accuracy')!.detail).toMatch(/^Not assessed/);
    // normativity 100, completeness: no columns → not assessed, accessibility 100
    expect(report.score).toBe(100);
  });

  it('scores an empty or unreadable version low', () => {
    const empty = scoreQuality(plain({ profile: { rows: 0, columns: [] } }));
    expect(byKey(empty).completeness).toBe(0);
    const unreadable = scoreQuality(plain({ storedSchema: null }));
    expect(byKey(unreadable)).toMatchObject({ normativity: 0, completeness: 0, accuracy: 0, consistency: 0 });
    expect(byKey(unreadable).accessibility).toBe(60);
  });

  it('ages data against the declared frequency: full marks to two periods, none from six', () => {
    const at = (days: number, updateFrequency: QualityFacts['updateFrequency']) =>
      byKey(
        scoreQuality(
          plain({
            updateFrequency,
            newestDataTime: new Date('2025-01-01T00:00:00Z'),
            uploadedAt: new Date('2025-01-01T00:00:00Z'),
            now: new Date(Date.parse('2025-01-01T00:00:00Z') + days * 86_400_000),
          }),
        ),
      ).timeliness;
    expect(at(2, 'daily')).toBe(100);
    expect(at(4, 'daily')).toBe(50);
    expect(at(6, 'daily')).toBe(0);
    expect(at(30, 'daily')).toBe(0);
    expect(at(60, 'monthly')).toBe(100);
    expect(at(124, 'monthly')).toBe(50);
    expect(at(700, 'yearly')).toBe(100);
    expect(at(1, 'realtime')).toBe(0);
    expect(at(0.05, 'realtime')).toBe(100);
    // Data newer than its upload (clock skew) counts from the upload.
    const skew = scoreQuality(
      plain({
        updateFrequency: 'daily',
        newestDataTime: new Date('2025-01-10T00:00:00Z'),
        uploadedAt: new Date('2025-01-01T00:00:00Z'),
        now: new Date('2025-01-10T00:00:00Z'),
      }),
    );
    expect(byKey(skew).timeliness).toBe(0);
  });

  it('collapses runs of one class in value shapes', () => {
    expect(collapseShape('9999-99-99')).toBe('9-9-9');
    expect(collapseShape('汉汉汉')).toBe('汉');
    expect(collapseShape('Aaaa 99')).toBe('Aa 9');
  });
});

describe('trend and belowThreshold', () => {
  it('reports the latest change and the slope in version order', () => {
    expect(trend([])).toMatchObject({ points: 0, direction: 'unknown', delta: null });
    expect(trend([{ version: 1, score: 70 }])).toMatchObject({ latest: 70, direction: 'unknown' });
    const t = trend([
      { version: 3, score: 80 },
      { version: 1, score: 60 },
      { version: 2, score: 70 },
    ]);
    expect(t).toEqual({ points: 3, latest: 80, previous: 70, delta: 10, slope: 10, direction: 'improving' });
    expect(
      trend([
        { version: 1, score: 90 },
        { version: 2, score: 85.5 },
      ]).direction,
    ).toBe('declining');
    expect(
      trend([
        { version: 1, score: 90 },
        { version: 2, score: 90.5 },
      ]).direction,
    ).toBe('stable');
  });

  it('compares a report with a threshold and refuses a threshold outside 0..100', () => {
    expect(belowThreshold({ score: 59.9 }, 60)).toBe(true);
    expect(belowThreshold({ score: 60 }, 60)).toBe(false);
    expect(() => belowThreshold({ score: 60 }, 101)).toThrow(RangeError);
    expect(() => belowThreshold({ score: 60 }, Number.NaN)).toThrow(RangeError);
  });
});
