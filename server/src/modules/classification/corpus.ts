// A labelled, deterministic corpus of table columns for measuring the column classifier: realistic personal and
// sensitive values under Chinese, English and pinyin column names (some neutral or misleading), with a little
// dirt, and decoy columns of look-alike values that are not personal information.
import { completeUscc, isValidUscc } from '../../platform/codes/uscc.ts';
import { PII_TYPES, type PiiType } from './detectors.ts';
import { seededRandom } from '../../platform/random.ts';

/** The labels are the detectors' types: one list, so corpus and classifier cannot drift apart. */
export const TYPES = PII_TYPES;
export type { PiiType };

export interface LabelledColumn {
  name: string;
  values: string[];
  label: PiiType | null;
}

/** A column with where its dirt is: `empty` cells (blank or a placeholder such as NULL) and `malformed` values. */
export interface AnnotatedColumn extends LabelledColumn {
  /** Decoys only: which kind of look-alike the column holds. */
  decoy?: DecoyKind;
  /** Indices of empty cells: '' or the column's placeholder (NULL, -, 无, /). */
  empty: number[];
  /** Indices of deliberately malformed values in a PII column (at most 3% of the rows). */
  malformed: number[];
  /** Indices of values with extra leading or trailing whitespace (valid once trimmed). */
  padded: number[];
}

export interface CorpusOptions {
  columnsPerType?: number;
  decoys?: number;
  rows?: number;
}

/** Deterministic from the seed: the same seed gives the same corpus. */
export function generateCorpus(seed: number, options?: CorpusOptions): LabelledColumn[] {
  return generateAnnotatedCorpus(seed, options).map(({ name, values, label }) => ({ name, values, label }));
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

class Rng {
  private readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom((Math.trunc(seed) ^ 0x9e3779b9) >>> 0);
  }
  /** A float in [0, 1). */
  next(): number {
    return this.random();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Picks with a bias to the front of the list (lists are ordered most common first). */
  pickSkewed<T>(items: readonly T[], power = 1.8): T {
    return items[Math.floor(this.next() ** power * items.length)] as T;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

/** Splits a '|'-separated list: keeps long reference lists compact. */
const words = (list: string): string[] => list.split('|');

const pad2 = (n: number): string => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------------------------
// Reference data

interface RegionRow {
  code: string;
  province: string;
  city: string;
  county: string;
  /** Street names that exist there, used for addresses. */
  streets: readonly string[];
}

/** Real GB/T 2260 county-level codes with their names. Municipalities have an empty province. */
const REGIONS: readonly RegionRow[] = [
  '150102 内蒙古自治区 呼和浩特市 新城区 中山东路,新华大街,兴安北路,海拉尔东路',
  '150105 内蒙古自治区 呼和浩特市 赛罕区 大学西街,昭乌达路,敕勒川大街,丰州路',
  '150203 内蒙古自治区 包头市 昆都仑区 钢铁大街,阿尔丁大街,友谊大街',
  '150402 内蒙古自治区 赤峰市 红山区 哈达街,昭乌达路,新华路',
  '150602 内蒙古自治区 鄂尔多斯市 东胜区 鄂尔多斯大街,天骄路,伊金霍洛西街',
  '152502 内蒙古自治区 锡林郭勒盟 锡林浩特市 锡林大街,额尔敦路,团结大街',
  '110101 - 北京市 东城区 东长安街,王府井大街,朝阳门北大街',
  '110105 - 北京市 朝阳区 建国路,朝阳北路,望京街,东三环中路',
  '110108 - 北京市 海淀区 中关村大街,学院路,西四环北路',
  '120101 - 天津市 和平区 南京路,滨江道,营口道',
  '310104 - 上海市 徐汇区 漕溪北路,肇嘉浜路,虹桥路',
  '310115 - 上海市 浦东新区 世纪大道,张杨路,陆家嘴环路',
  '500103 - 重庆市 渝中区 解放碑步行街,中山三路,民族路',
  '440305 广东省 深圳市 南山区 深南大道,科技园南区科苑路,南海大道',
  '440106 广东省 广州市 天河区 天河路,体育西路,黄埔大道西',
  '510107 四川省 成都市 武侯区 人民南路四段,武侯祠大街,科华北路',
  '320102 江苏省 南京市 玄武区 中山路,北京东路,珠江路',
  '330106 浙江省 杭州市 西湖区 文三路,天目山路,教工路',
  '420106 湖北省 武汉市 武昌区 中南路,武珞路,中北路',
  '370102 山东省 济南市 历下区 泉城路,经十路,解放路',
  '410105 河南省 郑州市 金水区 花园路,金水路,农业路',
  '610113 陕西省 西安市 雁塔区 小寨东路,长安南路,科技路',
  '210102 辽宁省 沈阳市 和平区 中华路,太原街,三好街',
  '230103 黑龙江省 哈尔滨市 南岗区 红军街,西大直街,学府路',
  '350203 福建省 厦门市 思明区 中山路,湖滨南路,厦禾路',
  '530102 云南省 昆明市 五华区 东风西路,人民中路,翠湖南路',
  '430104 湖南省 长沙市 岳麓区 麓山南路,桐梓坡路,枫林三路',
  '130102 河北省 石家庄市 长安区 中山东路,建设北大街,体育北大街',
  '140105 山西省 太原市 小店区 长风街,平阳路,亲贤北街',
  '650102 新疆维吾尔自治区 乌鲁木齐市 天山区 解放南路,人民路,新华北路',
  '450103 广西壮族自治区 南宁市 青秀区 民族大道,金湖路,七星路',
  '520102 贵州省 贵阳市 南明区 中华南路,宝山南路,花果园大街',
  '620102 甘肃省 兰州市 城关区 东岗西路,庆阳路,天水南路',
  '360102 江西省 南昌市 东湖区 八一大道,阳明路,叠山路',
  '340104 安徽省 合肥市 蜀山区 长江西路,黄山路,望江西路',
  '220102 吉林省 长春市 南关区 人民大街,亚泰大街,自由大路',
  '460105 海南省 海口市 秀英区 滨海大道,秀英大道,长滨路',
  '640104 宁夏回族自治区 银川市 兴庆区 解放西街,北京东路,民族北街',
].map((row) => {
  const [code = '', province = '', city = '', county = '', streets = ''] = row.split(' ');
  return { code, province: province === '-' ? '' : province, city, county, streets: streets.split(',') };
});

/** Region codes used in resident IDs, credit codes and addresses. */
export const REGION_CODES: readonly string[] = REGIONS.map((r) => r.code);

/** Common surnames, most frequent first. */
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '慕容'];
const GIVEN_CHARS = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华玉兰萍红建国志海文辉斌鹏飞宇浩子涵梓轩欣怡雨晨博佳思嘉俊婷雪琳晓东丹亮峰波宁林蕾颖慧凯鑫帅昊然一诺墨瑞泽晗悦琪萱铭睿桂秀春秋永德福金荣淑珍凤云彬晶莉倩楠婕',
];
/** Mongolian, Uyghur and other names that do not split into a Han surname and given name. */
const MINORITY_NAMES = words(
  '巴特尔|其其格|乌云|额尔敦|苏日娜|那仁|朝鲁|斯琴|图雅|阿拉坦仓|包金山|白音仓|买买提·吐尔逊|阿依古丽·艾买提|古丽娜尔·买买提|艾力·阿不都',
);

const MOBILE_PREFIXES = words(
  '139|138|137|136|135|134|150|151|152|157|158|159|182|183|187|188|147|178|198|130|131|132|155|156|185|186|145|166|175|176|196|133|153|180|181|189|177|173|199|191|193|170|171',
);

/** Area codes with the length of their local numbers. */
const AREA_CODES: readonly { code: string; localLength: number }[] = [
  { code: '010', localLength: 8 },
  { code: '021', localLength: 8 },
  { code: '022', localLength: 8 },
  { code: '023', localLength: 8 },
  { code: '020', localLength: 8 },
  { code: '024', localLength: 8 },
  { code: '025', localLength: 8 },
  { code: '027', localLength: 8 },
  { code: '028', localLength: 8 },
  { code: '029', localLength: 8 },
  { code: '0471', localLength: 7 },
  { code: '0472', localLength: 7 },
  { code: '0476', localLength: 7 },
  { code: '0477', localLength: 7 },
  { code: '0479', localLength: 7 },
  { code: '0755', localLength: 8 },
  { code: '0571', localLength: 8 },
  { code: '0531', localLength: 8 },
  { code: '0371', localLength: 8 },
  { code: '0851', localLength: 8 },
  { code: '0991', localLength: 7 },
  { code: '0931', localLength: 7 },
  { code: '0951', localLength: 7 },
  { code: '0898', localLength: 8 },
];

const EMAIL_DOMAINS = words(
  'qq.com|qq.com|163.com|163.com|126.com|sina.com|foxmail.com|139.com|aliyun.com|yeah.net|sohu.com|gmail.com|outlook.com|nmg.gov.cn|samr.gov.cn|huhhot.gov.cn|beijing.gov.cn|nmgdata.com.cn|yili.com|mengniu.cn|imu.edu.cn|chinatelecom.cn',
);

/** Issuer BINs with the card lengths they issue. */
const CARD_BINS: readonly { bin: string; lengths: readonly number[] }[] = [
  { bin: '622202', lengths: [19] }, // ICBC 牡丹灵通卡
  { bin: '621226', lengths: [19] }, // ICBC
  { bin: '622848', lengths: [19] }, // ABC 金穗借记卡
  { bin: '621700', lengths: [19] }, // CCB 龙卡储蓄卡
  { bin: '622700', lengths: [19] }, // CCB
  { bin: '621661', lengths: [19] }, // BOC
  { bin: '622262', lengths: [19] }, // BOCOM
  { bin: '622588', lengths: [16] }, // CMB 一卡通
  { bin: '621483', lengths: [16] }, // CMB
  { bin: '623058', lengths: [19] }, // Ping An
  { bin: '621799', lengths: [19] }, // PSBC
  { bin: '622908', lengths: [18] }, // Industrial Bank
  { bin: '625965', lengths: [16] }, // UnionPay credit
  { bin: '628366', lengths: [16] }, // CCB credit
  { bin: '436742', lengths: [16] }, // CCB Visa
  { bin: '427020', lengths: [16] }, // ICBC Visa
  { bin: '404119', lengths: [16] }, // Visa
  { bin: '518710', lengths: [16] }, // CMB Mastercard
  { bin: '524047', lengths: [16] }, // Mastercard
  { bin: '552599', lengths: [16] }, // Mastercard
  { bin: '512315', lengths: [16] }, // Mastercard
];

const PLATE_PROVINCES = [...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'];
/** Letters used on plates: no I or O. */
const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];

// ---------------------------------------------------------------------------------------------------------------
// Check digits

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643-1999 check character for the first 17 digits of a resident ID. */
function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return '10X98765432'[sum % 11] ?? '';
}

/** The Luhn check digit that completes the given digits. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const luhnValid = (digits: string): boolean => luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);

// ---------------------------------------------------------------------------------------------------------------
// Value generators for each type. Each column gets its own "style" so columns differ the way real exports do.

type ValueGen = (rng: Rng) => string;

function birthDate(rng: Rng, fromYear = 1940, toYear = 2010): Date {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 11, 31);
  const days = Math.floor((to - from) / 86_400_000);
  return new Date(from + rng.int(0, days) * 86_400_000);
}

const ymd = (d: Date): string => `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;

function residentId(rng: Rng): string {
  const first17 = rng.pick(REGIONS).code + ymd(birthDate(rng)) + rng.digits(3);
  return first17 + residentIdCheckChar(first17);
}

const USCC_KINDS = words('91|91|91|91|92|93|11|12|13|19|51|52|53|31|71|Y1');
const USCC_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function uscc(rng: Rng): string {
  const region = rng.pick(REGIONS).code;
  let body: string;
  if (rng.chance(0.45)) {
    // Codes assigned since 2015 by market regulators begin MA.
    body = 'MA';
    for (let i = 0; i < 6; i++)
      body += rng.chance(0.7) ? String(rng.int(0, 9)) : rng.pick([...USCC_BODY.slice(10)]);
  } else {
    body = rng.digits(8);
  }
  return completeUscc(rng.pick(USCC_KINDS) + region + body);
}

function mobileStyle(rng: Rng): ValueGen {
  const style = rng.pick([
    'plain',
    'plain',
    'plain',
    'dashed',
    'spaced',
    'intl',
    'intl_compact',
    'mixed',
  ] as const);
  return (r) => {
    const n = r.pickSkewed(MOBILE_PREFIXES, 1.3) + r.digits(8);
    const s = style === 'mixed' ? r.pick(['plain', 'plain', 'dashed', 'spaced', 'intl'] as const) : style;
    switch (s) {
      case 'plain':
        return n;
      case 'dashed':
        return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
      case 'spaced':
        return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
      case 'intl':
        return `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
      case 'intl_compact':
        return `+86${n}`;
    }
  };
}

function landlineStyle(rng: Rng): ValueGen {
  const style = rng.pick(['dashed', 'dashed', 'paren', 'plain', 'spaced', 'mixed'] as const);
  // Office tables tend to sit in one city; others spread across the country.
  const local = rng.chance(0.5) ? [rng.pick(AREA_CODES)] : AREA_CODES;
  return (r) => {
    const area = r.pick(local);
    const number = String(r.int(2, 8)) + r.digits(area.localLength - 1);
    const ext = r.chance(0.05) ? `-${r.int(800, 8999)}` : '';
    const s = style === 'mixed' ? r.pick(['dashed', 'paren', 'plain'] as const) : style;
    switch (s) {
      case 'dashed':
        return `${area.code}-${number}${ext}`;
      case 'paren':
        return `(${area.code})${number}`;
      case 'plain':
        return area.code + number;
      case 'spaced':
        return `${area.code} ${number}`;
    }
  };
}

/** Pinyin of a few common surnames and given-name syllables for email local parts. */
const PINYIN_SURNAMES = words(
  'wang|li|zhang|liu|chen|yang|huang|zhao|wu|zhou|xu|sun|ma|zhu|hu|guo|gao|lin|bai|han',
);
const PINYIN_GIVEN = words(
  'wei|fang|na|min|jing|li|qiang|lei|jun|yang|yong|yan|jie|tao|ming|chao|xia|hui|hao|yu|xin|jia|haoran|zihan|yuxuan|xiaoming|jianguo|guihua',
);

function email(rng: Rng): string {
  const surname = rng.pick(PINYIN_SURNAMES);
  const given = rng.pick(PINYIN_GIVEN);
  const domain = rng.pickSkewed(EMAIL_DOMAINS, 1.2);
  let local: string;
  if (domain === 'qq.com' && rng.chance(0.7)) {
    local = String(rng.int(1, 9)) + rng.digits(rng.int(5, 10)); // QQ number
  } else {
    local = rng.pick([
      `${surname}${given}`,
      `${surname}.${given}`,
      `${surname}_${given}${rng.int(1, 99)}`,
      `${given}${surname}${rng.int(1970, 2005)}`,
      `${surname[0] ?? 'x'}${given}${rng.digits(3)}`,
      `${surname}${given}${rng.int(1, 9)}${rng.int(0, 9)}`,
      `${given}_${rng.digits(4)}`,
    ]);
  }
  return `${local}@${domain}`;
}

function bankCardStyle(rng: Rng): ValueGen {
  const grouped = rng.chance(0.2);
  const issuers = rng.chance(0.4) ? [rng.pick(CARD_BINS), rng.pick(CARD_BINS)] : CARD_BINS;
  return (r) => {
    const { bin, lengths } = r.pickSkewed(issuers, 1.3);
    const body = bin + r.digits(r.pick(lengths) - bin.length - 1);
    const card = body + luhnCheckDigit(body);
    return grouped ? (card.match(/.{1,4}/g) ?? []).join(' ') : card;
  };
}

function personName(rng: Rng): string {
  if (rng.chance(0.03)) return rng.pick(MINORITY_NAMES);
  const surname = rng.chance(0.02) ? rng.pick(COMPOUND_SURNAMES) : rng.pickSkewed(SURNAMES, 1.6);
  const givenLength = rng.chance(0.3) ? 1 : 2;
  let given = '';
  for (let i = 0; i < givenLength; i++) given += rng.pick(GIVEN_CHARS);
  return surname + given;
}

const ESTATES = words(
  '阳光花园|幸福家园|金色家园|锦绣华庭|绿地新城|万达广场|铁路小区|电力小区|学府康都|如意和小区|东方明珠苑',
);
const TOWNS = [
  { town: '金河镇', village: '西把栅村' },
  { town: '保合少镇', village: '奎素村' },
  { town: '黄合少镇', village: '石人湾村' },
  { town: '南坪镇', village: '朱家湾村' },
  { town: '柳树镇', village: '大王庄村' },
];

function addressStyle(rng: Rng): ValueGen {
  const withProvince = rng.chance(0.7);
  const local = rng.chance(0.4) ? REGIONS.slice(0, 6) : REGIONS;
  return (r) => {
    const region = r.pick(local);
    const head =
      (withProvince || region.province === '' ? region.province : '') + region.city + region.county;
    const street = r.pick(region.streets);
    const form = r.int(0, 9);
    if (form <= 3) return `${head}${street}${r.int(1, 399)}号`;
    if (form <= 5) {
      return `${head}${street}${r.int(1, 200)}号院${r.int(1, 30)}号楼${r.int(1, 6)}单元${r.int(1, 28)}0${r.int(1, 4)}室`;
    }
    if (form <= 7) {
      return `${head}${r.pick(ESTATES)}${r.int(1, 40)}栋${r.int(1, 6)}单元${r.int(1, 18)}0${r.int(1, 4)}`;
    }
    if (form === 8) {
      const t = r.pick(TOWNS);
      return `${head}${t.town}${t.village}${r.int(1, 12)}组${r.int(1, 90)}号`;
    }
    return `${head}${street}${r.int(1, 300)}号${r.pick(['科技大厦', '金融中心', '国际大厦', '创业园'])}${r.pick(['A座', 'B座', ''])}${r.int(2, 30)}层`;
  };
}

function passport(rng: Rng): string {
  const form = rng.int(0, 9);
  if (form <= 4) return `E${rng.digits(8)}`;
  if (form <= 7) return `E${rng.pick(PLATE_LETTERS)}${rng.digits(7)}`;
  return `G${rng.digits(8)}`;
}

function plateStyle(rng: Rng): ValueGen {
  const local = rng.chance(0.5) ? ['蒙'] : PLATE_PROVINCES;
  const dot = rng.chance(0.15);
  return (r) => {
    const head = r.pickSkewed(local, 1.2) + r.pick(PLATE_LETTERS.slice(0, 12));
    let tail: string;
    if (r.chance(0.2)) {
      // New-energy: small cars D/F + letter or digit + 4 digits; large vehicles 5 digits + D/F.
      tail = r.chance(0.8)
        ? r.pick(['D', 'F', 'A', 'B', 'G']) +
          (r.chance(0.5) ? r.pick(PLATE_LETTERS) : r.digits(1)) +
          r.digits(4)
        : r.digits(5) + r.pick(['D', 'F']);
    } else {
      const chars = [...r.digits(5)];
      const letters = r.int(0, 2);
      for (let i = 0; i < letters; i++) chars[r.int(0, 4)] = r.pick(PLATE_LETTERS);
      tail = chars.join('');
      if (r.chance(0.03)) tail = tail.slice(0, 4) + r.pick(['学', '挂', '警']);
    }
    return dot ? `${head}·${tail}` : head + tail;
  };
}

function ipStyle(rng: Rng): ValueGen {
  const v6Share = rng.pick([0, 0, 0.1, 0.3]);
  const privateShare = rng.pick([0.1, 0.5, 0.9]);
  return (r) => {
    if (r.chance(v6Share)) {
      const groups = [r.pick(['2409', '240e', '2408', '2001']), r.int(0, 0xffff).toString(16)];
      if (r.chance(0.5)) return `${groups.join(':')}::${r.int(1, 0xffff).toString(16)}`;
      for (let i = 0; i < 6; i++) groups.push(r.int(0, 0xffff).toString(16));
      return groups.join(':');
    }
    if (r.chance(privateShare)) {
      const form = r.int(0, 2);
      if (form === 0) return `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
      if (form === 1) return `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`;
      return `192.168.${r.int(0, 255)}.${r.int(1, 254)}`;
    }
    return `${r.pick([1, 14, 27, 36, 39, 42, 58, 60, 101, 106, 110, 111, 112, 113, 114, 116, 117, 119, 120, 121, 122, 123, 124, 125, 180, 182, 183, 202, 211, 218, 219, 220, 221, 222, 223])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  };
}

function dobStyle(rng: Rng): ValueGen {
  const style = rng.pick(['iso', 'iso', 'slash', 'compact', 'chinese', 'iso_short', 'dotted'] as const);
  return (r) => {
    const d = birthDate(r);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    switch (style) {
      case 'iso':
        return `${y}-${pad2(m)}-${pad2(day)}`;
      case 'slash':
        return `${y}/${m}/${day}`;
      case 'compact':
        return `${y}${pad2(m)}${pad2(day)}`;
      case 'chinese':
        return `${y}年${m}月${day}日`;
      case 'iso_short':
        return `${y}-${m}-${day}`;
      case 'dotted':
        return `${y}.${pad2(m)}.${pad2(day)}`;
    }
  };
}

const STYLES: Record<PiiType, (rng: Rng) => ValueGen> = {
  cn_resident_id: () => residentId,
  cn_uscc: () => uscc,
  cn_mobile: mobileStyle,
  cn_landline: landlineStyle,
  email: () => email,
  bank_card: bankCardStyle,
  person_name: () => personName,
  address: addressStyle,
  cn_passport: () => passport,
  cn_license_plate: plateStyle,
  ip_address: ipStyle,
  date_of_birth: dobStyle,
};

// ---------------------------------------------------------------------------------------------------------------
// Malformed values: realistic typos that make a value invalid for its type.

function replaceAt(s: string, i: number, c: string): string {
  return s.slice(0, i) + c + s.slice(i + 1);
}

function malform(rng: Rng, type: PiiType, value: string): string {
  switch (type) {
    case 'cn_resident_id': {
      if (rng.chance(0.3)) return value.slice(0, 17); // a digit lost
      for (;;) {
        const i = rng.int(0, 16);
        const v = replaceAt(value, i, String(rng.int(0, 9)));
        if (residentIdCheckChar(v.slice(0, 17)) !== v[17]) return v;
      }
    }
    case 'cn_uscc': {
      if (rng.chance(0.3)) return value.slice(0, 17);
      for (;;) {
        const v = replaceAt(value, rng.int(0, 17), rng.pick([...USCC_BODY]));
        if (!isValidUscc(v)) return v;
      }
    }
    case 'bank_card': {
      for (;;) {
        const digits = value.replace(/ /g, '');
        const v = replaceAt(digits, rng.int(6, digits.length - 1), String(rng.int(0, 9)));
        if (!luhnValid(v)) return v;
      }
    }
    case 'cn_mobile': {
      const digits = value.replace(/^\+86/, '').replace(/\D/g, '');
      return rng.chance(0.5) ? digits.slice(0, 10) : `${digits}${rng.int(0, 9)}`;
    }
    case 'cn_landline':
      return value.slice(0, value.length - rng.int(3, 4));
    case 'email':
      return rng.pick([
        value.replace('@', ''),
        value.replace('@', '#'),
        value.replace('@', '@@'),
        value.split('@')[0] ?? '',
      ]);
    case 'person_name':
      return rng.pick(['test', 'xxx', '张三1', '？？', 'N/A', '王*']);
    case 'address':
      return rng.pick(['详见附件', '同上', '不详', '内蒙古', '待补充']);
    case 'cn_passport':
      return value.slice(0, value.length - rng.int(1, 2));
    case 'cn_license_plate':
      return value.replace('·', '').slice(0, 5);
    case 'ip_address':
      return rng.pick([
        `192.168.1.${rng.int(256, 300)}`,
        `10.0.${rng.int(0, 9)}`,
        `${rng.int(300, 999)}.1.1.1`,
      ]);
    case 'date_of_birth':
      return rng.pick(['1985-02-30', '19851312', '1979-13-01', '0000-00-00', '1900-01-00']);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Column names

const NAMES: Record<PiiType, readonly string[]> = {
  cn_resident_id: words(
    '身份证号|公民身份号码|sfzh|id_card|证件号码|身份证号码|zjhm|法人身份证号|id_no|居民身份证',
  ),
  cn_uscc: words('统一社会信用代码|tyshxydm|credit_code|uscc|信用代码|shxydm|企业统一代码|org_credit_code'),
  cn_mobile: words('手机号码|联系电话|mobile|sjhm|手机|phone|联系人手机|lxdh|tel|mobile_no'),
  cn_landline: ['固定电话', '办公电话', '联系电话', 'gddh', 'office_tel', '座机', 'bgdh', 'tel', '电话'],
  email: ['电子邮箱', 'email', '邮箱', 'dzyx', 'e_mail', 'mail', '联系邮箱', 'email_address'],
  bank_card: ['银行卡号', '账号', 'card_no', 'yhkh', '银行账号', '开户账号', 'bank_account', '收款账号'],
  person_name: words('姓名|法定代表人|联系人|name|xm|负责人|fddbr|lxr|申请人|user_name|经办人'),
  address: words('住址|通讯地址|注册地址|address|zz|家庭住址|txdz|户籍地址|经营场所|addr'),
  cn_passport: ['护照号码', 'passport_no', 'hzhm', '护照号', 'passport', '出入境证件号'],
  cn_license_plate: words('车牌号|号牌号码|cph|plate_no|hphm|车牌号码|车辆号牌|license_plate'),
  ip_address: words('IP地址|登录IP|ip|client_ip|login_ip|ip_addr|访问IP|remote_addr|来源IP'),
  date_of_birth: ['出生日期', '生日', 'birth_date', 'csrq', 'birthday', 'dob', '出生年月日'],
};

/** Names that say nothing, or the wrong thing, about the values: detection must come from the values. */
const NEUTRAL_NAMES = words(
  'col_7|备注|field3|字段12|c5|扩展字段1|remark|data|value|其他信息|ext2|F_11|说明',
);

// ---------------------------------------------------------------------------------------------------------------
// Decoys: look-alike values that are not personal information.

export const DECOY_KINDS = [
  'order_number',
  'sku',
  'amount',
  'quantity',
  'timestamp',
  'recent_date',
  'transaction_serial',
  'invoice_number',
  'postal_code',
  'company_name',
  'product_name',
  'department_name',
  'remark',
  'version',
  'boolean_flag',
  'status_code',
  'eleven_digit_number',
  'region_code',
  'service_hotline',
  'document_type',
  'phone_model',
  'bank_name',
  'vehicle_type',
  'city_name',
  'uuid',
  'percentage',
  'gender',
  'job_title',
  'city_short_name',
] as const;
export type DecoyKind = (typeof DECOY_KINDS)[number];

const DECOY_NAMES: Record<DecoyKind, readonly string[]> = {
  order_number: ['订单号', 'order_no', 'ddh', '业务流水号', '申请编号'],
  sku: ['商品编码', 'sku', 'product_code', 'spbm', '物料编码'],
  amount: ['金额', '交易金额', 'amount', 'je', '注册资本（万元）', '应缴金额'],
  quantity: ['数量', 'qty', 'sl', '库存数量', '人数'],
  timestamp: ['创建时间', '更新时间', 'create_time', 'update_time', 'cjsj', '登记时间'],
  recent_date: ['交易日期', '办理日期', 'jyrq', 'trade_date', '受理日期', '核准日期'],
  transaction_serial: ['交易流水号', 'txn_id', 'jylsh', '支付流水号', '清算流水'],
  invoice_number: ['发票号码', '发票代码', 'fphm', 'invoice_no'],
  postal_code: ['邮政编码', 'yzbm', 'postcode', '邮编'],
  company_name: ['企业名称', '单位名称', 'qymc', 'company_name', '供应商'],
  product_name: ['商品名称', 'product_name', 'spmc', '产品名称'],
  department_name: ['部门名称', '主管部门', 'dept_name', '登记机关', 'djjg'],
  remark: ['备注', 'remark', 'bz', '处理意见', '说明'],
  version: ['版本号', 'version', 'app_version', 'os_version', 'bbh'],
  boolean_flag: ['是否有效', 'is_deleted', 'sfyx', '是否启用', 'enabled'],
  status_code: ['状态', 'status', 'zt', '审核状态', '办理状态'],
  eleven_digit_number: ['档案编号', '案卷号', 'dabh', 'serial_no', '登记编号'],
  region_code: ['行政区划代码', 'xzqhdm', 'area_code', '所属区划'],
  service_hotline: ['客服热线', '服务电话', 'hotline', '投诉电话'],
  document_type: ['证件类型', 'zjlx', 'id_type', '证件种类'],
  phone_model: ['手机型号', 'device_model', 'sjxh', '终端型号'],
  bank_name: ['开户银行', '开户行', 'khyh', 'bank_name'],
  vehicle_type: ['车辆类型', 'cllx', 'vehicle_type', '号牌种类'],
  city_name: ['所属城市', '所属地市', 'city', 'ssds'],
  uuid: ['id', 'uuid', 'record_id', '主键'],
  percentage: ['完成率', '占比', 'ratio', '增长率'],
  gender: ['性别', 'xb', 'gender', 'sex'],
  job_title: ['职位', '岗位', 'job_title', 'zw', '职务'],
  city_short_name: ['城市简称', '所在城市', 'city_short', 'szcs'],
};

const COMPANY_WORDS = words('蒙草|伊泰|北方|草原|金桥|鸿达|创新|天骄|青城|云图|数联|星河|恒通|瑞丰');
const COMPANY_TRADES = words('科技|信息技术|商贸|农牧业|建筑工程|物流|乳业|能源|数据服务|文化传媒');
const COMPANY_FORMS = ['有限公司', '有限责任公司', '股份有限公司', '合作社', '有限公司分公司'];
const PRODUCTS = words(
  '伊利纯牛奶250ml|蒙牛特仑苏250ml×12|小肥羊火锅底料|草原羊肉卷500g|奶皮子200g|风干牛肉干250g|华为Mate 60 Pro|A4复印纸500张|得力订书机|联想ThinkPad E14|内蒙古莜面1kg|河套雪花粉5kg',
);
const DEPARTMENTS = words(
  '市场监督管理局|呼和浩特市公安局新城区分局|内蒙古自治区大数据中心|税务局第一分局|人力资源和社会保障局|财务部|市场营销部|信息中心|综合办公室|自然资源局|交通运输局|住房和城乡建设局',
);
const REMARKS = words(
  '已核实|客户要求延期交付|材料齐全，准予登记|待补充营业执照复印件|无|同意|退回修改|电话未接通，次日再联系|系统自动导入|已发送短信通知|年报已公示|按期完成整改',
);
const STATUSES = words('已审核|待审核|已驳回|办理中|已办结|PENDING|APPROVED|REJECTED|01|02|03');
const PHONE_MODELS = words(
  'iPhone 15 Pro|华为Mate 60|HUAWEI P60|小米14|Redmi K70|OPPO Reno11|vivo X100|荣耀Magic6|iPhone 13',
);
const BANKS = words(
  '中国工商银行呼和浩特分行|中国农业银行|中国建设银行股份有限公司|中国银行内蒙古分行|交通银行|招商银行|内蒙古银行|包商银行|中国邮政储蓄银行',
);
const VEHICLE_TYPES = words(
  '小型轿车|小型普通客车|重型半挂牵引车|大型普通客车|轻型厢式货车|小型汽车|新能源小型汽车',
);
const CITIES = words(
  '呼和浩特市|包头市|鄂尔多斯市|赤峰市|通辽市|呼伦贝尔市|巴彦淖尔市|乌兰察布市|乌海市|兴安盟|锡林郭勒盟|阿拉善盟',
);
/**
 * Job titles: short words, several of which begin with a surname (司机, 文员, 车工, 班长, 董事长): they must not
 * make a column of names.
 */
const JOB_TITLES = words(
  '会计|出纳|文员|司机|厨师|保安|保洁|电工|焊工|车工|漆工|印刷工|仓管员|采购员|销售经理|客服专员|前台|行政助理|人事专员|程序员|产品经理|设计师|工程师|项目经理|店长|收银员|导购|快递员|质检员|技术员|董事长|总经理|部门经理|主管|组长|班长|教师|医生|护士|律师|翻译|编辑|记者|管理员|安全员|农艺师|包装工|兽医|司仪',
);
/**
 * Cities as people name them, without 市 or 盟: several read like names (包头, 吉林, 常州, 宣城), and all are places
 * for the address validator; neither must make a column of names or of addresses.
 */
const CITY_SHORT_NAMES = words(
  '呼和浩特|包头|鄂尔多斯|赤峰|通辽|呼伦贝尔|巴彦淖尔|乌兰察布|乌海|锡林郭勒|阿拉善|兴安|北京|上海|天津|重庆|深圳|广州|杭州|南京|成都|武汉|西安|郑州|长沙|沈阳|哈尔滨|长春|石家庄|太原|济南|青岛|合肥|福州|厦门|南昌|昆明|贵阳|南宁|海口|兰州|银川|西宁|乌鲁木齐|拉萨|宁波|温州|常州|唐山|秦皇岛|张家口|邢台|衡水|金华|黄山|吉林|白山|伊春|宿迁|宣城|盘锦',
);
const POSTAL_CODES = words(
  '010010|010020|010050|014010|017000|024000|100010|100020|200030|518057|610041|510620',
);

function decoyStyle(rng: Rng, kind: DecoyKind): ValueGen {
  switch (kind) {
    case 'order_number':
      // 18 digits from a recent date and a sequence; never a valid resident ID or credit code.
      return (r) => {
        for (;;) {
          const v = `${r.int(2021, 2026)}${pad2(r.int(1, 12))}${pad2(r.int(1, 28))}${r.digits(10)}`;
          if (residentIdCheckChar(v.slice(0, 17)) !== v[17] && !isValidUscc(v)) return v;
        }
      };
    case 'sku': {
      const form = rng.int(0, 2);
      return (r) =>
        form === 0
          ? `SKU-${r.digits(5)}-${r.pick(['BL', 'RD', 'WH', 'XL', 'M'])}`
          : form === 1
            ? `P${r.int(2019, 2026)}${r.digits(6)}`
            : `${r.pick(['WL', 'CP', 'YL'])}${r.digits(8)}`;
    }
    case 'amount': {
      const yuan = rng.chance(0.4);
      return (r) => {
        const v = r.int(0, 9_999_999) / 100;
        if (!yuan) return r.chance(0.05) ? `-${v.toFixed(2)}` : v.toFixed(2);
        return `¥${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      };
    }
    case 'quantity':
      return (r) => String(r.chance(0.7) ? r.int(1, 200) : r.int(201, 50_000));
    case 'timestamp':
      return (r) =>
        `${r.int(2019, 2026)}-${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))} ${pad2(r.int(0, 23))}:${pad2(r.int(0, 59))}:${pad2(r.int(0, 59))}`;
    case 'recent_date': {
      const style = rng.pick(['iso', 'compact', 'chinese', 'slash'] as const);
      return (r) => {
        const y = r.int(2019, 2026);
        const m = r.int(1, 12);
        const d = r.int(1, 28);
        if (style === 'iso') return `${y}-${pad2(m)}-${pad2(d)}`;
        if (style === 'compact') return `${y}${pad2(m)}${pad2(d)}`;
        if (style === 'chinese') return `${y}年${m}月${d}日`;
        return `${y}/${m}/${d}`;
      };
    }
    case 'transaction_serial':
      return (r) => {
        for (;;) {
          const length = r.int(16, 19);
          const v =
            (r.chance(0.5) ? `${r.int(2021, 2026)}${pad2(r.int(1, 12))}` : String(r.int(1, 9))) +
            r.digits(19);
          const s = v.slice(0, length);
          if (!luhnValid(s)) return s;
        }
      };
    case 'invoice_number': {
      const code = rng.chance(0.4);
      return (r) => (code ? `15${r.digits(2)}${r.int(19, 26)}${r.digits(6)}` : r.digits(8));
    }
    case 'postal_code':
      return (r) => r.pick(POSTAL_CODES);
    case 'company_name':
      return (r) =>
        `${r.pick(CITIES.slice(0, 6))}${r.pick(COMPANY_WORDS)}${r.pick(COMPANY_TRADES)}${r.pick(COMPANY_FORMS)}`;
    case 'product_name':
      return (r) => r.pick(PRODUCTS);
    case 'department_name':
      return (r) => r.pick(DEPARTMENTS);
    case 'remark':
      return (r) => r.pick(REMARKS);
    case 'version':
      // Three-part versions and build numbers only: a four-part dotted quad would be a genuine IPv4 address.
      return (r) =>
        r.pick([
          `${r.int(1, 12)}.${r.int(0, 20)}.${r.int(0, 30)}`,
          `v${r.int(1, 5)}.${r.int(0, 12)}.${r.int(0, 9)}`,
          `10.0.${r.pick([19041, 19045, 22621, 22631])}`,
          `${r.int(1, 3)}.${r.int(0, 9)}.${r.int(0, 9)}-beta`,
        ]);
    case 'boolean_flag': {
      const pair = rng.pick([
        ['是', '否'],
        ['Y', 'N'],
        ['true', 'false'],
        ['0', '1'],
      ]);
      return (r) => r.pick(pair);
    }
    case 'status_code':
      return (r) => r.pick(STATUSES);
    case 'eleven_digit_number':
      // 11 digits that cannot be mobiles: they begin with 2 or 10.
      return (r) => (r.chance(0.5) ? `2${r.digits(10)}` : `10${r.digits(9)}`);
    case 'region_code':
      return (r) => r.pick(REGIONS).code;
    case 'service_hotline':
      return (r) =>
        r.pick([
          '95588',
          '95533',
          '12345',
          '12315',
          '10086',
          '400-810-8888',
          '4006-695-555',
          '800-820-8820',
          '96777',
        ]);
    case 'document_type':
      return (r) =>
        r.pick([
          '居民身份证',
          '护照',
          '港澳居民来往内地通行证',
          '台湾居民来往大陆通行证',
          '外国人永久居留身份证',
          '军官证',
        ]);
    case 'phone_model':
      return (r) => r.pick(PHONE_MODELS);
    case 'bank_name':
      return (r) => r.pick(BANKS);
    case 'vehicle_type':
      return (r) => r.pick(VEHICLE_TYPES);
    case 'city_name':
      return (r) => r.pick(CITIES);
    case 'uuid':
      return (r) => {
        let h = '';
        for (let i = 0; i < 32; i++) h += r.int(0, 15).toString(16);
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${r.pick([...'89ab'])}${h.slice(17, 20)}-${h.slice(20)}`;
      };
    case 'percentage':
      return (r) => `${(r.int(0, 10000) / 100).toFixed(r.int(0, 2))}%`;
    case 'gender':
      return (r) => r.pick(['男', '女']);
    case 'job_title':
      return (r) => r.pick(JOB_TITLES);
    case 'city_short_name':
      return (r) => r.pick(CITY_SHORT_NAMES);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Assembly

const PLACEHOLDERS = ['NULL', '-', '无', '/'];
const PADDING = [' ', '  ', '\t', '\u3000'];

function pickIndices(rng: Rng, rows: number, count: number, taken: Set<number>): number[] {
  const out: number[] = [];
  while (out.length < count && taken.size < rows) {
    const i = rng.int(0, rows - 1);
    if (taken.has(i)) continue;
    taken.add(i);
    out.push(i);
  }
  return out.sort((a, b) => a - b);
}

function buildColumn(
  rng: Rng,
  name: string,
  label: PiiType | null,
  gen: ValueGen,
  rows: number,
  decoy?: DecoyKind,
): AnnotatedColumn {
  const values = Array.from({ length: rows }, () => gen(rng));
  const taken = new Set<number>();
  const emptyCount = Math.round(rows * (0.05 + rng.next() * 0.05));
  const empty = pickIndices(rng, rows, emptyCount, taken);
  const placeholder = rng.chance(0.25) ? rng.pick(PLACEHOLDERS) : '';
  for (const i of empty) values[i] = placeholder;
  let malformed: number[] = [];
  if (label !== null && rng.chance(0.6)) {
    malformed = pickIndices(rng, rows, Math.floor(rows * rng.next() * 0.03), taken);
    for (const i of malformed) values[i] = malform(rng, label, values[i] ?? '');
  }
  const padded = rng.chance(0.3) ? pickIndices(rng, rows, Math.floor(rows * rng.next() * 0.05), taken) : [];
  for (const i of padded) {
    const pad = rng.pick(PADDING);
    const v = values[i] ?? '';
    values[i] = rng.chance(0.5) ? v + pad : rng.chance(0.5) ? pad + v : pad + v + pad;
  }
  const column: AnnotatedColumn = { name, values, label, empty, malformed, padded };
  if (decoy) column.decoy = decoy;
  return column;
}

/**
 * An endless stream of values of one type or decoy kind, in one column's style (drawn from the seed), without
 * dirt: for writing large files, such as the full-scan benchmark's, row by row.
 */
export function valueStream(seed: number, kind: PiiType | DecoyKind): () => string {
  const rng = new Rng(seed);
  const gen = (TYPES as readonly string[]).includes(kind)
    ? STYLES[kind as PiiType](rng)
    : decoyStyle(rng, kind as DecoyKind);
  return () => gen(rng);
}

/** The corpus with its dirt marked, for tests of the generator and for error analysis of the classifier. */
export function generateAnnotatedCorpus(seed: number, options: CorpusOptions = {}): AnnotatedColumn[] {
  const columnsPerType = options.columnsPerType ?? 12;
  const decoys = options.decoys ?? 60;
  const rows = options.rows ?? 200;
  for (const [key, n] of Object.entries({ columnsPerType, decoys, rows })) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${key} must be a non-negative integer`);
  }
  const rng = new Rng(seed);
  const columns: AnnotatedColumn[] = [];
  for (const type of TYPES) {
    // About one column in six of each type hides behind a neutral name (at least one when there are four or more).
    const neutral = new Set<number>();
    const neutralCount = columnsPerType >= 4 ? Math.max(1, Math.round(columnsPerType / 6)) : 0;
    while (neutral.size < neutralCount) neutral.add(rng.int(0, columnsPerType - 1));
    for (let c = 0; c < columnsPerType; c++) {
      const name = neutral.has(c) ? rng.pick(NEUTRAL_NAMES) : rng.pick(NAMES[type]);
      columns.push(buildColumn(rng, name, type, STYLES[type](rng), rows));
    }
  }
  const kinds = rng.shuffle([...DECOY_KINDS]);
  for (let c = 0; c < decoys; c++) {
    const kind = kinds[c % kinds.length] as DecoyKind;
    columns.push(buildColumn(rng, rng.pick(DECOY_NAMES[kind]), null, decoyStyle(rng, kind), rows, kind));
  }
  return rng.shuffle(columns);
}
