/**
 * Pure scoring of a dataset version's quality per GB/T 36344-2018 (信息技术 数据质量评价指标), from facts that
 * assess.ts counts with DuckDB (or a test makes up). No I/O, no clock: the same facts give the same report.
 *
 * Method `liutong-quality/1`. Every indicator is the mean of its items, each a fraction in 0..1, times 100,
 * rounded to one decimal. An item is a rule's pass rate, (checked − failed) / checked, or a check described
 * below. Rules that checked nothing (an all-null column) are reported but give no item. An indicator with no
 * item is not assessed (score null) and its weight is shared out among the others.
 *
 * | indicator            | weight | items                                                                       |
 * |----------------------|--------|-----------------------------------------------------------------------------|
 * | normativity 规范性   | 0.20   | type conformance: columns present in both the declared and the stored schema |
 * |                      |        | with the same type ÷ columns in either; pattern and code_list pass rates      |
 * | completeness 完整性  | 0.25   | cell fill rate 1 − Σ nulls ÷ (rows × columns); not_null pass rates (blank    |
 * |                      |        | text counts as missing); rows ÷ expected rows (capped at 1) when expected     |
 * |                      |        | is declared. A version without rows scores 0.                                 |
 * | accuracy 准确性      | 0.20   | range and validator pass rates                                               |
 * | consistency 一致性   | 0.15   | per text column, the share of non-null values in its dominant shape (profile |
 * |                      |        | patterns with runs of one class collapsed: 9999-99-99 → 9-9-9, 汉汉汉 → 汉);   |
 * |                      |        | columns whose listed shapes cover under half the values are free text and     |
 * |                      |        | skipped; reference pass rates (values found in the referenced version)        |
 * | timeliness 时效性    | 0.10   | age = now − reference time, where the reference is the newest date/timestamp |
 * |                      |        | in the data not after now (or the upload time, whichever is earlier); with   |
 * |                      |        | period P of the declared frequency: 1 while age ≤ 2P (one period to the next  |
 * |                      |        | update, one of publication lag), falling linearly to 0 at 6P. Irregular        |
 * |                      |        | updates have no expected age: not assessed.                                   |
 * | accessibility 可访问性| 0.10  | stored (file present, not empty); readable (DuckDB reads it); has a schema;  |
 * |                      |        | share of columns with a usable unique name (not blank, not column0/Unnamed:…) |
 * |                      |        | registered with an open level                                                |
 *
 * P: realtime 1 hour, daily 1 day, weekly 7 days, monthly 31 days, quarterly 92 days, yearly 366 days.
 * A version DuckDB cannot read scores 0 on normativity, completeness, accuracy and consistency.
 * Total = Σ weight × indicator score ÷ Σ weight over assessed indicators, using the rounded indicator scores,
 * rounded to one decimal; always within 0..100.
 */
import type { ColumnSchema, DatasetProfile } from '../enclave/types.ts';
import { describeRule, typeFamily, type QualityRule } from './rules.ts';

export const QUALITY_METHOD = 'liutong-quality/1';

export const INDICATORS = [
  'normativity',
  'completeness',
  'accuracy',
  'consistency',
  'timeliness',
  'accessibility',
] as const;
export type IndicatorKey = (typeof INDICATORS)[number];

export const WEIGHTS: Readonly<Record<IndicatorKey, number>> = {
  normativity: 0.2,
  completeness: 0.25,
  accuracy: 0.2,
  consistency: 0.15,
  timeliness: 0.1,
  accessibility: 0.1,
};

export const UPDATE_FREQUENCIES = [
  'realtime',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'yearly',
  'irregular',
] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The period of each declared frequency; irregular has none. */
export const PERIOD_MS: Readonly<Record<Exclude<UpdateFrequency, 'irregular'>, number>> = {
  realtime: HOUR,
  daily: DAY,
  weekly: 7 * DAY,
  monthly: 31 * DAY,
  quarterly: 92 * DAY,
  yearly: 366 * DAY,
};
/** Full timeliness up to this many periods, none from FRESH_PERIODS + FADE_PERIODS on. */
const FRESH_PERIODS = 2;
const FADE_PERIODS = 4;
/** Listed shapes must cover at least this share of a text column's values for its format to count. */
const FORMATTED_COVERAGE = 0.5;

/** What counting found for one rule: rows (or non-null values) checked and how many broke it. */
export interface RuleResult {
  rule: QualityRule;
  checked: number;
  failed: number;
  /** Why a rule could not be checked as declared, e.g. its column is missing from the stored version. */
  note?: string;
}

/** A rule's outcome in the report: counts only, never values. passRate is 0..1 (4 places); 1 when nothing was checked. */
export interface RuleOutcome extends RuleResult {
  passRate: number;
}

export interface IndicatorResult {
  key: IndicatorKey;
  /** 0..100 with one decimal, or null when nothing could be assessed for it. */
  score: number | null;
  /** The nominal weight; assessed indicators share the weight of those that are not. */
  weight: number;
  /** English explanation of the score, with counts and column names, never values. */
  detail: string;
}

export interface QualityReport {
  method: typeof QUALITY_METHOD;
  /** 0..100, one decimal. */
  score: number;
  indicators: IndicatorResult[];
  rules: RuleOutcome[];
}

/** Everything the score depends on. assess.ts gathers it; tests can make it up. */
export interface QualityFacts {
  /** The schema declared for the version. */
  schema: ColumnSchema[];
  /** The schema DuckDB read from the stored file; null when the file could not be read. */
  storedSchema: ColumnSchema[] | null;
  /** The file exists and is not empty. */
  stored: boolean;
  profile: DatasetProfile;
  rules: RuleResult[];
  /** The newest date/timestamp value in the data that is not after `now`, or null when there is none. */
  newestDataTime: Date | null;
  /** The column the newest value came from, for the detail. */
  newestDataColumn?: string | null;
  updateFrequency: UpdateFrequency;
  uploadedAt: Date;
  now: Date;
  /** Rows the holder expects (e.g. from the previous version or the inventory); optional. */
  expectedRows?: number | null;
  /** The resource's registered open level (无条件开放 / 有条件开放 / 不予开放), if registered. */
  openLevel?: string | null;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const round1 = (x: number) => Math.round(x * 10) / 10;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const pct = (x: number) => `${round1(clamp01(x) * 100)}%`;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const count = (n: number) => Math.max(0, Math.floor(Number.isFinite(n) ? n : 0));

const normType = (t: string) => t.trim().toUpperCase().replace(/\s+/g, ' ');
/** Names tools make up when a file has no header; they carry no meaning. */
const GENERATED_NAME = /^(column|col|field|unnamed)[ _:.-]*\d*$|^(_c|v|x)\d+$/i;

/** A value shape with each run of one class (9, a, A, 汉) collapsed to one character. */
export const collapseShape = (shape: string): string => shape.replace(/(9|a|A|汉)\1+/g, '$1');

export function ruleOutcome(result: RuleResult): RuleOutcome {
  const checked = count(result.checked);
  const failed = Math.min(checked, count(result.failed));
  const outcome: RuleOutcome = {
    rule: result.rule,
    checked,
    failed,
    passRate: checked === 0 ? 1 : round4((checked - failed) / checked),
  };
  if (result.note !== undefined) outcome.note = result.note;
  return outcome;
}

interface Item {
  label: string;
  value: number;
}
interface Part {
  items: Item[];
  /** What to say when there are no items, or a fixed score with its reason. */
  empty?: string;
  fixed?: { value: number; detail: string };
  lead?: string;
}

/** Scores a version from its facts; deterministic, total within 0..100. */
export function scoreQuality(facts: QualityFacts): QualityReport {
  const rules = facts.rules.map(ruleOutcome);
  const readable = facts.storedSchema !== null;
  const unreadable = { value: 0, detail: 'The stored version could not be read.' };
  const rows = count(facts.profile.rows);
  const ruleItems = (kinds: QualityRule['kind'][]): Item[] =>
    rules
      .filter((r) => kinds.includes(r.rule.kind) && r.checked > 0)
      .map((r) => ({ label: describeRule(r.rule), value: (r.checked - r.failed) / r.checked }));

  const parts: Record<IndicatorKey, Part> = {
    normativity: readable
      ? normativity(facts, ruleItems(['pattern', 'code_list']))
      : { items: [], fixed: unreadable },
    completeness: !readable
      ? { items: [], fixed: unreadable }
      : rows === 0
        ? { items: [], fixed: { value: 0, detail: 'The version has no rows.' } }
        : completeness(facts, rows, ruleItems(['not_null'])),
    accuracy: readable
      ? { items: ruleItems(['range', 'validator']), empty: 'No range or validator rules checked any value.' }
      : { items: [], fixed: unreadable },
    consistency: readable
      ? consistency(facts, rows, ruleItems(['reference']))
      : { items: [], fixed: unreadable },
    timeliness: timeliness(facts),
    accessibility: accessibility(facts),
  };

  const indicators: IndicatorResult[] = INDICATORS.map((key) => {
    const part = parts[key];
    if (part.fixed)
      return {
        key,
        score: round1(clamp01(part.fixed.value) * 100),
        weight: WEIGHTS[key],
        detail: part.fixed.detail,
      };
    if (part.items.length === 0)
      return {
        key,
        score: null,
        weight: WEIGHTS[key],
        detail: `Not assessed: ${part.empty ?? 'nothing to check.'}`,
      };
    const score = round1(clamp01(mean(part.items.map((i) => clamp01(i.value)))) * 100);
    return { key, score, weight: WEIGHTS[key], detail: itemsDetail(part) };
  });

  let sum = 0;
  let weights = 0;
  for (const i of indicators) {
    if (i.score === null) continue;
    sum += i.weight * i.score;
    weights += i.weight;
  }
  const score = weights === 0 ? 0 : Math.min(100, Math.max(0, round1(sum / weights)));
  return { method: QUALITY_METHOD, score, indicators, rules };
}

function itemsDetail(part: Part): string {
  const items = part.items;
  const shown = [...items].sort((a, b) => a.value - b.value).slice(0, 5);
  const parts = shown.map((i) => `${i.label} ${pct(i.value)}`);
  const more = items.length > shown.length ? `, and ${items.length - shown.length} more` : '';
  const lead = part.lead ? `${part.lead} ` : '';
  return `${lead}Mean of ${items.length} item${items.length === 1 ? '' : 's'} (lowest first): ${parts.join('; ')}${more}.`;
}

function normativity(facts: QualityFacts, ruleItems: Item[]): Part {
  const declared = new Map(facts.schema.map((c) => [c.name, normType(c.type)]));
  const stored = new Map((facts.storedSchema ?? []).map((c) => [c.name, normType(c.type)]));
  const names = new Set([...declared.keys(), ...stored.keys()]);
  let matching = 0;
  for (const name of names) if (declared.has(name) && declared.get(name) === stored.get(name)) matching++;
  const items: Item[] = [
    {
      label: `declared types (${matching}/${names.size} columns)`,
      value: names.size === 0 ? 0 : matching / names.size,
    },
    ...ruleItems,
  ];
  const lead =
    ruleItems.length === 0
      ? 'No pattern or code_list rule checked any value; only declared types were compared.'
      : '';
  return { items, lead };
}

function completeness(facts: QualityFacts, rows: number, ruleItems: Item[]): Part {
  const items: Item[] = [];
  const columns = facts.profile.columns;
  if (columns.length > 0) {
    const nulls = columns.reduce((s, c) => s + Math.min(rows, count(c.nulls)), 0);
    items.push({
      label: `filled cells (${columns.length} columns × ${rows} rows)`,
      value: 1 - nulls / (rows * columns.length),
    });
  }
  items.push(...ruleItems);
  const expected = facts.expectedRows;
  if (expected !== undefined && expected !== null && Number.isFinite(expected) && expected > 0)
    items.push({
      label: `records (${rows} of ${Math.floor(expected)} expected)`,
      value: Math.min(1, rows / expected),
    });
  return { items, empty: 'The profile lists no columns.' };
}

function consistency(facts: QualityFacts, rows: number, ruleItems: Item[]): Part {
  const items: Item[] = [];
  let freeText = 0;
  for (const column of facts.profile.columns) {
    if (typeFamily(column.type) !== 'text') continue;
    const nonNull = rows - Math.min(rows, count(column.nulls));
    if (nonNull === 0 || column.patterns.length === 0) continue;
    const merged = new Map<string, number>();
    for (const p of column.patterns) {
      const shape = collapseShape(p.pattern);
      merged.set(shape, (merged.get(shape) ?? 0) + count(p.count));
    }
    const counts = [...merged.values()];
    const covered = counts.reduce((s, n) => s + n, 0);
    if (covered / nonNull < FORMATTED_COVERAGE) {
      freeText++;
      continue;
    }
    items.push({ label: `format of ${column.name}`, value: Math.max(...counts) / nonNull });
  }
  items.push(...ruleItems);
  const lead = freeText > 0 ? `${freeText} free-text column${freeText === 1 ? '' : 's'} skipped.` : '';
  return { items, lead, empty: 'No text column with a dominant format and no reference rule.' };
}

function timeliness(facts: QualityFacts): Part {
  if (facts.updateFrequency === 'irregular')
    return { items: [], empty: 'the update frequency is irregular, so no age is expected.' };
  const period = PERIOD_MS[facts.updateFrequency];
  const upload = facts.uploadedAt.getTime();
  const data = facts.newestDataTime?.getTime();
  const fromData = data !== undefined && Number.isFinite(data) && data <= upload;
  const reference = fromData && data !== undefined ? data : upload;
  const age = Math.max(0, facts.now.getTime() - reference);
  const value = clamp01(1 - (age / period - FRESH_PERIODS) / FADE_PERIODS);
  const source = fromData
    ? `the newest value${facts.newestDataColumn ? ` in ${facts.newestDataColumn}` : ''}`
    : 'the upload';
  const days = round1(age / DAY);
  return {
    items: [],
    fixed: {
      value,
      detail: `Age of ${source}: ${days} days; a ${facts.updateFrequency} dataset keeps full marks up to ${round1((FRESH_PERIODS * period) / DAY)} days and none from ${round1(((FRESH_PERIODS + FADE_PERIODS) * period) / DAY)} days.`,
    },
  };
}

function accessibility(facts: QualityFacts): Part {
  const readable = facts.storedSchema !== null;
  const columns = facts.storedSchema ?? facts.schema;
  const seen = new Map<string, number>();
  for (const c of columns)
    seen.set(c.name.trim().toLowerCase(), (seen.get(c.name.trim().toLowerCase()) ?? 0) + 1);
  const named = columns.filter(
    (c) =>
      c.name.trim() !== '' &&
      !GENERATED_NAME.test(c.name.trim()) &&
      seen.get(c.name.trim().toLowerCase()) === 1,
  ).length;
  const open = typeof facts.openLevel === 'string' && facts.openLevel.trim() !== '';
  const items: Item[] = [
    { label: 'stored', value: facts.stored ? 1 : 0 },
    { label: 'readable', value: readable ? 1 : 0 },
    {
      label: 'has a schema',
      value: facts.schema.length > 0 && (facts.storedSchema?.length ?? 0) > 0 ? 1 : 0,
    },
    {
      label: `named columns (${named}/${columns.length})`,
      value: columns.length === 0 ? 0 : named / columns.length,
    },
    { label: open ? 'registered open level' : 'no registered open level', value: open ? 1 : 0 },
  ];
  return { items };
}

export interface QualityTrend {
  points: number;
  latest: number | null;
  previous: number | null;
  /** latest − previous, one decimal. */
  delta: number | null;
  /** Least-squares slope in points per version over all points, two decimals. */
  slope: number | null;
  /** From delta: more than one point up or down, else stable; unknown with fewer than two points. */
  direction: 'improving' | 'declining' | 'stable' | 'unknown';
}

/** How the score moves across versions (in version order, whatever the input order). */
export function trend(scores: { version: number; score: number }[]): QualityTrend {
  const points = [...scores]
    .filter((p) => Number.isFinite(p.version) && Number.isFinite(p.score))
    .sort((a, b) => a.version - b.version);
  const latest = points.at(-1)?.score ?? null;
  const previous = points.at(-2)?.score ?? null;
  if (latest === null || previous === null)
    return { points: points.length, latest, previous, delta: null, slope: null, direction: 'unknown' };
  const delta = round1(latest - previous);
  const mx = mean(points.map((p) => p.version));
  const my = mean(points.map((p) => p.score));
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.version - mx) * (p.score - my);
    den += (p.version - mx) ** 2;
  }
  const slope = den === 0 ? 0 : Math.round((num / den) * 100) / 100;
  const direction = delta > 1 ? 'improving' : delta < -1 ? 'declining' : 'stable';
  return { points: points.length, latest, previous, delta, slope, direction };
}

/** Whether a report's total is under a threshold (0..100), e.g. the listing minimum. */
export function belowThreshold(report: Pick<QualityReport, 'score'>, threshold: number): boolean {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100)
    throw new RangeError(`threshold must be a number within 0..100, got ${threshold}`);
  return report.score < threshold;
}
