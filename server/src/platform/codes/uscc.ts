// Unified social credit code (统一社会信用代码) per GB 32100-2015, including the embedded GB 11714 organization code.

/** GB 32100 alphabet: digits and capital letters without I, O, S, V, Z. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th character that GB 32100 requires after the given first 17. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) throw new RangeError(`character ${i + 1} is not in the GB 32100 alphabet`);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

/** The 9th character of a GB 11714 organization code (组织机构代码) from its first 8. */
export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8[i] ?? '';
    const value = /[0-9]/.test(c) ? Number(c) : /[A-Z]/.test(c) ? c.charCodeAt(0) - 55 : -1;
    if (value < 0) throw new RangeError(`character ${i + 1} is not a digit or capital letter`);
    sum += value * (ORG_CODE_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export type UsccProblem = 'length' | 'alphabet' | 'region' | 'org_code' | 'checksum';

/** Returns why a code is not a valid unified social credit code, or undefined when it is valid. */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) return 'length';
  for (const c of code) if (!ALPHABET.includes(c)) return 'alphabet';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'region';
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return 'org_code';
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return 'checksum';
  return undefined;
}

export const isValidUscc = (code: string): boolean => usccProblem(code) === undefined;

/** Completes a 16-character stem (authority, type, region, 8-character organization body) into a valid code. */
export function completeUscc(stem16: string): string {
  const first17 = stem16 + orgCodeCheckChar(stem16.slice(8, 16));
  return first17 + usccCheckChar(first17);
}
