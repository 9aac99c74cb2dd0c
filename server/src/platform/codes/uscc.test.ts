import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeUscc, isValidUscc, orgCodeCheckChar, usccCheckChar, usccProblem } from './uscc.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const stem = fc
  .tuple(
    fc.constantFrom('11', '12', '51', '91', '92', 'Y1'),
    fc.integer({ min: 110000, max: 659999 }),
    fc.array(fc.constantFrom(...ALPHABET), { minLength: 8, maxLength: 8 }),
  )
  .map(([head, region, body]) => `${head}${region}${body.join('')}`);

describe('unified social credit code (GB 32100)', () => {
  it('accepts published real codes', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91110000600037341L')).toBe(true);
  });

  it('names what is wrong', () => {
    expect(usccProblem('9135010')).toBe('length');
    expect(usccProblem('91350100M000100Y4O')).toBe('alphabet');
    expect(usccProblem('91AB0100M000100Y43')).toBe('region');
    expect(usccProblem('91350100M000100Y44')).toBe('checksum');
    expect(usccProblem('91350100M000101Y43')).toBe('org_code');
  });

  it('computes the check characters of the standards', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(orgCodeCheckChar('D2143569')).toBe('X'); // the standard's worked example, D2143569-X
  });

  it('completes any stem into a valid code', () => {
    fc.assert(fc.property(stem, (s) => isValidUscc(completeUscc(s))));
  });

  it('detects every single-character substitution (31 is prime, all weights are non-zero)', () => {
    fc.assert(
      fc.property(stem, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...ALPHABET), (s, at, c) => {
        const code = completeUscc(s);
        fc.pre(code[at] !== c);
        return !isValidUscc(code.slice(0, at) + c + code.slice(at + 1));
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => typeof isValidUscc(s) === 'boolean'));
  });
});
