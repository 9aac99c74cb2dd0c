// The full scan's fast path counts exactly what trying every validator of detectors.ts counts: the screen never
// keeps out a value that a validator would pass, the fast validators agree with detectors.ts's, and column
// accumulators built either way give equal results, on the labelled corpus, edge cases and random strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnAccumulator } from './classify.ts';
import { generateCorpus } from './corpus.ts';
import { PII_TYPES, VALIDATORS, parseDate } from './detectors.ts';
import { DATE, FAST_VALIDATORS, SPECIAL, UPPER_TO_ASCII, dateYear, screen, utcMidnight } from './fast.ts';
import { ReferenceAccumulator } from './reference.ts';

/** Where the fast path and detectors.ts disagree on a trimmed, non-empty value (empty when they agree). */
function disagreements(v: string): string[] {
  const out: string[] = [];
  const m = screen(v);
  const special = (m & SPECIAL) !== 0;
  PII_TYPES.forEach((type, t) => {
    if (type === 'date_of_birth') return;
    const expected = VALIDATORS[type](v);
    if (expected && !(m & (1 << t))) out.push(`${type} screened out ${JSON.stringify(v)}`);
    if (!special && FAST_VALIDATORS[t]!(v) !== expected)
      out.push(`${type} ${JSON.stringify(v)}: fast ${!expected}, detectors.ts ${expected}`);
  });
  const year = parseDate(v)?.y ?? -1;
  if (year >= 0 && !(m & DATE)) out.push(`date screened out ${JSON.stringify(v)}`);
  if (!special && dateYear(v) !== year)
    out.push(`date ${JSON.stringify(v)}: ${dateYear(v)}, parseDate ${year}`);
  return out;
}

const corpusValues = [1, 2, 3, 4, 5].flatMap((seed) =>
  generateCorpus(seed).flatMap((c) => c.values.map((v) => v.trim()).filter((v) => v !== '')),
);

const EDGE_CASES = [
  // names: compound surnames alone and with given names, minority names, place-like endings
  '欧阳',
  '欧阳娜',
  '欧阳娜娜',
  '司马光',
  '王',
  '王小明明',
  '王局',
  '阿依古丽·买买提',
  '买买提·',
  '·王',
  // resident IDs, credit codes: x, lower case, bad dates and provinces
  '11010519491231002X',
  '11010519491231002x',
  '11010519490229002X',
  '99010519491231002X',
  '110105190002290021',
  '91150100MA0QW8E06R',
  '91150100ma0qw8e06r',
  '91150100MA0QW8E06',
  '911501O0MA0QW8E06R',
  // mobiles with prefixes and separators
  '13912345678',
  '+86 139 1234 5678',
  '+86-139-1234-5678',
  '008613912345678',
  '8613912345678',
  '86 139 1234 5678',
  '861391234567',
  '(139)12345678',
  '（139）1234 5678',
  '\u3000139 1234 5678',
  '12912345678',
  '+8613912345678',
  '+8513912345678',
  // landlines
  '0471-1234567',
  '+86 010-12345678',
  '+86-(010)12345678',
  '+86(0471)1234567',
  '+86\u30000471 1234567',
  '+8610 12345678',
  '0471-1234567转\n12',
  '0471-1234567\n转12',
  '0471-1234567 EXT. 12',
  '0471-1234567Ext12',
  '(0471)1234567#\u2028123456',
  '00471-1234567',
  '010-1234567',
  '010123456789',
  '0101234567890',
  '(010 12345678',
  '010)-12345678',
  '(010)12345678',
  '010 12345678',
  '+86 10 12345678',
  '0471-1234567转123',
  '0471-1234567 ext. 12',
  '0471-1234567#8',
  '0010-12345678',
  '021-22033212-123',
  '021-22033212-1234567',
  '021-22033212-',
  '021-22033212--12',
  '0471-1234567-转12',
  '0471-1234567 -12',
  '0471-1234567-12',
  '（0351）89082910',
  '(0351）89082910',
  '（0351)8908291-8',
  '+86（0351）8908291',
  '+86 （0351） 8908291',
  '（00351）89082910',
  // bank cards: issuers, lengths, spacing
  '6222021234567890123',
  '6222 0212 3456 7890 123',
  '6222-0212-3456-7890-128',
  '378282246310005',
  '371449635398431',
  '3530111333300000',
  '2221000000000009',
  '2720990000000007',
  '4111111111111111',
  '5555555555554444',
  '62220212345678901234',
  '36050234196908',
  '8171999927660000',
  '1034503324951584964',
  // dates
  '1985-3-12',
  '1985/03/12',
  '1985.3.1',
  '1985-03/12',
  '19850312',
  '1985年3月12日',
  '1985年3月12',
  '1985年03月1日',
  '1985年3月12日日',
  '1985-123-1',
  '1985-1-123',
  '2000-02-29',
  '1900-02-29',
  '1899-12-31',
  '1900-01-01',
  '2999-01-01',
  '0000-00-00',
  '1985-00-10',
  '1985-13-01',
  // passports, plates, IPs, emails, addresses
  'E12345678',
  'EA1234567',
  'ea1234567',
  'G12345678',
  'DE1234567',
  'K12345678',
  'KJ2345678',
  'kj2345678',
  'H12345678',
  'HI1234567',
  'MA1234567',
  'mb1234567',
  'M12345678',
  'MO1234567',
  'K1234567',
  '蒙A12345',
  '蒙A·12345',
  '京AD12345',
  '粤B12345挂',
  '沪a1234学',
  '蒙ABCDE1',
  '蒙ABCDEF',
  '蒙A•12345',
  '蒙A 12345',
  '蒙A-1234挂',
  '蒙A.D12345',
  '蒙A12345D',
  '蒙AD1234',
  '蒙Ａ12345',
  `内蒙古自治区${'中'.repeat(110)}路1号楼`.slice(0, 120),
  `内蒙古自治区${'中'.repeat(110)}路1号楼`.slice(0, 121),
  `内蒙古自治区${'中'.repeat(106)}路1号楼`,
  `内蒙古自治区${'中'.repeat(107)}路1号楼`,
  '192.168.1.1',
  '256.1.1.1',
  '::',
  '2409:8a00::1',
  'fe80::1%eth0',
  'wang.wei@163.com',
  '王@163.com',
  '内蒙古自治区呼和浩特市新城区中山东路1号',
  '区12345号',
  '北京市海淀区东北旺西路中关村软件园华胜天成科研大楼三层',
  '重庆市九龙坡区科园二路申基索菲特A座-24F',
  '辽宁省大连市高新园区泰德大厦904',
  '上海市闸北区江场西路299弄中铁中环时代广场701A',
  '深圳南山科技园科苑路6号科技园工业大厦东503',
  '北京，朝阳，远洋国际D座1906',
  '大厦9北京路',
  '9大厦北京路',
  '北京路a座层',
  '北京路5f层',
  '中心1内蒙古路',
  '锡林郭勒路广场2',
  // names: compound surnames added later, and surnames that are also common words
  '司徒雷',
  '申屠',
  '钟离',
  '萧宇',
  '宇文元质',
  // upper-casing that reaches ASCII
  'ß',
  'ﬁ1234567',
  'Eß1234567',
  '蒙ßA1234',
];

/** Completes digits with the Luhn check digit. */
function luhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** Issuer prefixes at the edges of detectors.ts's ranges, at the edges of the card lengths, with valid Luhn. */
const CARD_EDGES = [
  '2220',
  '2221',
  '2720',
  '2721',
  '3527',
  '3528',
  '3589',
  '3590',
  '34',
  '37',
  '35',
  '33',
  '50',
]
  .concat([
    '51',
    '55',
    '56',
    '62',
    '61',
    '4',
    '3',
    '2199',
    '2200',
    '2204',
    '2205',
    '299',
    '300',
    '305',
    '306',
  ])
  .concat(['36', '38', '39', '6010', '6011', '6012', '643', '644', '649', '650', '69', '70', '8099', '8100'])
  .concat(['8171', '8172', '102', '103', '104', '9', '0', '1'])
  .flatMap((prefix) =>
    [13, 14, 15, 16, 17, 19, 20].map((length) => luhn(prefix + '0'.repeat(length - prefix.length - 1))),
  );

/** Dates around today (the validators refuse future dates), as dates and inside resident IDs. */
const pad = (n: number) => String(n).padStart(2, '0');
const DATE_EDGES = [-2, -1, 0, 1, 2].flatMap((days) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  const ymd = `${y}${pad(m)}${pad(day)}`;
  return [`${y}-${pad(m)}-${pad(day)}`, ymd, `${y}年${m}月${day}日`, `${y}/${m}/${day}`, `110105${ymd}0010`];
});

describe('full-scan fast path', () => {
  it('recomputes the characters whose upper case has ASCII letters', () => {
    const found: number[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (/[A-Za-z]/.test(String.fromCodePoint(cp).toUpperCase())) found.push(cp);
    }
    expect(found).toEqual(UPPER_TO_ASCII);
  });

  it('works out UTC midnights as Date.UTC does, 1900 to 9999', () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(10000, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      if (utcMidnight(y, m, day) !== t) wrong.push(`${y}-${m}-${day}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('agrees with detectors.ts on every value of the labelled corpus', () => {
    expect(corpusValues.length).toBeGreaterThan(150_000);
    expect(corpusValues.flatMap(disagreements).slice(0, 20)).toEqual([]);
  });

  it('agrees with detectors.ts on edge cases', () => {
    expect([...EDGE_CASES, ...CARD_EDGES, ...DATE_EDGES].flatMap(disagreements)).toEqual([]);
    expect(CARD_EDGES.filter((v) => VALIDATORS.bank_card(v)).length).toBeGreaterThan(15);
    // The edge cases do reach both sides of the validators.
    const passing = EDGE_CASES.filter((v) => PII_TYPES.some((t) => VALIDATORS[t](v)));
    expect(passing.length).toBeGreaterThan(40);
  });

  it('agrees with detectors.ts on random and mutated values', () => {
    const unit = fc.constantFrom(
      ...'0123456789012345678901234567890123456789XxEGDSPAaBbMmQKkHJNFf+-()（） \u3000\t./:@%#_年月日·•'.split(
        '',
      ),
      ...'王李欧阳司马夏侯东方蒙京粤沪挂学警省市区县路街号栋室组一二三局院中心买提转ßﬁı座层弄厦场萧徒'.split(
        '',
      ),
      '北京',
      '深圳',
      '大厦',
      '+86',
      '0086',
      '86',
      '139',
      '0471',
      'ext',
      '62',
      '1985',
      '-03-',
    );
    const random = fc.array(unit, { maxLength: 24 }).map((a) => a.join(''));
    const digits = fc.stringMatching(/^[0-9]{6,20}[0-9Xx]?$/);
    const edit = fc.constantFrom('replace', 'insert', 'delete', 'upper', 'lower', 'swap');
    const mutated = fc
      .tuple(fc.nat(corpusValues.length + EDGE_CASES.length - 1), fc.nat(), unit, edit)
      .map(([which, at, u, op]) => {
        const v = corpusValues[which] ?? EDGE_CASES[which - corpusValues.length]!;
        const i = at % (v.length + 1);
        switch (op) {
          case 'replace':
            return v.slice(0, i) + u + v.slice(i + 1);
          case 'insert':
            return v.slice(0, i) + u + v.slice(i);
          case 'delete':
            return v.slice(0, i) + v.slice(i + 1);
          case 'upper':
            return v.toUpperCase();
          case 'lower':
            return v.toLowerCase();
          case 'swap':
            return v.slice(0, i) + v.slice(i + 1, i + 2) + v.slice(i, i + 1) + v.slice(i + 2);
        }
      });
    // Near-valid plates and addresses, where the edges of their validators are.
    const plate = fc
      .tuple(
        fc.constantFrom(...'蒙京粤沪王a'.split('')),
        fc.constantFrom(...'ABDFIOZaz1'.split('')),
        fc.constantFrom('', ' ', '·', '•', '.', '-', '_', '\u3000'),
        fc.array(fc.constantFrom(...'ABDFGHIOZadf0123456789挂学警港澳中'.split('')), {
          minLength: 3,
          maxLength: 8,
        }),
      )
      .map(([p, l, sep, rest]) => p + l + sep + rest.join(''));
    const address = fc
      .array(
        fc.constantFrom(
          '内蒙古',
          '自治区',
          '市',
          '区',
          '街道',
          '苏木',
          '路',
          '胡同',
          '小区',
          '中',
          '1',
          '二',
          '十',
          '号',
          '单元',
          '楼',
          'A',
          ' ',
          '北京',
          '锡林郭勒',
          '座',
          '层',
          '弄',
          '大厦',
          '广场',
          'F',
          '9',
        ),
        { maxLength: 70 },
      )
      .map((a) => a.join(''));
    const landline = fc
      .array(
        fc.constantFrom(
          '+86',
          '0',
          '00',
          '010',
          '0471',
          '(',
          ')',
          '-',
          ' ',
          '\n',
          '\u2028',
          '1234567',
          '8',
          '12',
          '转',
          'ext',
          'EXT.',
          '#',
          '\u3000',
          '（',
          '）',
          '-12',
        ),
        { maxLength: 12 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(random, digits, mutated, plate, address, landline), (raw) => {
        const v = raw.trim();
        if (v !== '') expect(disagreements(v)).toEqual([]);
      }),
      { numRuns: 100_000 },
    );
  });

  it('gives every corpus column the same result and counts as trying every validator', () => {
    for (const seed of [1, 2, 3]) {
      for (const column of generateCorpus(seed)) {
        const fast = new ColumnAccumulator(column.name);
        const reference = new ReferenceAccumulator(column.name);
        for (const v of column.values) {
          fast.add(v);
          reference.add(v);
        }
        expect([fast.result(), [...fast.counts], fast.ages]).toEqual([
          reference.result(),
          [...reference.counts],
          reference.ages,
        ]);
      }
    }
  });
});
