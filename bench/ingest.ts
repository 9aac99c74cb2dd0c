// Benchmark of the secure store's ingestion (enclave/ingest.ts): a realistic 1,000,000-row CSV of social-insurance
// payments (Chinese column names and values) ingested to Parquet with its profile, against DuckDB's bare
// read_csv + COPY … TO parquet of the same file in a fresh instance; each a few rounds, medians compared.
// Run standalone: `npx node bench/ingest.ts [rows]` prints the figures (BENCH_ROUNDS sets the rounds).
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingestFile } from '../server/src/modules/enclave/ingest.ts';
import { seededRandom } from '../server/src/platform/random.ts';

export interface IngestBenchResult {
  rows: number;
  /** Size of the generated CSV. */
  bytes: number;
  /** Medians over the rounds. */
  oursMs: number;
  baselineMs: number;
  /** Median of the rounds' ratios ours / baseline (wall-clock). */
  ratio: number;
  /** Median CPU time of all threads, a steadier figure on a shared machine. */
  oursCpuMs: number;
  baselineCpuMs: number;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉鹏飞雪梅海燕晓东丹宇浩然子涵欣怡梓轩一诺思远佳琪';
const CITIES = [
  '呼和浩特',
  '包头',
  '乌海',
  '赤峰',
  '通辽',
  '鄂尔多斯',
  '呼伦贝尔',
  '巴彦淖尔',
  '乌兰察布',
  '北京',
  '天津',
  '石家庄',
];
const KINDS = [
  '科技',
  '商贸',
  '建筑工程',
  '物流',
  '农牧业',
  '能源',
  '医药',
  '文化传媒',
  '餐饮管理',
  '信息服务',
];
const FORMS = ['有限公司', '有限责任公司', '股份有限公司', '集团有限公司'];
const REGIONS = [
  '150102',
  '150103',
  '150104',
  '150105',
  '150202',
  '150203',
  '150303',
  '150402',
  '110101',
  '120101',
];
const INSURANCE = ['养老保险', '医疗保险', '失业保险', '工伤保险', '生育保险'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Writes `rows` data rows of payments as UTF-8 CSV (LF line ends); returns the file's size. */
export async function generatePaymentsCsv(file: string, rows: number, seed = 42): Promise<number> {
  const random = seededRandom(seed);
  const pick = (items: readonly string[] | string): string => items[Math.floor(random() * items.length)]!;
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
    return s;
  };
  const out = createWriteStream(file);
  out.write('序号,姓名,性别,身份证号,手机号,参保地区,险种,缴费金额,缴费日期,单位名称,备注\n');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const name = `${pick(SURNAMES)}${pick(GIVEN)}${random() < 0.6 ? pick(GIVEN) : ''}`;
    const year = 1955 + Math.floor(random() * 50);
    const birth = `${year}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const body = `${pick(REGIONS)}${birth}${digits(3)}`;
    let sum = 0;
    for (let k = 0; k < 17; k++) sum += Number(body[k]) * ID_WEIGHTS[k]!;
    const id = body + ID_CHECK[sum % 11]!;
    const sex = Number(body[16]) % 2 === 1 ? '男' : '女';
    const phone = `1${pick(['3', '5', '7', '8', '9'])}${digits(9)}`;
    const amount = (100 + random() * 4900).toFixed(2);
    const date = `2024-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const company = `${pick(CITIES)}${pick(CITIES)}${pick(KINDS)}${pick(FORMS)}`;
    const r = random();
    const note =
      r < 0.8
        ? ''
        : r < 0.9
          ? '补缴'
          : r < 0.97
            ? `"补缴${1 + Math.floor(random() * 12)}个月,含滞纳金"`
            : `"单位名称变更，原名""${pick(CITIES)}${pick(KINDS)}"""`;
    chunk += `${i},${name},${sex},${id},${phone},${pick(REGIONS)},${pick(INSURANCE)},${amount},${date},${company},${note}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return statSync(file).size;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The baseline: a fresh DuckDB instance, bare read_csv (all defaults) and COPY to Parquet (zstd). */
async function baseline(csv: string, target: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT * FROM read_csv(${sqlString(csv)})) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall-clock and CPU time (all threads of this process: DuckDB's included) of one run. */
async function timed(run: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t0, cpuMs: (used.user + used.system) / 1000 };
}

export async function benchIngest(opts: {
  rows: number;
  dir: string;
  progress(msg: string): void;
  rounds?: number;
}): Promise<IngestBenchResult> {
  const rounds = opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 5);
  const csv = path.join(opts.dir, 'payments.csv');
  opts.progress(`ingest: generating ${opts.rows.toLocaleString('en-US')} rows into ${csv}`);
  const bytes = await generatePaymentsCsv(csv, opts.rows);
  const runBaseline = async (round: number) => {
    const target = path.join(opts.dir, `baseline-${round}.parquet`);
    const t = await timed(() => baseline(csv, target));
    await rm(target, { force: true });
    return t;
  };
  const runOurs = async (round: number) => {
    const target = path.join(opts.dir, `ours-${round}.parquet`);
    let rows = 0;
    const t = await timed(async () => {
      ({ rows } = await ingestFile({ source: csv, fileName: 'payments.csv', target }));
    });
    await rm(target, { force: true });
    if (rows !== opts.rows) throw new Error(`ingested ${rows} rows, expected ${opts.rows}`);
    return t;
  };
  const runs: { base: { ms: number; cpuMs: number }; ours: { ms: number; cpuMs: number } }[] = [];
  // Round 0 warms the page cache and both code paths. Each round runs the pair back to back, in alternating order,
  // so that a change in the machine's load touches both; the verdict is the median of the rounds' ratios.
  for (let round = 0; round <= rounds; round++) {
    let base;
    let ours;
    if (round % 2 === 0) {
      base = await runBaseline(round);
      ours = await runOurs(round);
    } else {
      ours = await runOurs(round);
      base = await runBaseline(round);
    }
    const line =
      `baseline ${base.ms.toFixed(0)} ms (CPU ${base.cpuMs.toFixed(0)} ms), ` +
      `ours ${ours.ms.toFixed(0)} ms (CPU ${ours.cpuMs.toFixed(0)} ms), ratio ${(ours.ms / base.ms).toFixed(2)}`;
    opts.progress(`ingest: ${round === 0 ? 'warm-up' : `round ${round} of ${rounds}`}: ${line}`);
    if (round > 0) runs.push({ base, ours });
  }
  return {
    rows: opts.rows,
    bytes,
    oursMs: median(runs.map((r) => r.ours.ms)),
    baselineMs: median(runs.map((r) => r.base.ms)),
    ratio: median(runs.map((r) => r.ours.ms / r.base.ms)),
    oursCpuMs: median(runs.map((r) => r.ours.cpuMs)),
    baselineCpuMs: median(runs.map((r) => r.base.cpuMs)),
  };
}

if (import.meta.main) {
  const rows = Number(process.argv[2] ?? process.env.BENCH_INGEST_ROWS ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'liutong-bench-ingest-'));
  try {
    const began = performance.now();
    const r = await benchIngest({
      rows,
      dir,
      progress: (msg) =>
        process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`),
    });
    console.log(
      `Ingestion of a ${r.rows.toLocaleString('en-US')}-row CSV (${(r.bytes / 1e6).toFixed(1)} MB) to Parquet with profile: ` +
        `ours ${r.oursMs.toFixed(0)} ms, baseline (bare read_csv + COPY) ${r.baselineMs.toFixed(0)} ms, ` +
        `ratio ${r.ratio.toFixed(2)} → ${r.ratio <= 2 ? 'MET' : 'NOT MET'} (target ≤ 2×); CPU time ours ` +
        `${r.oursCpuMs.toFixed(0)} ms, baseline ${r.baselineCpuMs.toFixed(0)} ms (${(r.oursCpuMs / r.baselineCpuMs).toFixed(2)}×)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
