// Catalog search at scale: p95 latency of `GET /api/v1/catalog/resources` (Chinese full text with filters) over
// 100,000 registered resources, against the naive baseline of the same questions answered by `ILIKE` scans in the
// same database, in the same run. Runs alone with `node bench/catalog.ts`, or as part of `npm run bench`.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { sql, type Kysely } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { documentVector, facetTerms, regionPrefix } from '../server/src/modules/catalog/search.ts';
import { openDatabase } from '../server/src/platform/db.ts';
import { testConfig } from '../server/src/testing/index.ts';
import { createBenchDatabase } from './ledger.ts';
import { seededRandom } from '../server/src/platform/random.ts';

const REGIONS = [
  '150102',
  '150103',
  '150104',
  '150105',
  '150121',
  '150122',
  '150202',
  '150203',
  '150302',
  '150402',
];
const DEPARTMENTS = [
  '市场监管',
  '人社',
  '医保',
  '公安',
  '交通运输',
  '自然资源',
  '气象',
  '税务',
  '教育',
  '卫生健康',
];
const SUBJECTS = [
  '企业登记信息',
  '社会保险缴费明细',
  '公交线路客流量',
  '自动气象站观测',
  '不动产登记',
  '医疗机构执业许可',
  '道路运输经营许可',
  '纳税信用等级',
  '学校基本信息',
  '药品零售企业',
  '建设工程规划许可',
  '供水用水量统计',
  '出租车运营轨迹',
  '空气质量监测',
  '人口户籍变动',
  '行政处罚决定',
  '食品经营许可',
  '特种设备检验',
  '住房公积金缴存',
  '城乡低保对象',
  '残疾人证核发',
  '婚姻登记',
  '出生医学证明',
  '死亡医学证明',
  '机动车登记',
  '驾驶证核发',
  '交通违法记录',
  '停车场泊位',
  '充电桩分布',
  '公共自行车租还',
  '地铁进出站客流',
  '航班起降',
  '农作物种植面积',
  '畜牧存栏',
  '草原生态监测',
  '水资源公报',
  '河湖水质',
  '森林资源清查',
  '矿产资源储量',
  '土地利用现状',
  '地名地址',
  '电子地图',
  '遥感影像',
  '地下管线',
  '建筑物轮廓',
  '规划用地红线',
  '招投标信息',
  '政府采购合同',
  '工业增加值',
  '固定资产投资',
  '社会消费品零售',
  '进出口贸易',
  '居民消费价格',
  '财政收支',
  '金融机构存贷款',
  '用电量统计',
  '专利授权',
  '商标注册',
  '高新技术企业认定',
  '科技项目立项',
  '文物保护单位',
  '旅游景区客流',
  '体育场馆',
  '图书馆借阅',
];
const QUALIFIERS = ['月度', '年度', '按区县', '按小时', '汇总', '明细', '历史', '实时', '抽样', '脱敏'];
const FIELDS = [
  '统一社会信用代码',
  '企业名称',
  '法定代表人',
  '注册资本',
  '成立日期',
  '缴费基数',
  '参保人数',
  '线路编号',
  '刷卡人次',
  '站点编号',
  '气温',
  '降水量',
  '风速',
  '许可证编号',
  '有效期',
  '处罚金额',
  '车牌号',
  '经度',
  '纬度',
  '监测时间',
];
const DOMAINS = [
  'population',
  'legal_person',
  'natural_resources',
  'spatial_geography',
  'credit',
  'macro_economy',
  'theme',
  'special',
];
const OPEN = ['unconditional', 'conditional', 'not_open'];
const GRADES = ['general_1', 'general_2', 'general_3', 'general_4'];

/** The questions people ask: common and rare words, several words, filters with and without words. */
export const SEARCHES = [
  'q=企业',
  'q=信息',
  'q=企业登记',
  'q=社会保险缴费',
  'q=客流',
  'q=气温 降水量',
  'q=刷卡人次',
  'q=许可',
  'q=空气质量监测 实时',
  'q=纳税信用',
  'q=不存在的词语组合',
  'q=车牌号&region=150100',
  'q=登记&domain=legal_person',
  'q=明细&openLevel=unconditional',
  'q=汇总&grade=general_2',
  'region=150203',
  'domain=credit&openLevel=conditional',
  '',
  'q=供水&region=150000&domain=theme',
  'q=医疗机构执业许可',
];

/** Inserts `count` registered resources of 200 holders directly, 1,000 per statement. */
export async function seedResources(db: Kysely<any>, count: number, progress: (m: string) => void) {
  const random = seededRandom(0x5eed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const holders = Array.from({ length: 200 }, () => randomUUID());
  for (let from = 0; from < count; from += 1000) {
    const rows = [];
    for (let i = from; i < Math.min(count, from + 1000); i++) {
      const region = pick(REGIONS);
      const title = `${pick(DEPARTMENTS)}${pick(SUBJECTS)}${pick(QUALIFIERS)}数据${i}`;
      const description = `${pick(DEPARTMENTS)}部门提供的${pick(SUBJECTS)}，${pick(QUALIFIERS)}更新，覆盖${region}辖区。`;
      const fields = Array.from({ length: 3 + Math.floor(random() * 6) }, () => pick(FIELDS));
      const unique = [...new Set(fields)].map((name) => ({ name, type: 'VARCHAR' }));
      const keywords = [pick(SUBJECTS), pick(QUALIFIERS)];
      const [holder, domain, openLevel, grade] = [pick(holders), pick(DOMAINS), pick(OPEN), pick(GRADES)];
      rows.push({
        id: randomUUID(),
        code: `R${region}2026${String(i).padStart(6, '0')}`,
        org_id: holder,
        system_id: null,
        title,
        description,
        region_code: region,
        region_prefix: regionPrefix(region),
        domain,
        theme: null,
        fields: JSON.stringify(unique),
        keywords,
        update_frequency: 'monthly',
        open_level: openLevel,
        category: 'public',
        grade,
        source_items: [],
        status: 'registered',
        quality_score: Math.round(random() * 1000) / 10,
        search: sql`${documentVector({
          title,
          body: [description, ...keywords, ...unique.map((f) => f.name)],
          facets: facetTerms({ domain, openLevel, grade, category: 'public', region, holder }, 'document'),
        })}::tsvector`,
        registered_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
      });
    }
    await db.insertInto('catalog.resources').values(rows).execute();
    if ((from / 1000) % 20 === 0) progress(`seeded ${from + rows.length} resources`);
  }
  await sql`analyze catalog.resources`.execute(db);
}

/** The naive answer to a search: substring scans (ILIKE) over titles, descriptions and field names. */
async function naive(db: Kysely<any>, query: string) {
  const params = new URLSearchParams(query);
  const words = (params.get('q') ?? '').split(/\s+/).filter(Boolean);
  let q = db.selectFrom('catalog.resources').where('status', '=', 'registered');
  for (const w of words)
    q = q.where((eb) =>
      eb.or([
        eb('title', 'ilike', `%${w}%`),
        eb('description', 'ilike', `%${w}%`),
        eb(sql`fields::text`, 'ilike', `%${w}%`),
      ]),
    );
  const region = params.get('region');
  if (region) q = q.where('region_prefix', 'like', `${regionPrefix(region)}%`);
  for (const [param, column] of [
    ['domain', 'domain'],
    ['openLevel', 'open_level'],
    ['grade', 'grade'],
  ] as const) {
    const v = params.get(param);
    if (v) q = q.where(column, '=', v);
  }
  await Promise.all([
    q.selectAll().orderBy('registered_at', 'desc').limit(20).execute(),
    q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function timeAll(rounds: number, ask: (query: string) => Promise<void>) {
  const latencies: number[] = [];
  const byQuery = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++)
    for (const query of SEARCHES) {
      const t0 = performance.now();
      await ask(query);
      const ms = performance.now() - t0;
      latencies.push(ms);
      byQuery.set(query, [...(byQuery.get(query) ?? []), ms]);
    }
  latencies.sort((a, b) => a - b);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    n: latencies.length,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    max: latencies.at(-1)!,
    /** Median per question, slowest first. */
    slowest: [...byQuery]
      .map(([query, ms]) => ({ query: query || '(all)', medianMs: Math.round(median(ms) * 10) / 10 }))
      .sort((a, b) => b.medianMs - a.medianMs)
      .slice(0, 5),
  };
}

export interface SearchBench {
  store: string;
  resources: number;
  seedSeconds: number;
  ours: Awaited<ReturnType<typeof timeAll>>;
  baseline: Awaited<ReturnType<typeof timeAll>>;
}

/** Seeds a fresh store, then times the search route over HTTP (one request at a time) and the naive baseline. */
export async function benchSearch(opts: {
  resources: number;
  databaseUrl?: string | undefined;
  rounds: number;
  progress(message: string): void;
}): Promise<SearchBench> {
  const bench = opts.databaseUrl ? await createBenchDatabase(opts.databaseUrl) : undefined;
  const database = await openDatabase(
    bench ? { databaseUrl: bench.url, dataDir: 'unused' } : { dataDir: 'memory://' },
  );
  const liutong = await buildApp(testConfig({ databaseUrl: bench?.url }), { database });
  try {
    const t0 = performance.now();
    await seedResources(database.kysely, opts.resources, (m) => opts.progress(m));
    const seedSeconds = (performance.now() - t0) / 1000;
    const origin = await liutong.app.listen({ host: '127.0.0.1', port: 0 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (query: string) =>
      new Promise<void>((resolve, reject) => {
        const path = `/api/v1/catalog/resources?${new URLSearchParams(query).toString()}`;
        http
          .get(`${origin}${path}`, { agent }, (res) => {
            if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`));
            res.resume();
            res.on('end', resolve);
          })
          .on('error', reject);
      });
    opts.progress('timing the search route');
    await timeAll(1, get); // warm-up
    const ours = await timeAll(opts.rounds, get);
    agent.destroy();
    opts.progress('timing the ILIKE baseline');
    await timeAll(1, (q) => naive(database.kysely, q));
    const baseline = await timeAll(Math.max(1, Math.ceil(opts.rounds / 5)), (q) => naive(database.kysely, q));
    return { store: bench ? 'postgresql' : 'pglite', resources: opts.resources, seedSeconds, ours, baseline };
  } finally {
    await liutong.close();
    await database.close();
    await bench?.drop();
  }
}

if (import.meta.main) {
  const result = await benchSearch({
    resources: Number(process.env.BENCH_CATALOG_RESOURCES ?? 100_000),
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    rounds: Number(process.env.BENCH_CATALOG_ROUNDS ?? 20),
    progress: (m) => process.stderr.write(`${m}\n`),
  });
  console.log(JSON.stringify(result, null, 2));
}
