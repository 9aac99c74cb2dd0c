// Detectors of personal and sensitive information in single values: each checks the value's structure with a
// validator (check digits, real dates, known codes), not a bare pattern; column names add context.
import { isIP } from 'node:net';
import { usccProblem } from '../../platform/codes/uscc.ts';

export const PII_TYPES = [
  'cn_resident_id',
  'cn_uscc',
  'cn_mobile',
  'cn_landline',
  'email',
  'bank_card',
  'person_name',
  'address',
  'cn_passport',
  'cn_license_plate',
  'ip_address',
  'date_of_birth',
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** GB 2260 province-level codes: the first two digits of every resident ID and region code. */
export const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A calendar date that exists, between 1900 and today. */
function realDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= Date.now();
}

/** GB 11643: 6-digit region (a known province), a real birth date, a 3-digit sequence, the check character. */
export function isResidentId(raw: string): boolean {
  const v = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  if (!PROVINCES.has(v.slice(0, 2))) return false;
  if (!realDate(Number(v.slice(6, 10)), Number(v.slice(10, 12)), Number(v.slice(12, 14)))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === v[17];
}

export const isUscc = (raw: string): boolean => {
  const v = raw.trim().toUpperCase();
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v) && usccProblem(v) === undefined;
};

const digitsOnly = (raw: string) => raw.replace(/[\s\-()（）]/g, '');

/** Mainland mobile numbers: 1[3-9] and nine digits, optionally +86 / 0086, with spaces or dashes. */
export function isMobile(raw: string): boolean {
  const v = digitsOnly(raw.trim()).replace(/^(\+86|0086|86(?=1\d{10}$))/, '');
  return /^1[3-9]\d{9}$/.test(v);
}

/** Landlines: an area code (0 + 2–3 digits) and a 7–8 digit number, optionally an extension. */
export function isLandline(raw: string): boolean {
  const v = raw.trim();
  if (!/^(\+86[\s-]?)?\(?0\d{2,3}\)?[\s-]?\d{7,8}([\s-]?(转|ext\.?|#)\s?\d{1,6})?$/i.test(v)) return false;
  const digits = v
    .replace(/^\+86/, '')
    .replace(/(转|ext\.?|#).*$/i, '')
    .replace(/\D/g, '');
  // 010/02x have 3-digit area codes with 8-digit numbers; the rest 4-digit codes with 7–8 digits.
  return digits.length >= 10 && digits.length <= 12 && !digits.startsWith('00');
}

export function isEmail(raw: string): boolean {
  const v = raw.trim();
  return v.length <= 254 && /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(v);
}

function luhn(digits: string): boolean {
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

/** Bank cards: 16–19 digits, a known issuer prefix (UnionPay 62, Visa 4, Mastercard 51–55 / 2221–2720, JCB 35, Amex 34/37), Luhn. */
export function isBankCard(raw: string): boolean {
  const v = raw.trim().replace(/[\s-]/g, '');
  if (!/^\d{15,19}$/.test(v)) return false;
  const known =
    /^62/.test(v) ||
    /^4/.test(v) ||
    /^5[1-5]/.test(v) ||
    /^(222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(v) ||
    /^35(2[89]|[3-8]\d)/.test(v) ||
    (/^3[47]/.test(v) && v.length === 15);
  return known && (v.length >= 16 || /^3[47]/.test(v)) && luhn(v);
}

/** The most common Chinese surnames (about 90% of the population), and compound ones. */
export const SURNAME_CHARS =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾' +
  '夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟' +
  '殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆' +
  '农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明' +
  '佘池查麻苑迟邝';
const SURNAMES = new Set(SURNAME_CHARS.split(''));
export const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '令狐',
  '夏侯',
];
/** Characters that end organization, place and product names, never given names. */
export const NOT_GIVEN_NAME_CHARS =
  '局厅部委办院所处科室校司厂店行社会区县市省路街村镇乡号楼园馆站中心组队团院网';
const NOT_GIVEN_NAME = new RegExp(`[${NOT_GIVEN_NAME_CHARS}]`);

/** A Chinese personal name: a known surname and a given name of one or two Han characters (with · for minorities). */
export function isPersonName(raw: string): boolean {
  const v = raw.trim();
  if (/^[\u4e00-\u9fa5]{1,6}(·[\u4e00-\u9fa5]{1,8}){1,3}$/.test(v)) return true; // e.g. 阿依古丽·买买提
  if (!/^[\u4e00-\u9fa5]{2,4}$/.test(v)) return false;
  const compound = COMPOUND_SURNAMES.find((s) => v.startsWith(s));
  const given = compound ? v.slice(2) : v.slice(1);
  if (!compound && !SURNAMES.has(v[0]!)) return false;
  return given.length >= 1 && given.length <= 2 && !NOT_GIVEN_NAME.test(given);
}

export const ADDRESS_PLACE_WORDS = '省|自治区|市|州|盟|地区|区|县|旗|镇|乡|街道|苏木|嘎查'.split('|');
export const ADDRESS_DETAIL_WORDS =
  '路|街|道|巷|弄|胡同|大道|村|组|号|栋|幢|楼|单元|室|院|小区|花园|大厦|广场'.split('|');
export const ADDRESS_NUMERALS = '一二三四五六七八九十';
export const ADDRESS_UNIT_WORDS = '号|栋|幢|楼|室|单元|组'.split('|');
const ADDRESS_PLACE = new RegExp(`(${ADDRESS_PLACE_WORDS.join('|')})`);
const ADDRESS_DETAIL = new RegExp(`(${ADDRESS_DETAIL_WORDS.join('|')})`);
const ADDRESS_NUMBER = new RegExp(`[\\d${ADDRESS_NUMERALS}]+(${ADDRESS_UNIT_WORDS.join('|')})`);

/** A postal address: a place level and a street-level detail, with a number somewhere, in Chinese. */
export function isAddress(raw: string): boolean {
  const v = raw.trim();
  if (v.length < 6 || v.length > 120 || !/[\u4e00-\u9fa5]/.test(v)) return false;
  return ADDRESS_PLACE.test(v) && ADDRESS_DETAIL.test(v) && ADDRESS_NUMBER.test(v);
}

/** Chinese passports: E + 8 digits, E + letter + 7 digits (2019 on), G/D/S/P + 7–8 digits (older and official). */
export function isPassport(raw: string): boolean {
  const v = raw.trim().toUpperCase();
  return /^(E\d{8}|E[A-HJ-NP-Z]\d{7}|[GDSP]\d{8}|[DSP]E\d{7})$/.test(v);
}

export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Licence plates: a province character, the issuing letter, then five characters (six for new-energy cars). */
export function isLicensePlate(raw: string): boolean {
  const v = raw
    .trim()
    .toUpperCase()
    .replace(/[\s·•.-]/g, '');
  if (v.length < 7 || v.length > 8 || !PLATE_PROVINCES.includes(v[0]!)) return false;
  if (!/^[A-HJ-NP-Z]$/.test(v[1]!)) return false;
  const rest = v.slice(2);
  if (rest.length === 6) return /^([DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF])$/.test(rest); // new-energy
  return /^[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]$/.test(rest) && /\d/.test(rest);
}

export function isIpAddress(raw: string): boolean {
  const v = raw.trim();
  return isIP(v) !== 0;
}

/** A date in a common format (1985-03-12, 1985/3/12, 19850312, 1985年3月12日) that exists and is not in the future. */
export function parseDate(raw: string): { y: number; m: number; d: number } | undefined {
  const v = raw.trim();
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(v) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(v);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return realDate(y, mo, d) ? { y, m: mo, d } : undefined;
}

/** Dates of birth: real dates, at least a year ago and within 120 years; a column name must say so (below). */
export function isBirthDate(raw: string): boolean {
  const date = parseDate(raw);
  if (!date) return false;
  const age = new Date().getUTCFullYear() - date.y;
  return age >= 1 && age <= 120;
}

export const VALIDATORS: Record<PiiType, (value: string) => boolean> = {
  cn_resident_id: isResidentId,
  cn_uscc: isUscc,
  cn_mobile: isMobile,
  cn_landline: isLandline,
  email: isEmail,
  bank_card: isBankCard,
  person_name: isPersonName,
  address: isAddress,
  cn_passport: isPassport,
  cn_license_plate: isLicensePlate,
  ip_address: isIpAddress,
  date_of_birth: isBirthDate,
};

/** Column names that point at a type (Chinese, English, pinyin initials). */
export const NAME_HINTS: Record<PiiType, RegExp> = {
  cn_resident_id: /(身份证|身份号码|证件号|sfz|id_?card|id_?no|identity|citizen)/i,
  cn_uscc: /(信用代码|社会信用|xydm|uscc|credit_?code|统一代码)/i,
  cn_mobile: /(手机|移动电话|联系电话|电话|sjh|mobile|phone|cell|tel)/i,
  cn_landline: /(固定电话|座机|办公电话|电话|传真|landline|tel|phone|fax)/i,
  email: /(邮箱|邮件|e-?mail|mail)/i,
  bank_card: /(银行卡|卡号|账号|帐号|账户|yhk|card|account|acct)/i,
  person_name: /(姓名|名字|联系人|法定代表人|法人|负责人|户主|经办人|xm|^name$|_name$|person|contact)/i,
  address: /(地址|住址|住所|居住地|户籍|dz|addr|address)/i,
  cn_passport: /(护照|passport|hz)/i,
  cn_license_plate: /(车牌|号牌|牌照|cph|plate)/i,
  ip_address: /(^ip|ip$|_ip|ip_|ip地址|\bip\b)/i,
  date_of_birth: /(出生|生日|csrq|birth|dob)/i,
};
