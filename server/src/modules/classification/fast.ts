// The full scan's fast path. One pass over a value's characters (screen) gives, for each type, a necessary
// condition of its validator (length, digits, letters, Han characters, @ : .), so that a value meets only the
// validators it could pass; and the validators that run on most values are rewritten here on character codes,
// without regular expressions or substrings. detectors.ts stays the definition: fast.test.ts checks that the
// fast path counts exactly what trying every validator of detectors.ts counts, on the corpus and random strings.
import {
  ADDRESS_BUILDING_WORDS,
  ADDRESS_DETAIL_WORDS,
  ADDRESS_LETTER_UNITS,
  ADDRESS_NUMERALS,
  ADDRESS_PLACE_NAMES,
  ADDRESS_PLACE_WORDS,
  ADDRESS_UNIT_WORDS,
  CARD_RANGES,
  COMPOUND_SURNAMES,
  PLATE_PROVINCES,
  ID_WEIGHTS,
  NOT_GIVEN_NAME_CHARS,
  PII_TYPES,
  PROVINCES,
  SURNAME_CHARS,
  VALIDATORS,
  type PiiType,
} from './detectors.ts';

const bit = (t: PiiType) => 1 << PII_TYPES.indexOf(t);
const RESIDENT_ID = bit('cn_resident_id');
const USCC = bit('cn_uscc');
const MOBILE = bit('cn_mobile');
const LANDLINE = bit('cn_landline');
const EMAIL = bit('email');
const BANK_CARD = bit('bank_card');
const PERSON_NAME = bit('person_name');
const ADDRESS = bit('address');
const PASSPORT = bit('cn_passport');
const PLATE = bit('cn_license_plate');
const IP = bit('ip_address');
/** May read as a date (parseDate): the date-of-birth validator and the ages of a column's dates. */
export const DATE = bit('date_of_birth');
/** Has a character that upper-cases to ASCII letters: take detectors.ts's validators, every one. */
export const SPECIAL = 1 << PII_TYPES.length;
export const ALL = (1 << PII_TYPES.length) - 1;

/**
 * Characters whose toUpperCase() has ASCII letters in it (ß → SS, ﬁ → FI, ı → I, ſ → S, …): the validators that
 * upper-case first could pass such a value although it is not ASCII. fast.test.ts recomputes the list from the
 * runtime's Unicode data.
 */
export const UPPER_TO_ASCII = [
  0xdf, 0x131, 0x149, 0x17f, 0x1f0, 0x1e96, 0x1e97, 0x1e98, 0x1e99, 0x1e9a, 0xfb00, 0xfb01, 0xfb02, 0xfb03,
  0xfb04, 0xfb05, 0xfb06,
];

// Classes of UTF-16 units for the screen (and the CSV scanner, which adds STOP for its delimiter, quote and line
// ends). Counted: digits, letters, Han, dots and middle dots; the others only noted as present (bits of `seen`).
export const K_DIGIT = 0;
export const K_LETTER = 1;
export const K_HAN = 2;
export const K_DOT = 3;
export const K_MIDDLE_DOT = 4;
export const K_AT = 5;
export const K_COLON = 6;
/** ASCII up to the space: spaces, tabs, line ends and other control characters. */
export const K_SPACE = 7;
export const K_OTHER_ASCII = 8;
export const K_OTHER = 9;
export const K_UPPER_TO_ASCII = 10;
export const K_STOP = 11;

export const CLASSES = new Uint8Array(0x10000).fill(K_OTHER);
for (let c = 0; c < 128; c++) {
  CLASSES[c] =
    c >= 48 && c <= 57
      ? K_DIGIT
      : (c | 32) >= 97 && (c | 32) <= 122
        ? K_LETTER
        : c === 46
          ? K_DOT
          : c === 64
            ? K_AT
            : c === 58
              ? K_COLON
              : c <= 32
                ? K_SPACE
                : K_OTHER_ASCII;
}
CLASSES.fill(K_HAN, 0x4e00, 0x9fa6);
CLASSES[0xb7] = K_MIDDLE_DOT;
for (const c of UPPER_TO_ASCII) CLASSES[c] = K_UPPER_TO_ASCII;

const NON_ASCII = (1 << K_OTHER) | (1 << K_UPPER_TO_ASCII);

/**
 * The types whose validators a trimmed, non-empty value could pass, as bits in PII_TYPES order (DATE: parseDate
 * could read it; SPECIAL: see UPPER_TO_ASCII). Each condition follows from the validator's pattern:
 * - resident ID: 18 characters, at least 17 of them digits; credit code: 18 letters or digits;
 * - mobile: 11–15 digits (with +86 / 0086), no letters, no Han; bank card: 14–19 digits, no letters, no Han;
 * - landline: 10–20 digits, beginning with +, (, （ or 0;
 * - email: ASCII with @ and a dot; IP: ASCII without spaces, with a colon or as a dotted quad of digits;
 * - name: two or more Han characters and nothing but Han and ·; address: 6–120 characters, two or more Han;
 * - passport: 9 or 10 letters and digits, at least 7 digits; plate: 7 or more characters, one or two Han, a digit;
 * - date: 8–11 characters, beginning with a digit, 6–8 of them digits.
 */
export function screen(v: string): number {
  let digits = 0;
  let letters = 0;
  let han = 0;
  let dots = 0;
  let middleDots = 0;
  let seen = 0;
  for (let i = 0; i < v.length; i++) {
    const k = CLASSES[v.charCodeAt(i)]!;
    if (k === K_DIGIT) digits++;
    else if (k === K_LETTER) letters++;
    else if (k === K_HAN) han++;
    else if (k === K_DOT) dots++;
    else if (k === K_MIDDLE_DOT) middleDots++;
    else seen |= 1 << k;
  }
  return screenCounts(v.length, v.charCodeAt(0), digits, letters, han, dots, middleDots, seen);
}

/** The screen from the counts of a value's classes (its length, first unit, counts, other classes seen). */
export function screenCounts(
  n: number,
  first: number,
  digits: number,
  letters: number,
  han: number,
  dots: number,
  middleDots: number,
  seen: number,
): number {
  if (seen & (1 << K_UPPER_TO_ASCII)) return ALL | SPECIAL;
  let m = 0;
  if (n === 18) {
    if (digits >= 17) m |= RESIDENT_ID;
    if (digits + letters === 18) m |= USCC;
  }
  if (letters === 0 && han === 0) {
    if (digits >= 11 && digits <= 15) m |= MOBILE;
    if (digits >= 14 && digits <= 19) m |= BANK_CARD;
  }
  // + ( （ 0
  if (digits >= 10 && digits <= 20 && (first === 43 || first === 40 || first === 0xff08 || first === 48))
    m |= LANDLINE;
  if (han === 0 && middleDots === 0 && !(seen & NON_ASCII)) {
    if (seen & (1 << K_AT) && dots > 0) m |= EMAIL;
    if (!(seen & (1 << K_SPACE)) && (seen & (1 << K_COLON) || (dots === 3 && digits + dots === n))) m |= IP;
  }
  if (han >= 2) {
    if (han + middleDots === n) m |= PERSON_NAME;
    if (n >= 6 && n <= 120) m |= ADDRESS;
  }
  if ((n === 9 || n === 10) && digits >= 7 && digits + letters === n) m |= PASSPORT;
  if (n >= 7 && han >= 1 && han <= 2 && digits >= 1) m |= PLATE;
  if (n >= 8 && n <= 11 && digits >= 6 && digits <= 8 && first >= 48 && first <= 57) m |= DATE;
  return m;
}

/** JavaScript's \s, and what String.prototype.trim removes. */
export const isSpace = (c: number) =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

// ---------------------------------------------------------------------------------------------------------------
// Validators on character codes. Each equals its namesake in detectors.ts on trimmed values without the
// characters of UPPER_TO_ASCII (the screen sends those to detectors.ts).

const digit = (v: string, i: number) => {
  const c = v.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

const PROVINCE = new Uint8Array(100);
for (const p of PROVINCES) PROVINCE[Number(p)] = 1;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Date.UTC(y, m - 1, d) for a real date from 1900 on, by arithmetic (days from 1970-01-01, Gregorian). */
export function utcMidnight(y: number, m: number, d: number): number {
  const y0 = m <= 2 ? y - 1 : y; // years begin in March: the leap day comes last
  const dayOfYear = (((153 * (m <= 2 ? m + 9 : m - 3) + 2) / 5) | 0) + d - 1;
  const days = y0 * 365 + ((y0 / 4) | 0) - ((y0 / 100) | 0) + ((y0 / 400) | 0) + dayOfYear - 719468;
  return days * 86_400_000;
}

/** detectors.ts's realDate: a calendar date between 1900 and now. */
function realDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS[m - 1]! + (leap ? 1 : 0)) return false;
  return utcMidnight(y, m, d) <= Date.now();
}

let yearStarts = 0;
let yearEnds = 0;
let year = 0;
/** new Date().getUTCFullYear() without a Date: the year is worked out again only when the clock leaves it. */
export function currentYear(): number {
  const now = Date.now();
  if (now < yearStarts || now >= yearEnds) {
    year = new Date(now).getUTCFullYear();
    yearStarts = Date.UTC(year, 0, 1);
    yearEnds = Date.UTC(year + 1, 0, 1);
  }
  return year;
}

const ID_CHECK = [49, 48, 88, 57, 56, 55, 54, 53, 52, 51, 50]; // '10X98765432'

export function isResidentId(v: string): boolean {
  if (v.length !== 18 || !PROVINCE[digit(v, 0) * 10 + digit(v, 1)]) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = digit(v, i);
    if (d < 0) return false;
    sum += d * ID_WEIGHTS[i]!;
  }
  let last = v.charCodeAt(17);
  if (last === 120) last = 88; // x → X
  if (!((last >= 48 && last <= 57) || last === 88)) return false;
  const y = digit(v, 6) * 1000 + digit(v, 7) * 100 + digit(v, 8) * 10 + digit(v, 9);
  if (!realDate(y, digit(v, 10) * 10 + digit(v, 11), digit(v, 12) * 10 + digit(v, 13))) return false;
  return ID_CHECK[sum % 11] === last;
}

/** GB 32100 values of the upper-cased ASCII letters and digits; -1 outside its alphabet (I, O, S, V, Z). */
const USCC_VALUE = new Int8Array(128).fill(-1);
'0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').forEach((c, i) => {
  USCC_VALUE[c.charCodeAt(0)] = i;
  USCC_VALUE[c.toLowerCase().charCodeAt(0)] = i;
});
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function isUscc(v: string): boolean {
  if (v.length !== 18) return false;
  // The GB 11714 organization code (characters 9–17) first: most 18-character values that are not credit codes
  // (resident IDs, order numbers) fail its check. Digits count as they are, capitals A–Z as 10–35.
  let org = 0;
  for (let i = 8; i < 16; i++) {
    const c = v.charCodeAt(i);
    const value = c < 128 ? USCC_VALUE[c]! : -1;
    if (value < 0) return false;
    org += (value > 9 ? (c & ~32) - 55 : value) * ORG_WEIGHTS[i - 8]!;
  }
  const orgCheck = 11 - (org % 11);
  const c16 = v.charCodeAt(16) & (v.charCodeAt(16) >= 97 ? ~32 : ~0);
  if (c16 !== (orgCheck === 10 ? 88 : orgCheck === 11 ? 48 : 48 + orgCheck)) return false;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const c = v.charCodeAt(i);
    const value = c < 128 ? USCC_VALUE[c]! : -1;
    if (value < 0) return false;
    if (i >= 2 && i < 8 && value > 9) return false; // the region: six digits
    if (i < 17) sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_VALUE[v.charCodeAt(17)] === (31 - (sum % 31)) % 31;
}

/** Characters that detectors.ts's isMobile removes: whitespace, - ( ) （ ）. */
const mobileSeparator = (c: number) =>
  c === 45 || c === 40 || c === 41 || c === 0xff08 || c === 0xff09 || isSpace(c);

/** Mobiles: what remains without the separators, less a +86 / 0086 / 86 prefix, is 1[3-9] and nine digits. */
export function isMobile(v: string): boolean {
  // Of the kept characters: how many, the first six, and whether all from the seventh on are digits.
  let kept = 0;
  let k0 = 0;
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  let k4 = 0;
  let k5 = 0;
  let digitsFrom6 = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (mobileSeparator(c)) continue;
    if (kept === 0) {
      k0 = c;
      if (c !== 43 && c !== 48 && c !== 56 && c !== 49) return false; // + 0 8 1 begin every form below
    } else if (kept === 1) {
      k1 = c;
      // +8…, 00…, 86…, 1[3-9]…
      if (k0 === 43 ? c !== 56 : k0 === 48 ? c !== 48 : k0 === 56 ? c !== 54 : c < 51 || c > 57) return false;
    } else if (kept === 2) k2 = c;
    else if (kept === 3) k3 = c;
    else if (kept === 4) k4 = c;
    else if (kept === 5) k5 = c;
    else if (c < 48 || c > 57) digitsFrom6 = false;
    if (++kept > 15) return false;
  }
  const d = (c: number) => c >= 48 && c <= 57;
  const start = (a: number, b: number) => a === 49 && b >= 51 && b <= 57; // 1, then 3–9
  if (k0 === 43 && k1 === 56 && k2 === 54) return kept === 14 && start(k3, k4) && d(k5) && digitsFrom6; // +86
  if (k0 === 48 && k1 === 48 && k2 === 56 && k3 === 54) return kept === 15 && start(k4, k5) && digitsFrom6; // 0086
  // 86 only where 1 and ten digits follow
  if (k0 === 56 && k1 === 54 && kept === 13 && k2 === 49 && d(k3) && d(k4) && d(k5) && digitsFrom6)
    return start(k2, k3);
  return kept === 11 && start(k0, k1) && d(k2) && d(k3) && d(k4) && d(k5) && digitsFrom6;
}

/**
 * The card lengths (bit n for n digits) that detectors.ts's issuer ranges accept, per four-digit prefix 0000–9999;
 * and per two-digit prefix, whether any number beginning so can be a card. Worked out from CARD_RANGES themselves,
 * so both stay one list: every range is given by prefixes of at most four digits, each standing for the four-digit
 * prefixes that begin with it.
 */
const CARD_LENGTHS = new Int32Array(10_000);
const CARD_FIRST_TWO = new Uint8Array(100);
for (const { from, to, lengths } of CARD_RANGES) {
  if (from.length > 4 || to.length !== from.length)
    throw new Error('card ranges: prefixes of one to four digits');
  const bits = lengths.reduce((b, n) => b | (1 << n), 0);
  for (let p = Number(from.padEnd(4, '0')); p <= Number(to.padEnd(4, '9')); p++) {
    CARD_LENGTHS[p]! |= bits;
    CARD_FIRST_TWO[(p / 100) | 0] = 1;
  }
}

/** Bank cards: 14–19 digits once whitespace and - are gone, an issuer range for that length, Luhn. */
export function isBankCard(v: string): boolean {
  let n = 0;
  let p4 = 0;
  // Luhn sums with every second digit doubled, counting from the first digit (a) or the second (b): which one
  // applies depends on the parity of the number of digits, known at the end.
  let a = 0;
  let b = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++n > 19) return false;
      const d = c - 48;
      const doubled = d > 4 ? d * 2 - 9 : d * 2;
      if (n % 2 === 1) {
        a += doubled;
        b += d;
      } else {
        a += d;
        b += doubled;
      }
      if (n <= 4) p4 = p4 * 10 + d;
      if (n === 2 && !CARD_FIRST_TWO[p4]) return false; // no issuer begins so
    } else if (!(c === 45 || isSpace(c))) return false;
  }
  if (n < 14 || !((CARD_LENGTHS[p4]! >> n) & 1)) return false;
  // The last digit is never doubled: with an even count the first is, with an odd count the second is.
  return (n % 2 === 0 ? a : b) % 10 === 0;
}

const flags = (chars: string) => {
  const table = new Uint8Array(0x10000);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
};
const SURNAME = flags(SURNAME_CHARS);
const NOT_GIVEN = flags(NOT_GIVEN_NAME_CHARS);
const COMPOUND_FIRST = flags(COMPOUND_SURNAMES.map((s) => s[0]).join(''));
const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fa5;

/** Names: detectors.ts's for names with ·, else two to four Han, a known surname, a given name of one or two. */
export function isPersonName(v: string): boolean {
  const n = v.length;
  if (v.includes('·')) return VALIDATORS.person_name(v);
  if (n < 2 || n > 4) return false;
  for (let i = 0; i < n; i++) if (!isHan(v.charCodeAt(i))) return false;
  const compound = COMPOUND_FIRST[v.charCodeAt(0)] === 1 && COMPOUND_SURNAMES.some((s) => v.startsWith(s));
  if (!compound && !SURNAME[v.charCodeAt(0)]) return false;
  const from = compound ? 2 : 1;
  const given = n - from;
  if (given < 1 || given > 2) return false;
  for (let i = from; i < n; i++) if (NOT_GIVEN[v.charCodeAt(i)]) return false;
  return true;
}

/** The year of a date that parseDate reads (1985-03-12, 1985/3/12, 19850312, 1985年3月12日), else -1. */
export function dateYear(v: string): number {
  const n = v.length;
  if (n < 8) return -1;
  const y = digit(v, 0) * 1000 + digit(v, 1) * 100 + digit(v, 2) * 10 + digit(v, 3);
  if (digit(v, 0) < 0 || digit(v, 1) < 0 || digit(v, 2) < 0 || digit(v, 3) < 0) return -1;
  const c4 = v.charCodeAt(4);
  let m: number;
  let d: number;
  if (c4 >= 48 && c4 <= 57) {
    if (n !== 8) return -1;
    for (let i = 4; i < 8; i++) if (digit(v, i) < 0) return -1;
    m = digit(v, 4) * 10 + digit(v, 5);
    d = digit(v, 6) * 10 + digit(v, 7);
  } else {
    const chinese = c4 === 0x5e74; // 年
    if (!chinese && c4 !== 45 && c4 !== 47 && c4 !== 46) return -1; // - / .
    let i = 5;
    m = 0;
    while (i < n && i < 8 && digit(v, i) >= 0) m = m * 10 + digit(v, i++);
    if (i === 5 || i > 7) return -1;
    const sep = v.charCodeAt(i++);
    if (chinese ? sep !== 0x6708 : sep !== 45 && sep !== 47 && sep !== 46) return -1; // 月
    const from = i;
    d = 0;
    while (i < n && digit(v, i) >= 0) d = d * 10 + digit(v, i++);
    if (i === from || i - from > 2) return -1;
    if (i < n && !(chinese && i === n - 1 && v.charCodeAt(i) === 0x65e5)) return -1; // 日
  }
  return realDate(y, m, d) ? y : -1;
}

/** A hash of two UTF-16 units, 0–0xffff (NaN, past a string's end, counts as 0). */
const pair = (a: number, b: number) => (a * 0x9e5 + (b | 0)) & 0xffff;

/** Finds any of a list of words in a string: beginning at an index, by its first character, or ending there. */
class Words {
  /** Per UTF-16 unit: 2 if it is a word of its own, 1 if it begins a longer word, else 0. */
  readonly first = new Uint8Array(0x10000);
  /** Per UTF-16 unit: 2 if it is a word of its own, 1 if it ends a longer word, else 0. */
  readonly last = new Uint8Array(0x10000);
  // Plain (TypeScript-private) fields rather than #private ones: the address validator reads them per character,
  // and they measured faster.
  /** Per hash of a longer word's first two units (pair): 1 if some word begins so, a filter before comparing. */
  private readonly pairs = new Uint8Array(0x10000);
  private readonly longer = new Map<number, string[]>();
  private readonly endingLonger = new Map<number, string[]>();

  constructor(words: readonly string[]) {
    for (const w of words) {
      const c = w.charCodeAt(0);
      const e = w.charCodeAt(w.length - 1);
      if (w.length === 1) {
        this.first[c] = 2;
        this.last[c] = 2;
      } else {
        this.first[c] ||= 1;
        this.pairs[pair(c, w.charCodeAt(1))] = 1;
        this.longer.set(c, [...(this.longer.get(c) ?? []), w]);
        this.last[e] ||= 1;
        this.endingLonger.set(e, [...(this.endingLonger.get(e) ?? []), w]);
      }
    }
  }

  /** Whether one of the words begins at `i`. */
  at(v: string, i: number): boolean {
    const c = v.charCodeAt(i);
    const f = this.first[c]!;
    if (f === 2) return true;
    if (f === 0 || this.pairs[pair(c, v.charCodeAt(i + 1))] === 0) return false;
    for (const w of this.longer.get(c)!) if (v.startsWith(w, i)) return true;
    return false;
  }

  /** Whether one of the words ends just before `i`. */
  endsBefore(v: string, i: number): boolean {
    const c = v.charCodeAt(i - 1);
    const f = this.last[c]!;
    if (f === 2) return true;
    if (f === 0) return false;
    for (const w of this.endingLonger.get(c)!)
      if (w.length <= i && v.startsWith(w, i - w.length)) return true;
    return false;
  }
}

const PLACE = new Words([...ADDRESS_PLACE_WORDS, ...ADDRESS_PLACE_NAMES]);
const DETAIL = new Words(ADDRESS_DETAIL_WORDS);
const UNIT = new Words(ADDRESS_UNIT_WORDS);
const BUILDING = new Words(ADDRESS_BUILDING_WORDS);
const LETTER_UNIT = flags(ADDRESS_LETTER_UNITS);
const NUMERAL = flags(`0123456789${ADDRESS_NUMERALS}`);
const asciiLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
/**
 * Per UTF-16 unit, what it may begin or end: 1 a place, 2 a detail, 4 a number (as its unit, 座栋幢 after a letter,
 * or F f after a digit), 8 a room number after a building (a digit).
 */
const ADDRESS_CHAR = new Uint8Array(0x10000);
for (const w of [...ADDRESS_PLACE_WORDS, ...ADDRESS_PLACE_NAMES]) ADDRESS_CHAR[w.charCodeAt(0)]! |= 1;
for (const w of ADDRESS_DETAIL_WORDS) ADDRESS_CHAR[w.charCodeAt(0)]! |= 2;
for (const w of [...ADDRESS_UNIT_WORDS, ...ADDRESS_LETTER_UNITS, 'F', 'f'])
  ADDRESS_CHAR[w.charCodeAt(0)]! |= 4;
for (let c = 48; c <= 57; c++) ADDRESS_CHAR[c]! |= 8;

/** Whether a number ends at `i` (i > 0) with a unit, a building's letter or a floor: 12号, 三层, A座, 24F. */
function addressNumberAt(v: string, i: number, c: number): boolean {
  const p = v.charCodeAt(i - 1);
  if (c === 70 || c === 102) return p >= 48 && p <= 57; // F f
  return (
    (NUMERAL[p] === 1 && UNIT.first[c] !== 0 && UNIT.at(v, i)) || (LETTER_UNIT[c] === 1 && asciiLetter(p))
  );
}

/**
 * Addresses: 6–120 characters with Han, a detail word, a number (a numeral just before a unit word, a letter just
 * before 座栋幢, a digit before F or f, a digit just after a building word), and a place word or name. Detail and
 * number first, in one pass that stops when both are found; the place, with its hundreds of names, only then.
 */
export function isAddress(v: string): boolean {
  const n = v.length;
  if (n < 6 || n > 120) return false;
  let detail = false;
  let number = false;
  for (let i = 0; i < n && !(detail && number); i++) {
    const c = v.charCodeAt(i);
    const k = ADDRESS_CHAR[c]!;
    if (!detail && k & 2 && DETAIL.at(v, i)) detail = true;
    if (!number && i > 0) {
      if (k & 4) number = addressNumberAt(v, i, c);
      else if (k & 8 && BUILDING.last[v.charCodeAt(i - 1)] !== 0) number = BUILDING.endsBefore(v, i); // 大厦904
    }
  }
  if (!(detail && number)) return false;
  // A place word is Han: with it, there is Han.
  for (let i = 0; i < n; i++) if (ADDRESS_CHAR[v.charCodeAt(i)]! & 1 && PLACE.at(v, i)) return true;
  return false;
}

const PROVINCE_CHAR = flags(PLATE_PROVINCES);
const PLATE_TAIL = flags('挂学警港澳');
/** The letters of plates: A–Z without I and O. */
const plateLetter = (c: number) => c >= 65 && c <= 90 && c !== 73 && c !== 79;
const plateSeparator = (c: number) => c === 0xb7 || c === 0x2022 || c === 46 || c === 45 || isSpace(c);
const kept = new Int32Array(8);

/**
 * Plates, without separators (whitespace · • . -) and upper-cased: a province, a letter, then five characters
 * (four letters or digits, with a digit, and a letter, digit or 挂学警港澳) or six for new-energy cars. Values
 * with other characters beyond ASCII and Han go to detectors.ts's validator.
 */
export function isLicensePlate(v: string): boolean {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    let c = v.charCodeAt(i);
    if (plateSeparator(c)) continue;
    if (c >= 97 && c <= 122) c -= 32;
    else if (c >= 128 && !isHan(c)) return VALIDATORS.cn_license_plate(v);
    if (n === 8) return false;
    kept[n++] = c;
  }
  if (n < 7 || !PROVINCE_CHAR[kept[0]!] || !plateLetter(kept[1]!)) return false;
  const d = (c: number) => c >= 48 && c <= 57;
  const letterOrDigit = (c: number) => plateLetter(c) || d(c);
  if (n === 8) {
    // New-energy: D or F, a letter or digit, four digits; or five digits, D or F.
    const df = (c: number) => c === 68 || c === 70;
    const [a, b, c, e, f, g] = [kept[2]!, kept[3]!, kept[4]!, kept[5]!, kept[6]!, kept[7]!];
    return (
      (df(a) && letterOrDigit(b) && d(c) && d(e) && d(f) && d(g)) ||
      (d(a) && d(b) && d(c) && d(e) && d(f) && df(g))
    );
  }
  let digit = false;
  for (let i = 2; i < 6; i++) {
    if (!letterOrDigit(kept[i]!)) return false;
    digit ||= d(kept[i]!);
  }
  const last = kept[6]!;
  return (letterOrDigit(last) || PLATE_TAIL[last] === 1) && (digit || d(last));
}

const isDigitCode = (c: number) => c >= 48 && c <= 57;
const digitRun = (v: string, from: number) => {
  let i = from;
  while (i < v.length && isDigitCode(v.charCodeAt(i))) i++;
  return i - from;
};
const spaceOrDash = (c: number) => c === 45 || isSpace(c);

/**
 * Where detectors.ts's landline pattern, from `at` (just past the local number), ends the value: at its end, or
 * after an extension: [\s-]? 转|ext.?|# \s? and one to six digits, or a dash and one to six digits. Returns where
 * the extension begins (the value's length if there is none), or -1 if the rest does not fit.
 */
function landlineRest(v: string, at: number): number {
  const n = v.length;
  if (at === n) return n;
  if (v.charCodeAt(at) === 45) {
    const digits = digitRun(v, at + 1);
    if (digits >= 1 && digits <= 6 && at + 1 + digits === n) return at; // -123
  }
  let i = at;
  if (spaceOrDash(v.charCodeAt(i))) i++;
  const c = v.charCodeAt(i);
  if (c === 0x8f6c || c === 35)
    i++; // 转 #
  else if ((c | 32) === 101 && (v.charCodeAt(i + 1) | 32) === 120 && (v.charCodeAt(i + 2) | 32) === 116) {
    i += 3; // ext, in any case
    if (v.charCodeAt(i) === 46) i++;
  } else return -1;
  if (isSpace(v.charCodeAt(i))) i++;
  const digits = digitRun(v, i);
  return digits >= 1 && digits <= 6 && i + digits === n ? at : -1;
}

/**
 * Landlines, as detectors.ts's isLandline without regular expressions: its pattern (+86, an area code 0 and two
 * or three digits in optional ASCII or full-width parentheses, a local number of seven or eight digits, an
 * optional extension), tried for each split of the digits as the pattern's backtracking would; then 10–12 digits
 * before the extension (and without +86), not beginning 00. Where the extension begins does not depend on the
 * split: at the one marker (转, ext, #), or at the last dash.
 */
export function isLandline(v: string): boolean {
  let i = 0;
  if (v.startsWith('+86')) {
    i = 3;
    if (spaceOrDash(v.charCodeAt(i))) i++;
  }
  if (v.charCodeAt(i) === 40 || v.charCodeAt(i) === 0xff08) i++; // ( （
  if (v.charCodeAt(i) !== 48) return false; // the 0 of the area code
  const zero = i;
  const areaDigits = digitRun(v, zero + 1);
  let extension = -1;
  for (let area = 2; area <= 3 && extension < 0 && area <= areaDigits; area++) {
    let j = zero + 1 + area;
    if (v.charCodeAt(j) === 41 || v.charCodeAt(j) === 0xff09) j++; // ) ）
    if (spaceOrDash(v.charCodeAt(j))) j++;
    const localDigits = digitRun(v, j);
    for (let local = 7; local <= 8 && extension < 0 && local <= localDigits; local++)
      extension = landlineRest(v, j + local);
  }
  if (extension < 0) return false;
  let digits = 0;
  for (let k = v.startsWith('+86') ? 3 : 0; k < extension; k++) if (isDigitCode(v.charCodeAt(k))) digits++;
  return digits >= 10 && digits <= 12 && v.charCodeAt(zero + 1) !== 48;
}

/** The validators in PII_TYPES order for values the screen lets through: fast ones where they pay. */
const FAST: Partial<Record<PiiType, (value: string) => boolean>> = {
  cn_resident_id: isResidentId,
  cn_uscc: isUscc,
  cn_mobile: isMobile,
  bank_card: isBankCard,
  person_name: isPersonName,
  address: isAddress,
  cn_license_plate: isLicensePlate,
  cn_landline: isLandline,
};
export const FAST_VALIDATORS: readonly ((value: string) => boolean)[] = PII_TYPES.map(
  (t) => FAST[t] ?? VALIDATORS[t],
);
