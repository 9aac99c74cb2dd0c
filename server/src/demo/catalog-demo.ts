// Demo catalog: information systems and registered resources of four Hohhot departments, each with data loaded
// through the real ingestion path (upload → Parquet → profile → classification → quality), plus the PUMS sample
// under the slug `pums`, an open demand and a registration waiting for review.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { Liutong } from '../app.ts';
import { formatCsv } from '../modules/classification/index.ts';
import { createCatalogModule } from '../modules/catalog/index.ts';
import type { RequestContext } from '../platform/context.ts';
import { completeUscc } from '../platform/codes/uscc.ts';
import { seededRandom } from '../platform/random.ts';
import { demoActor, type SeededIds } from './context.ts';

const PUMS = path.join(import.meta.dirname, 'data', 'pums', 'PUMS_pid.csv');

const random = seededRandom(0x1d7a);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pad = (n: number, w: number) => String(n).padStart(w, '0');

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文辉建华玉兰萍红鹏飞华梅琳晨宇浩然欣怡子轩雨涵',
];
const COUNTIES = ['150102', '150103', '150104', '150105', '150121', '150122', '150123', '150124', '150125'];
const name = () => pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : '');

/** A resident ID (GB 11643) with a real birth date, a Hohhot county and its check digit. */
function residentId(): string {
  const birth = new Date(Date.UTC(int(1950, 2004), int(0, 11), int(1, 28)));
  const body = `${pick(COUNTIES)}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${pad(int(1, 999), 3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}
const mobile = () => `1${pick(['35', '38', '39', '50', '58', '86', '89'])}${pad(int(0, 99_999_999), 8)}`;
const creditCode = () => {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = Array.from({ length: 8 }, () => pick([...alphabet])).join('');
  return completeUscc(`91${pick(COUNTIES)}${body}`);
};

const INDUSTRIES = ['科技', '商贸', '物流', '餐饮', '建筑', '文化传媒', '农牧业', '乳业', '新能源', '医药'];
const SUFFIX = ['有限公司', '有限责任公司', '股份有限公司'];

function enterprises(rows: number): string[][] {
  const out = [
    ['统一社会信用代码', '企业名称', '法定代表人', '注册资本(万元)', '成立日期', '所属区县', '行业'],
  ];
  for (let i = 0; i < rows; i++) {
    const industry = pick(INDUSTRIES);
    out.push([
      creditCode(),
      `呼和浩特${pick(['市', ''])}${pick(['青城', '北疆', '草原', '敕勒川', '大召', '昭君', '金川', '如意'])}${industry}${pick(SUFFIX)}`,
      name(),
      (int(10, 50_000) / 1).toFixed(2),
      `${int(1995, 2025)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`,
      pick(COUNTIES),
      industry,
    ]);
  }
  return out;
}

function socialInsurance(rows: number): string[][] {
  const out = [['姓名', '公民身份号码', '手机号码', '参保单位', '缴费基数', '个人缴费', '缴费月份']];
  for (let i = 0; i < rows; i++) {
    const base = int(3500, 25_000);
    out.push([
      name(),
      residentId(),
      mobile(),
      `呼和浩特${pick(['青城', '北疆', '大召', '如意'])}${pick(INDUSTRIES)}有限公司`,
      base.toFixed(2),
      (base * 0.08).toFixed(2),
      `2026-${pad(int(1, 10), 2)}`,
    ]);
  }
  return out;
}

function busRidership(): string[][] {
  const out = [['线路', '日期', '小时', '刷卡人次', '扫码人次']];
  for (const line of ['1路', '2路', '3路', '13路', '33路', '68路', '快速公交1号线']) {
    for (let day = 1; day <= 7; day++) {
      for (let hour = 6; hour <= 22; hour++) {
        const peak = hour === 8 || hour === 18 ? 3 : hour === 7 || hour === 17 ? 2 : 1;
        out.push([
          line,
          `2026-11-${pad(day, 2)}`,
          String(hour),
          String(int(40, 200) * peak),
          String(int(30, 260) * peak),
        ]);
      }
    }
  }
  return out;
}

function weather(): string[][] {
  const out = [['站点编号', '站点名称', '观测时间', '气温(℃)', '相对湿度(%)', '降水量(mm)', '风速(m/s)']];
  const stations = [
    ['53463', '呼和浩特'],
    ['53466', '土默特左旗'],
    ['53467', '托克托'],
    ['53464', '和林格尔'],
    ['53368', '武川'],
  ];
  for (const [id, stationName] of stations) {
    for (let hour = 0; hour < 24 * 7; hour++) {
      const t = new Date(Date.UTC(2026, 10, 1, hour - 8));
      out.push([
        id!,
        stationName!,
        t.toISOString().replace('.000Z', 'Z'),
        (int(-150, 80) / 10).toFixed(1),
        String(int(20, 90)),
        random() < 0.1 ? (int(1, 80) / 10).toFixed(1) : '0.0',
        (int(0, 120) / 10).toFixed(1),
      ]);
    }
  }
  return out;
}

export async function seedCatalogDemo(
  liutong: Pick<Liutong, 'catalog' | 'enclave' | 'identity' | 'database'>,
  ids: SeededIds,
): Promise<void> {
  const as = demoActor(ids, 'catalog');
  const authority = as('authority', 'authority', 'authority');
  // The demo's history has passed its notices; the live catalog keeps the configured period.
  const catalog = createCatalogModule(liutong.database.kysely, {
    orgCard: liutong.identity.orgCard,
    orgCards: liutong.identity.orgCards,
    noticeSeconds: 0,
    publisher: async () => ({ id: 'platform', name: '平台', creditCode: null }),
    distributions: async () => new Map(),
  }).service;
  const { datasets } = liutong.enclave;

  /** Writes the rows as a CSV upload and stores it as the dataset's next version. */
  const load = async (
    ctx: RequestContext,
    datasetId: string,
    fileName: string,
    rows: string[][] | string,
  ) => {
    const file = path.join(datasets.uploadsDir, `${randomUUID()}.upload`);
    if (typeof rows === 'string') copyFileSync(rows, file);
    else writeFileSync(file, formatCsv(rows));
    const bytes = readFileSync(file);
    await datasets.upload(
      ctx,
      datasetId,
      {
        path: file,
        name: fileName,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
      { full: true },
    );
  };

  const entries: {
    user: [string, string];
    system: string;
    slug: string;
    file: string;
    rows: string[][] | string;
    resource: Parameters<typeof catalog.createResource>[1];
  }[] = [
    {
      user: ['holder', 'market'],
      system: '市场主体登记管理系统',
      slug: 'enterprise-registrations',
      file: '市场主体登记信息.csv',
      rows: enterprises(2000),
      resource: {
        title: '呼和浩特市市场主体登记信息',
        description:
          '全市企业登记注册基本信息：统一社会信用代码、企业名称、法定代表人、注册资本、成立日期、所属区县和行业。',
        regionCode: '150100',
        domain: 'legal_person',
        fields: enterprises(0)[0]!.map((f) => ({ name: f, type: 'VARCHAR' })),
        keywords: ['市场主体', '企业登记', '法人'],
        updateFrequency: 'daily',
        openLevel: 'conditional',
        category: 'enterprise',
        grade: 'general_2',
        sourceItems: ['企业登记基本信息'],
      },
    },
    {
      user: ['holder2', 'hrss'],
      system: '社会保险经办管理信息系统',
      slug: 'social-insurance',
      file: '社保缴费明细.csv',
      rows: socialInsurance(3000),
      resource: {
        title: '职工社会保险缴费明细',
        description:
          '按月的职工养老保险缴费明细：参保人、参保单位、缴费基数和个人缴费金额。含敏感个人信息，仅在安全域内以统计结果提供。',
        regionCode: '150100',
        domain: 'population',
        fields: socialInsurance(0)[0]!.map((f) => ({ name: f, type: 'VARCHAR' })),
        keywords: ['社保', '养老保险', '缴费'],
        updateFrequency: 'monthly',
        openLevel: 'conditional',
        category: 'personal',
        grade: 'general_4',
        sourceItems: ['职工养老保险缴费记录'],
      },
    },
    {
      user: ['holder3', 'transport'],
      system: '公交智能调度系统',
      slug: 'bus-ridership',
      file: '公交线路分时客流.csv',
      rows: busRidership(),
      resource: {
        title: '公交线路分时客流量',
        description: '各公交线路按日期和小时统计的刷卡与扫码乘车人次。',
        regionCode: '150100',
        domain: 'theme',
        theme: '交通出行',
        fields: busRidership()[0]!.map((f) => ({ name: f, type: 'VARCHAR' })),
        keywords: ['公交', '客流', '交通'],
        updateFrequency: 'daily',
        openLevel: 'unconditional',
        category: 'public',
        grade: 'general_1',
        sourceItems: ['公交线路客流统计'],
      },
    },
    {
      user: ['holder4', 'weather'],
      system: '地面气象观测业务系统',
      slug: 'weather-stations',
      file: '自动气象站逐时观测.csv',
      rows: weather(),
      resource: {
        title: '自动气象站逐小时观测数据',
        description: '呼和浩特及所辖旗县国家气象站逐小时气温、相对湿度、降水量和风速。',
        regionCode: '150100',
        domain: 'natural_resources',
        fields: weather()[0]!.map((f) => ({ name: f, type: 'VARCHAR' })),
        keywords: ['气象', '气温', '降水'],
        updateFrequency: 'realtime',
        openLevel: 'unconditional',
        category: 'public',
        grade: 'general_1',
        sourceItems: ['地面气象观测要素'],
      },
    },
    {
      user: ['holder2', 'hrss'],
      system: '社会保险经办管理信息系统',
      slug: 'pums',
      file: 'PUMS_pid.csv',
      rows: PUMS,
      resource: {
        title: '人口微观数据样本（PUMS）',
        description:
          '美国人口普查公共使用微观数据 1000 条样本（年龄、性别、教育、种族、收入、婚姻），用于隐私计算与差分隐私的演示和验证。',
        regionCode: '150100',
        domain: 'special',
        theme: '隐私计算验证',
        fields: ['age', 'sex', 'educ', 'race', 'income', 'married', 'pid'].map((f) => ({
          name: f,
          type: 'VARCHAR',
        })),
        keywords: ['PUMS', '微观数据', '差分隐私'],
        updateFrequency: 'irregular',
        openLevel: 'conditional',
        category: 'personal',
        grade: 'general_3',
      },
    },
  ];

  const systems = new Map<string, string>();
  for (const e of entries) {
    const ctx = as(e.user[0], e.user[1], 'holder');
    let systemId = systems.get(e.system);
    if (!systemId) {
      systemId = (
        await catalog.createSystem(ctx, { name: e.system, regionCode: '150100', department: '信息中心' })
      ).id;
      systems.set(e.system, systemId);
    }
    const resource = await catalog.createResource(ctx, { ...e.resource, systemId });
    const reg = await catalog.submit(ctx, resource.id);
    await catalog.review(authority, reg.id, { decision: 'approve', comment: '材料齐全，准予登记。' });
    const dataset = await datasets.create(ctx, {
      slug: e.slug,
      title: e.resource.title,
      resourceId: resource.id,
    });
    await load(ctx, dataset.id, e.file, e.rows);
  }

  // A resource waiting for review, and a demand on the board.
  const market = as('holder', 'market', 'holder');
  const pending = await catalog.createResource(market, {
    title: '食品经营许可信息',
    description: '食品经营许可证的发证、变更和注销信息。',
    regionCode: '150100',
    domain: 'legal_person',
    fields: [
      { name: '许可证编号', type: 'VARCHAR' },
      { name: '经营者名称', type: 'VARCHAR' },
      { name: '有效期至', type: 'DATE' },
    ],
    updateFrequency: 'weekly',
    openLevel: 'unconditional',
    category: 'enterprise',
    grade: 'general_1',
  });
  await catalog.submit(market, pending.id);
  await catalog.postDemand(as('merchant', 'bank', 'merchant'), {
    title: '小微企业经营状况与社保缴费数据',
    domain: 'legal_person',
    fields: ['统一社会信用代码', '缴费基数', '参保人数'],
    purpose: '用于普惠金融小微企业授信评估，只需要安全域内的统计结果。',
    regionCode: '150100',
    budgetFen: '20000000',
  });
}
