// The detectors' validators: check digits, real dates and known codes, with property tests for the checksums.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regionNames } from '../../platform/codes/region.ts';
import {
  ADDRESS_PLACE_NAMES,
  isAddress,
  isBankCard,
  isBirthDate,
  isEmail,
  isIpAddress,
  isLandline,
  isLicensePlate,
  isMobile,
  isPassport,
  isPersonName,
  isResidentId,
  isUscc,
  regionShortName,
} from './detectors.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17: string) => {
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * WEIGHTS[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
};
const residentId = fc
  .record({
    region: fc.constantFrom('110101', '150102', '310104', '440305', '510107', '650102'),
    date: fc.date({ min: new Date('1930-01-01'), max: new Date('2015-12-31'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, date, seq }) =>
    withCheck(`${region}${date.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`),
  );
const luhnComplete = (body: string) => {
  for (let d = 0; d <= 9; d++) {
    const v = body + d;
    let sum = 0;
    for (let i = 0; i < v.length; i++) {
      let x = Number(v[v.length - 1 - i]);
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return v;
  }
  throw new Error('unreachable');
};
const unionPay = fc
  .tuple(
    fc.integer({ min: 16, max: 19 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }),
  )
  .map(([length, digits]) => luhnComplete(`62${digits.join('')}`.slice(0, length - 1)));

describe('resident ID (GB 11643)', () => {
  it('accepts valid IDs and refuses every single-digit change', () => {
    fc.assert(
      fc.property(residentId, fc.nat(16), fc.integer({ min: 1, max: 9 }), (id, at, delta) => {
        expect(isResidentId(id)).toBe(true);
        const changed = id.slice(0, at) + String((Number(id[at]) + delta) % 10) + id.slice(at + 1);
        expect(isResidentId(changed)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
  it('refuses impossible dates, unknown provinces and wrong shapes', () => {
    expect(isResidentId(withCheck('11010519900230123'))).toBe(false); // 30 February
    expect(isResidentId(withCheck('99010519900101123'))).toBe(false); // no province 99
    expect(isResidentId(withCheck('11010530000101123'))).toBe(false); // born in the future
    expect(isResidentId('11010519491231002x')).toBe(true); // lower-case x is read as X
    expect(isResidentId('202611220001234567')).toBe(false); // an order number
  });
});

describe('bank cards', () => {
  it('accepts Luhn-valid UnionPay numbers and refuses every single-digit change', () => {
    fc.assert(
      fc.property(unionPay, fc.nat(), fc.integer({ min: 1, max: 9 }), (card, pos, delta) => {
        expect(isBankCard(card)).toBe(true);
        const at = pos % card.length;
        const changed = card.slice(0, at) + String((Number(card[at]) + delta) % 10) + card.slice(at + 1);
        if (changed.startsWith('62')) expect(isBankCard(changed)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
  it('refuses unknown issuers and wrong lengths', () => {
    expect(isBankCard(luhnComplete('700000000000000'))).toBe(false); // 7: petroleum, no card scheme
    expect(isBankCard(luhnComplete('000000000000000'))).toBe(false);
    expect(isBankCard(luhnComplete('81720000000000'))).toBe(false); // past UnionPay's 8100–8171
    expect(isBankCard(luhnComplete('62000000000000'))).toBe(false); // 15 digits: American Express only
    expect(isBankCard(luhnComplete('6200000000000'))).toBe(false); // 14 digits: Diners Club only
    expect(isBankCard(luhnComplete('103000000000000'))).toBe(false); // ABC's 103 has 19 digits
    expect(isBankCard('6222')).toBe(false);
    expect(isBankCard('4111 1111 1111 1111')).toBe(true);
  });
  it('knows the issuer ranges beyond Visa, Mastercard and UnionPay 62', () => {
    for (const body of [
      '810000000000000', // UnionPay 81
      '817100000000000000', // UnionPay 81, 19 digits
      '103000000000000000', // Agricultural Bank of China 103
      '601382000000000000', // Bank of China 601382
      '955800000000000000', // ICBC 9558
      '940001000000000000', // city commercial banks' 940
      '3605023419690', // Diners Club, 14 digits
      '300000000000000', // Diners Club 300–305
      '601100000000000', // Discover
      '676578001699026', // Maestro
      '220000000000000', // Mir
    ])
      expect(isBankCard(luhnComplete(body)), body).toBe(true);
  });
});

describe('other detectors', () => {
  it('know the shapes of Chinese identifiers and contact data', () => {
    expect(isUscc('91150100MA0QW8E06R')).toBe(true);
    expect(isUscc('91150100MA0QW8E06X')).toBe(false);
    for (const v of ['13912345678', '+86 186 1234 5678', '139-1234-5678', '008613912345678'])
      expect(isMobile(v), v).toBe(true);
    for (const v of ['12912345678', '1391234567', '23912345678']) expect(isMobile(v), v).toBe(false);
    for (const v of [
      '0471-6601234',
      '(010)88776655',
      '021-12345678',
      '0755 2345678转123',
      '021-22033212-123',
      '（0351）89082910',
    ])
      expect(isLandline(v), v).toBe(true);
    for (const v of ['6601234', '13912345678', '000-1234567', '22033212', '021-22033212-1234567'])
      expect(isLandline(v), v).toBe(false);
    expect(isEmail('zhang.wei88@163.com')).toBe(true);
    expect(isEmail('not an email@x')).toBe(false);
    for (const v of [
      '张伟',
      '欧阳娜娜',
      '李小龙',
      '阿依古丽·买买提',
      '萧宇',
      '赖静',
      '洪桂兰',
      '司徒雷',
      '宇文元质',
    ])
      expect(isPersonName(v), v).toBe(true);
    for (const v of ['市场监督管理局', '张家口市', '王府井大街', 'Zhang Wei', '的', '国讯', '平安', '海创'])
      expect(isPersonName(v), v).toBe(false);
    for (const v of [
      '内蒙古自治区呼和浩特市新城区中山东路12号',
      '北京市海淀区东北旺西路中关村软件园华胜天成科研大楼三层', // 三层
      '重庆市九龙坡区科园二路申基索菲特A座-24F', // A座, 24F
      '辽宁省大连市高新园区泰德大厦904', // a room number after the building
      '上海市闸北区江场西路299弄中铁中环时代广场701A', // 299弄
      '深圳南山科技园科苑路6号科技园工业大厦东503', // 深圳 without 市
      '北京，朝阳，远洋国际D座1906', // 北京 without 市, D座
    ])
      expect(isAddress(v), v).toBe(true);
    for (const v of [
      '呼和浩特市市场监督管理局',
      '北京泰利新能源科技发展有限公司',
      '深圳市福田区',
      '华为Mate 60 Pro',
    ])
      expect(isAddress(v), v).toBe(false);
    for (const v of [
      'E12345678',
      'EA1234567',
      'G12345678',
      'K12345678',
      'KJ2345678',
      'H12345678',
      'MA2345678',
    ])
      expect(isPassport(v), v).toBe(true);
    for (const v of ['E1234567', 'A12345678', 'EI1234567', 'M12345678', 'MO1234567', 'K1234567'])
      expect(isPassport(v), v).toBe(false);
    for (const v of ['蒙A12345', '京B9X123', '粤BD12345', '沪A·1234学'])
      expect(isLicensePlate(v), v).toBe(true);
    for (const v of ['A12345', '蒙I12345', '中A12345', '蒙ABCDEF']) expect(isLicensePlate(v), v).toBe(false);
    for (const v of ['10.1.2.3', '2001:db8::1']) expect(isIpAddress(v), v).toBe(true);
    for (const v of ['256.1.1.1', '1.2.3']) expect(isIpAddress(v), v).toBe(false);
    for (const v of ['1985-03-12', '1985/3/12', '19850312', '1985年3月12日'])
      expect(isBirthDate(v), v).toBe(true);
    for (const v of ['1985-02-30', '2999-01-01', '1800-01-01', '12/03/1985'])
      expect(isBirthDate(v), v).toBe(false);
  });
});

describe('short names of provinces and prefectures', () => {
  it('drops the level and the peoples, never below two characters', () => {
    const cases: [string, string][] = [
      ['北京市', '北京'],
      ['内蒙古自治区', '内蒙古'],
      ['广西壮族自治区', '广西'],
      ['新疆维吾尔自治区', '新疆'],
      ['西藏自治区', '西藏'],
      ['香港特别行政区', '香港'],
      ['锡林郭勒盟', '锡林郭勒'],
      ['大兴安岭地区', '大兴安岭'],
      ['延边朝鲜族自治州', '延边'],
      ['海西蒙古族藏族自治州', '海西'],
      ['克孜勒苏柯尔克孜自治州', '克孜勒苏'],
      ['大理白族自治州', '大理'],
      ['津市', '津市'],
    ];
    for (const [name, short] of cases) expect(regionShortName(name), name).toBe(short);
  });

  it('gives the short names of every province and prefecture (GB/T 2260), without placeholders', () => {
    expect(regionNames('province')).toHaveLength(34);
    expect(regionNames('city').length).toBeGreaterThan(330);
    expect(regionNames('city').filter((n) => n.includes('直辖'))).toEqual([]);
    for (const name of ['北京', '内蒙古', '呼和浩特', '锡林郭勒', '大兴安岭', '延边', '西双版纳', '香港'])
      expect(ADDRESS_PLACE_NAMES, name).toContain(name);
    expect(ADDRESS_PLACE_NAMES.filter((n) => n.length < 2 || /(族|自治|省|市|盟|地区)$/.test(n))).toEqual([]);
  });
});
