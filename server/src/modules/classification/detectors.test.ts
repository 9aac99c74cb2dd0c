// The detectors' validators: check digits, real dates and known codes, with property tests for the checksums.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
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
    expect(isBankCard(luhnComplete('900000000000000'))).toBe(false);
    expect(isBankCard('6222')).toBe(false);
    expect(isBankCard('4111 1111 1111 1111')).toBe(true);
  });
});

describe('other detectors', () => {
  it('know the shapes of Chinese identifiers and contact data', () => {
    expect(isUscc('91150100MA0QW8E06R')).toBe(true);
    expect(isUscc('91150100MA0QW8E06X')).toBe(false);
    for (const v of ['13912345678', '+86 186 1234 5678', '139-1234-5678', '008613912345678'])
      expect(isMobile(v), v).toBe(true);
    for (const v of ['12912345678', '1391234567', '23912345678']) expect(isMobile(v), v).toBe(false);
    for (const v of ['0471-6601234', '(010)88776655', '021-12345678', '0755 2345678转123'])
      expect(isLandline(v), v).toBe(true);
    for (const v of ['6601234', '13912345678', '000-1234567']) expect(isLandline(v), v).toBe(false);
    expect(isEmail('zhang.wei88@163.com')).toBe(true);
    expect(isEmail('not an email@x')).toBe(false);
    for (const v of ['张伟', '欧阳娜娜', '李小龙', '阿依古丽·买买提']) expect(isPersonName(v), v).toBe(true);
    for (const v of ['市场监督管理局', '张家口市', '王府井大街', 'Zhang Wei', '的'])
      expect(isPersonName(v), v).toBe(false);
    expect(isAddress('内蒙古自治区呼和浩特市新城区中山东路12号')).toBe(true);
    expect(isAddress('呼和浩特市市场监督管理局')).toBe(false);
    for (const v of ['E12345678', 'EA1234567', 'G12345678']) expect(isPassport(v), v).toBe(true);
    for (const v of ['E1234567', 'A12345678', 'EI1234567']) expect(isPassport(v), v).toBe(false);
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
