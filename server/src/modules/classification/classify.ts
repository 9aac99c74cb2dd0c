// Column classification: which kinds of personal or sensitive information a column holds, how sure we are, and
// the grade per GB/T 43697 (the highest governs, 就高从严). Only counts leave this file, never the values.
import { NAME_HINTS, PII_TYPES, VALIDATORS, parseDate, type PiiType } from './detectors.ts';
import { DATE, FAST_VALIDATORS, SPECIAL, currentYear, dateYear, screen } from './fast.ts';

/** Grades of general data per GB/T 43697-2024 (1 lowest, 4 highest); important and core data are designated by people. */
export const GRADES = ['general_1', 'general_2', 'general_3', 'general_4', 'important', 'core'] as const;
export type Grade = (typeof GRADES)[number];
export type Category = 'public' | 'enterprise' | 'personal';

/** The general grade each type implies: sensitive personal information (PIPL art. 28) is grade 4. */
export const TYPE_GRADE: Record<PiiType, Grade> = {
  cn_resident_id: 'general_4',
  bank_card: 'general_4',
  cn_passport: 'general_4',
  cn_mobile: 'general_3',
  person_name: 'general_3',
  address: 'general_3',
  date_of_birth: 'general_3',
  cn_license_plate: 'general_3',
  email: 'general_3',
  cn_landline: 'general_2',
  ip_address: 'general_2',
  cn_uscc: 'general_1',
};

/** Share of non-empty values that must validate: lower when the column's name points at the type. */
const THRESHOLD = 0.8;
const THRESHOLD_WITH_NAME = 0.5;
/** Names of date columns that are not birth dates. */
const OTHER_DATES =
  /(交易|创建|更新|修改|成立|登记|注册|签订|办理|发生|开始|结束|截止|有效|入职|缴费|申请|发布|采集|time|created|updated|modified)/i;

export interface ColumnType {
  type: PiiType;
  /** Share of the sampled non-empty values that validated (0–1), rounded to three places. */
  confidence: number;
  matches: number;
}

export interface ColumnResult {
  name: string;
  sampled: number;
  empty: number;
  types: ColumnType[];
  grade: Grade;
}

export interface ClassificationResult {
  columns: ColumnResult[];
  grade: Grade;
  category: Category;
  rows: number;
  full: boolean;
}

const gradeRank = (g: Grade) => GRADES.indexOf(g);
export const highestGrade = (grades: Grade[]): Grade =>
  grades.reduce<Grade>((a, b) => (gradeRank(b) > gradeRank(a) ? b : a), 'general_1');

const round3 = (x: number) => Math.round(x * 1000) / 1000;

const EMPTY = /^(null|n\/a|-|—|无|\/)$/i;
/** The characters EMPTY's words begin with (with the i flag, only n and N match n). */
const EMPTY_FIRST = new Set(['n', 'N', '-', '—', '无', '/']);

const DOB = PII_TYPES.indexOf('date_of_birth');

/** What a ColumnAccumulator has counted, as plain data (it crosses to and from worker threads). */
export interface AccumulatorCounts {
  values: number;
  empty: number;
  counts: ArrayLike<number>;
  ages: ArrayLike<number>;
}

/**
 * Counts, value by value, what a column holds: constant memory, so a full scan of any size works. Every value
 * meets every validator that its characters allow (fast.ts): the counts are those of trying them all.
 */
export class ColumnAccumulator {
  readonly name: string;
  values = 0;
  empty = 0;
  /** Values that validated, per type in PII_TYPES order. */
  readonly counts = new Float64Array(PII_TYPES.length);
  /** Ages (years) of the values that read as dates, for telling birth dates from other dates. */
  readonly ages = new Array<number>(121).fill(0);

  constructor(name: string) {
    this.name = name;
  }

  get matches(): Map<PiiType, number> {
    return new Map(PII_TYPES.flatMap((t, i) => (this.counts[i] ? [[t, this.counts[i]] as const] : [])));
  }

  add(raw: string): void {
    const v = raw.trim();
    this.addTrimmed(v, v === '' ? 0 : screen(v));
  }

  /** add() for a value that is already trimmed, with its screen (fast.ts) worked out by the caller. */
  addTrimmed(v: string, screened: number): void {
    this.values++;
    if (v === '' || (v.length <= 4 && EMPTY_FIRST.has(v[0]!) && EMPTY.test(v))) {
      this.empty++;
      return;
    }
    if (screened & SPECIAL) {
      this.#addSlowly(v);
      return;
    }
    // The validators the screen lets through, lowest bit first.
    for (let rest = screened & ~DATE; rest !== 0; rest &= rest - 1) {
      const t = 31 - Math.clz32(rest & -rest);
      if (FAST_VALIDATORS[t]!(v)) this.counts[t]!++;
    }
    if (screened & DATE) {
      // isBirthDate is parseDate and an age of 1 to 120: one parse serves both.
      const y = dateYear(v);
      if (y >= 0) this.#date(y);
    }
  }

  /** Adds the counts of another accumulator of the same column (a full scan in parts). */
  merge(other: AccumulatorCounts): void {
    this.values += other.values;
    this.empty += other.empty;
    for (let t = 0; t < this.counts.length; t++) this.counts[t]! += other.counts[t]!;
    for (let age = 0; age < this.ages.length; age++) this.ages[age]! += other.ages[age]!;
  }

  /** Every validator of detectors.ts, for the rare values the fast path leaves to them. */
  #addSlowly(v: string): void {
    PII_TYPES.forEach((type, t) => {
      if (t !== DOB && VALIDATORS[type](v)) this.counts[t]!++;
    });
    const date = parseDate(v);
    if (date) this.#date(date.y);
  }

  #date(y: number): void {
    const age = currentYear() - y;
    if (age >= 1 && age <= 120) this.counts[DOB]!++;
    if (age >= 0 && age <= 120) this.ages[age]!++;
  }

  result(): ColumnResult {
    const present = this.values - this.empty;
    const types: ColumnType[] = [];
    if (present > 0) {
      for (const type of PII_TYPES) {
        const named = NAME_HINTS[type].test(this.name);
        const matches = this.counts[PII_TYPES.indexOf(type)]!;
        const share = matches / present;
        if (share < (named ? THRESHOLD_WITH_NAME : THRESHOLD)) continue;
        if (type === 'date_of_birth' && !named && !this.#plausibleBirthDates()) continue;
        types.push({ type, confidence: round3(share), matches });
      }
    }
    // Overlaps: a value that is an ID is not also a bank card; a mobile column is not also a landline column.
    const has = (t: PiiType) => types.some((x) => x.type === t);
    const drop = (t: PiiType) => {
      const i = types.findIndex((x) => x.type === t);
      if (i >= 0) types.splice(i, 1);
    };
    if (has('cn_resident_id')) drop('bank_card');
    if (has('cn_mobile') && has('cn_landline')) drop('cn_landline');
    types.sort((a, b) => b.confidence - a.confidence);
    return {
      name: this.name,
      sampled: this.values,
      empty: this.empty,
      types,
      grade: highestGrade(types.map((t) => TYPE_GRADE[t.type])),
    };
  }

  /** Without a telling column name, real dates are birth dates only if they read as adults' birthdays. */
  #plausibleBirthDates(): boolean {
    if (OTHER_DATES.test(this.name)) return false;
    const total = this.ages.reduce((a, b) => a + b, 0);
    let seen = 0;
    for (let age = 0; age <= 120; age++) {
      seen += this.ages[age]!;
      if (seen * 2 > total) return age >= 18 && age <= 80;
    }
    return false;
  }
}

/** Classifies one column from its name and (a sample of) its values. */
export function classifyColumn(name: string, values: readonly string[]): ColumnResult {
  const acc = new ColumnAccumulator(name);
  for (const v of values) acc.add(v);
  return acc.result();
}

/** The table's grade (the highest column's) and category (personal if any personal information). */
export function summarize(
  columns: ColumnResult[],
  options: { full: boolean; rows: number },
): ClassificationResult {
  const found = new Set(columns.flatMap((c) => c.types.map((t) => t.type)));
  const category: Category = [...found].some((t) => t !== 'cn_uscc')
    ? 'personal'
    : found.has('cn_uscc')
      ? 'enterprise'
      : 'public';
  return {
    columns,
    grade: highestGrade(columns.map((c) => c.grade)),
    category,
    rows: options.rows,
    full: options.full,
  };
}
