import { describe, expect, it } from 'vitest';
import { isValidRegionCode } from '../../platform/codes/region.ts';
import { isValidUscc } from '../../platform/codes/uscc.ts';
import {
  DECOY_KINDS,
  REGION_CODES,
  TYPES,
  generateAnnotatedCorpus,
  generateCorpus,
  type AnnotatedColumn,
  type PiiType,
} from './corpus.ts';

// Independent reimplementations of the checks, so the generator is not checked against itself.

function gb11643Valid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (weights[i] ?? 0);
  if ('10X98765432'[sum % 11] !== id[17]) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 1940 &&
    y <= 2010 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d
  );
}

function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const corpus = generateAnnotatedCorpus(20261122);

/** Trimmed values of the column that are neither empty nor marked malformed. */
function clean(column: AnnotatedColumn): string[] {
  const skip = new Set([...column.empty, ...column.malformed]);
  return column.values.filter((_, i) => !skip.has(i)).map((v) => v.trim());
}

const ofType = (type: PiiType): AnnotatedColumn[] => corpus.filter((c) => c.label === type);

/** Every clean value passes, and at least 95% of all non-empty values pass (the dirt is at most 3%). */
function expectValid(type: PiiType, valid: (value: string) => boolean): void {
  for (const column of ofType(type)) {
    const bad = clean(column).filter((v) => !valid(v));
    expect(bad, `${type} column ${column.name}`).toEqual([]);
    const nonEmpty = column.values.filter((_, i) => !column.empty.includes(i));
    const passing = nonEmpty.filter((v) => valid(v.trim())).length;
    expect(passing / nonEmpty.length).toBeGreaterThanOrEqual(0.95);
    for (const i of column.malformed)
      expect(valid(column.values[i]?.trim() ?? ''), column.values[i]).toBe(false);
  }
}

describe('generateCorpus', () => {
  it('has the default shape: 12 columns per type, 60 decoys, 200 rows', () => {
    expect(corpus).toHaveLength(TYPES.length * 12 + 60);
    for (const type of TYPES) expect(ofType(type)).toHaveLength(12);
    expect(corpus.filter((c) => c.label === null)).toHaveLength(60);
    for (const column of corpus) expect(column.values).toHaveLength(200);
    const small = generateCorpus(1, { columnsPerType: 2, decoys: 5, rows: 10 });
    expect(small).toHaveLength(TYPES.length * 2 + 5);
    for (const column of small) expect(column.values).toHaveLength(10);
  });

  it('is deterministic from the seed and differs between seeds', () => {
    expect(generateCorpus(42)).toEqual(generateCorpus(42));
    expect(generateAnnotatedCorpus(7, { rows: 20 })).toEqual(generateAnnotatedCorpus(7, { rows: 20 }));
    expect(generateCorpus(43)).not.toEqual(generateCorpus(42));
    expect(generateCorpus(42)[0]?.values).not.toEqual(generateCorpus(43)[0]?.values);
  });

  it('returns plain labelled columns without annotations', () => {
    for (const column of generateCorpus(3, { rows: 5 })) {
      expect(Object.keys(column).sort()).toEqual(['label', 'name', 'values']);
    }
  });

  it('keeps dirt within bounds: 5-10% empty cells, at most 3% malformed, malformed only in PII columns', () => {
    for (const column of corpus) {
      expect(column.empty.length).toBeGreaterThanOrEqual(10);
      expect(column.empty.length).toBeLessThanOrEqual(20);
      expect(column.malformed.length).toBeLessThanOrEqual(6);
      if (column.label === null) expect(column.malformed).toEqual([]);
      for (const i of column.empty) expect(['', 'NULL', '-', '无', '/']).toContain(column.values[i]);
      for (const i of column.padded) expect(column.values[i]).not.toBe(column.values[i]?.trim());
    }
    expect(corpus.some((c) => c.malformed.length > 0)).toBe(true);
    expect(corpus.some((c) => c.padded.length > 0)).toBe(true);
  });

  it('hides some PII behind neutral names', () => {
    for (const type of TYPES) {
      const names = ofType(type).map((c) => c.name);
      expect(
        names.some((n) => /^(col_|field|字段|c\d|扩展|remark|data|value|其他|ext|F_|说明|备注)/.test(n)),
      ).toBe(true);
    }
  });

  it('uses real region codes', () => {
    for (const code of REGION_CODES) expect(isValidRegionCode(code), code).toBe(true);
  });
});

describe('PII values are valid', () => {
  it('resident IDs pass GB 11643-1999 with real regions and birth dates 1940-2010', () => {
    expectValid('cn_resident_id', (v) => gb11643Valid(v) && isValidRegionCode(v.slice(0, 6)));
  });

  it('unified social credit codes pass isValidUscc', () => {
    expectValid('cn_uscc', (v) => isValidUscc(v) && isValidRegionCode(v.slice(2, 8)));
  });

  it('bank cards pass Luhn with 16-19 digits and real network prefixes', () => {
    expectValid('bank_card', (v) => {
      const digits = v.replace(/ /g, '');
      return luhn(digits) && /^(62|4|5[1-5])\d{14,17}$/.test(digits);
    });
  });

  it('mobiles are 1[3-9] numbers in the usual formats', () => {
    expectValid('cn_mobile', (v) => /^1[3-9]\d{9}$/.test(v.replace(/^\+86/, '').replace(/[ -]/g, '')));
  });

  it('landlines carry an area code', () => {
    expectValid('cn_landline', (v) => /^(\(0\d{2,3}\)|0\d{2,3}[- ]?)[2-8]\d{6,7}(-\d{3,4})?$/.test(v));
  });

  it('emails, passports, plates, IPs, dates of birth, names and addresses have their shapes', () => {
    expectValid('email', (v) => /^[a-z0-9._]+@[a-z0-9.]+\.[a-z]+$/.test(v));
    expectValid('cn_passport', (v) => /^(E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})$/.test(v));
    expectValid('cn_license_plate', (v) =>
      /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z]·?([A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[学挂警]|[DFABG][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF])$/.test(
        v,
      ),
    );
    expectValid('ip_address', (v) => {
      const parts = v.split('.');
      if (parts.length === 4) return parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
      return /^[0-9a-f]{1,4}(:[0-9a-f]{0,4}){2,7}$/.test(v);
    });
    expectValid('date_of_birth', (v) => {
      const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(v);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(y, mo - 1, d));
      return y >= 1940 && y <= 2010 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
    });
    expectValid('person_name', (v) => /^[\u4e00-\u9fa5]{2,4}$|^[\u4e00-\u9fa5]+·[\u4e00-\u9fa5]+$/.test(v));
    expectValid('address', (v) => /(省|自治区|市|盟).*(区|市|县).*(路|街|道|号|村|栋|层)/.test(v));
  });
});

describe('decoys', () => {
  const decoys = corpus.filter((c) => c.label === null);

  it('cover every decoy kind', () => {
    expect(new Set(decoys.map((c) => c.decoy))).toEqual(new Set(DECOY_KINDS));
  });

  it('18-digit numbers fail GB 11643 and GB 32100', () => {
    const eighteen = decoys.flatMap((c) => c.values).filter((v) => /^\d{18}$/.test(v));
    expect(eighteen.length).toBeGreaterThan(100);
    for (const v of eighteen) {
      expect(gb11643Valid(v), v).toBe(false);
      expect(isValidUscc(v), v).toBe(false);
    }
  });

  it('transaction serials fail Luhn and 11-digit numbers are not mobiles', () => {
    for (const c of decoys.filter((d) => d.decoy === 'transaction_serial')) {
      for (const v of clean(c).filter((x) => /^\d+$/.test(x))) {
        expect(v.length).toBeGreaterThanOrEqual(16);
        expect(v.length).toBeLessThanOrEqual(19);
        expect(luhn(v), v).toBe(false);
      }
    }
    for (const c of decoys.filter((d) => d.decoy === 'eleven_digit_number')) {
      for (const v of clean(c).filter((x) => /^\d+$/.test(x))) expect(v).toMatch(/^(2|10)\d{9,10}$/);
    }
  });

  it('contain no dotted-quad IPv4 values', () => {
    for (const v of decoys.flatMap((c) => c.values)) expect(v.trim()).not.toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
  });
});
