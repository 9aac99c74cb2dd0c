// Detectors of personal and sensitive information in single values: each checks the value's structure with a
// validator (check digits, real dates, known codes), not a bare pattern; column names add context.
import { isIP } from 'node:net';
import { regionNames } from '../../platform/codes/region.ts';
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

/**
 * Landlines: an area code (0 + 2–3 digits, in ASCII or full-width parentheses or none) and a 7–8 digit number,
 * optionally an extension: after 转, ext or #, or after a bare dash (021-22033212-123), as office lists write it.
 */
const LANDLINE =
  /^(\+86[\s-]?)?[(（]?0\d{2,3}[)）]?[\s-]?\d{7,8}(?<extension>[\s-]?(转|ext\.?|#)\s?\d{1,6}|-\d{1,6})?$/i;

export function isLandline(raw: string): boolean {
  const v = raw.trim();
  const m = LANDLINE.exec(v);
  if (!m) return false;
  // The digits of area code and number: without +86 and the extension.
  const digits = v
    .slice(v.startsWith('+86') ? 3 : 0, v.length - (m.groups!.extension?.length ?? 0))
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

const CARD_16_19 = [16, 17, 18, 19];

/**
 * Issuer identification number ranges (ISO/IEC 7812) of the card schemes and issuers whose cards are met in China,
 * each with the card lengths accepted: a range is its first and last prefix, of equal length. Lengths are 16–19 but
 * for American Express (15) and Diners Club (14 too); 15 digits stay with American Express alone, as 15 is also
 * the length of IMEIs, which carry a Luhn digit as well.
 */
export const CARD_RANGES: readonly {
  from: string;
  to: string;
  lengths: readonly number[];
  issuer: string;
}[] = [
  { from: '4', to: '4', lengths: CARD_16_19, issuer: 'Visa' },
  { from: '51', to: '55', lengths: CARD_16_19, issuer: 'Mastercard' },
  { from: '2221', to: '2720', lengths: CARD_16_19, issuer: 'Mastercard 2-series' },
  { from: '62', to: '62', lengths: CARD_16_19, issuer: 'China UnionPay' },
  { from: '8100', to: '8171', lengths: CARD_16_19, issuer: 'China UnionPay 81 range' },
  { from: '34', to: '34', lengths: [15], issuer: 'American Express' },
  { from: '37', to: '37', lengths: [15], issuer: 'American Express' },
  { from: '3528', to: '3589', lengths: CARD_16_19, issuer: 'JCB' },
  { from: '300', to: '305', lengths: [14, ...CARD_16_19], issuer: 'Diners Club International' },
  { from: '36', to: '36', lengths: [14, ...CARD_16_19], issuer: 'Diners Club International' },
  { from: '38', to: '39', lengths: [14, ...CARD_16_19], issuer: 'Diners Club International' },
  { from: '6011', to: '6011', lengths: CARD_16_19, issuer: 'Discover' },
  { from: '644', to: '649', lengths: CARD_16_19, issuer: 'Discover' },
  { from: '65', to: '65', lengths: CARD_16_19, issuer: 'Discover' },
  // Maestro, Mastercard's debit brand: 50 and 56–69 (its cards have 12–19 digits; here 16–19, as above).
  { from: '50', to: '50', lengths: CARD_16_19, issuer: 'Maestro' },
  { from: '56', to: '69', lengths: CARD_16_19, issuer: 'Maestro' },
  { from: '2200', to: '2204', lengths: CARD_16_19, issuer: 'Mir' },
  // Chinese banks' own debit-card BINs, issued before and alongside UnionPay's 62 range and still in use: 60
  // (Bank of China 601382, Agricultural Bank 601427, Bank of Communications 601428, city banks 602907–609120),
  // inside Maestro's range above but named here for what they are; ABC's 103 (19 digits).
  { from: '60', to: '60', lengths: CARD_16_19, issuer: 'Chinese banks, domestic BINs 60' },
  { from: '103', to: '103', lengths: [19], issuer: 'Agricultural Bank of China, domestic BIN 103' },
  // ISO/IEC 7812 leaves the major industry identifier 9 to national assignment; in China it holds the banks'
  // domestic debit cards: ICBC 9558, ABC 95595–95599, CMB 95555, PSBC 955100, Bank of Communications 955590–955593,
  // the shared 940 range of city commercial banks and rural credit cooperatives, CIB 966666, CITIC 968807–968809, …
  { from: '9', to: '9', lengths: CARD_16_19, issuer: 'Chinese banks, national range 9' },
];

/** The first issuer range (CARD_RANGES) that takes numbers of `length` digits beginning with `digits`. */
export const cardIssuer = (digits: string, length: number) =>
  CARD_RANGES.find((r) => {
    const prefix = digits.slice(0, r.from.length);
    return (
      prefix.length === r.from.length && prefix >= r.from && prefix <= r.to && r.lengths.includes(length)
    );
  });

/** Bank cards: 14–19 digits with a known issuer range for their length (CARD_RANGES) and a valid Luhn digit. */
export function isBankCard(raw: string): boolean {
  const v = raw.trim().replace(/[\s-]/g, '');
  return /^\d{14,19}$/.test(v) && cardIssuer(v, v.length) !== undefined && luhn(v);
}

/**
 * Chinese surnames: the most common ones (about 90% of the population), then further ones ranked roughly 100–300
 * nationally (萧 赖 洪 are among the top 100). Left out on purpose, although they are surnames too: characters that
 * begin many ordinary two- and three-character words (平 国 花 云 公 利 强 支 干 都 来 由 信 海 区 门 相 计 富 东 南 原 银
 * 智 玉 …), which would make job titles, company and product names read as names.
 */
export const SURNAME_CHARS =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾' +
  '夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟' +
  '殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆' +
  '农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明' +
  '佘池查麻苑迟邝萧赖洪' +
  '官封谈匡鞠惠荆乐冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘闻厉伊仝郜阚帅屠朴练廉禹祖漆巴卿狄索宣晋初容敬扈晁芮鹿薄邸雍辜裘亓修邰赫' +
  '杭况宿鲜印逯茹诸慕危亢嵇湛宾戎勾茅揭尉冶檀衣展昝幸植衡尧元阙束伏戈';
const SURNAMES = new Set(SURNAME_CHARS.split(''));
/**
 * Compound surnames of the 百家姓 that are still borne, without those that are ordinary words or places as well
 * (司空, 单于, 百里, 东郭, 南门, 西门, 南宫, 第五, 濮阳).
 */
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
  '司徒',
  '端木',
  '宇文',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '轩辕',
  '呼延',
  '万俟',
  '闻人',
  '赫连',
  '钟离',
  '宗政',
  '淳于',
  '鲜于',
  '闾丘',
  '拓跋',
  '公羊',
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

/** Suffixes of the provincial- and prefecture-level names, longest first: people often write the names without. */
const REGION_SUFFIXES = ['特别行政区', '自治区', '自治州', '地区', '省', '市', '盟'];
/** The peoples named in the autonomous regions and prefectures (广西壮族自治区, 海西蒙古族藏族自治州). */
const AUTONOMOUS_PEOPLES =
  '壮|回|维吾尔|藏|朝鲜|土家|苗|羌|彝|布依|侗|哈尼|傣|白|景颇|傈僳|蒙古|哈萨克|柯尔克孜'.split('|');

/**
 * A province's or prefecture's name as people write it without its suffix: 内蒙古自治区 → 内蒙古, 呼和浩特市 → 呼和浩特,
 * 锡林郭勒盟 → 锡林郭勒, 延边朝鲜族自治州 → 延边 (the peoples go too). Never shorter than two characters: a name
 * that would be (津市) stays whole.
 */
export function regionShortName(name: string): string {
  const suffix = REGION_SUFFIXES.find((s) => name.endsWith(s) && name.length - s.length >= 2);
  let short = suffix ? name.slice(0, -suffix.length) : name;
  if (suffix === '自治区' || suffix === '自治州') {
    for (let again = true; again;) {
      again = false;
      for (const people of AUTONOMOUS_PEOPLES) {
        for (const form of [`${people}族`, people]) {
          if (short.endsWith(form) && short.length - form.length >= 2) {
            short = short.slice(0, -form.length);
            again = true;
          }
        }
      }
    }
  }
  return short;
}

/**
 * Provinces and prefecture-level cities by their short names (GB/T 2260 via the region list): 北京, 深圳, 内蒙古,
 * 锡林郭勒, 延边. Typed addresses often leave out 省 and 市 (深圳南山科技园科苑路6号, 北京，朝阳，远洋国际D座1906).
 */
export const ADDRESS_PLACE_NAMES = [
  ...new Set([...regionNames('province'), ...regionNames('city')].map(regionShortName)),
];
export const ADDRESS_DETAIL_WORDS =
  '路|街|道|巷|弄|胡同|大道|村|组|号|栋|幢|楼|单元|室|院|小区|花园|大厦|广场|座|层'.split('|');
export const ADDRESS_NUMERALS = '一二三四五六七八九十';
/** Units that a number comes before: 12号, 3栋, 三层, 299弄, 2座. */
export const ADDRESS_UNIT_WORDS = '号|栋|幢|楼|室|单元|组|层|座|弄'.split('|');
/** Units that a building's letter comes before: A座, B栋. */
export const ADDRESS_LETTER_UNITS = '座栋幢';
/** Buildings that a bare room number follows: 泰德大厦904, 时代广场701A, D座1906. */
export const ADDRESS_BUILDING_WORDS = '大厦|广场|中心|座|栋|幢|楼'.split('|');
const ADDRESS_PLACE = new RegExp(`(${[...ADDRESS_PLACE_WORDS, ...ADDRESS_PLACE_NAMES].join('|')})`);
const ADDRESS_DETAIL = new RegExp(`(${ADDRESS_DETAIL_WORDS.join('|')})`);
/** A number: before a unit, a letter before a building unit, a floor as 24F, or a room number after a building. */
const ADDRESS_NUMBER = new RegExp(
  `[\\d${ADDRESS_NUMERALS}](${ADDRESS_UNIT_WORDS.join('|')})|[A-Za-z][${ADDRESS_LETTER_UNITS}]|\\d[Ff]|` +
    `(${ADDRESS_BUILDING_WORDS.join('|')})\\d`,
);

/**
 * A postal address: a place (a level's suffix, or a province's or city's short name), a street- or building-level
 * detail, and a number, in Chinese.
 */
export function isAddress(raw: string): boolean {
  const v = raw.trim();
  if (v.length < 6 || v.length > 120 || !/[\u4e00-\u9fa5]/.test(v)) return false;
  return ADDRESS_PLACE.test(v) && ADDRESS_DETAIL.test(v) && ADDRESS_NUMBER.test(v);
}

/**
 * Passports of the People's Republic: E + 8 digits, E + letter + 7 digits (2019 on), G/D/S/P + 7–8 digits (older
 * and official); issued to permanent residents of the Hong Kong SAR: K or H and 8 digits, or K or H, a series
 * letter and 7 digits (KJ…); of the Macao SAR: M, a series letter and 7 digits (MA, then MB, …). Series letters are
 * taken as in the E series: without I and O, which read as 1 and 0.
 */
export function isPassport(raw: string): boolean {
  const v = raw.trim().toUpperCase();
  return /^(E\d{8}|E[A-HJ-NP-Z]\d{7}|[GDSP]\d{8}|[DSP]E\d{7}|[KH]\d{8}|[KHM][A-HJ-NP-Z]\d{7})$/.test(v);
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
