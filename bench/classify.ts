// Full-scan classification throughput (issue 4): `liutong classify --full`'s classifyCsvFile over a generated CSV
// of realistic Chinese records (1 GiB by default), against ripgrep scanning the same file, from the page cache,
// for the same value patterns. Target: at least half of ripgrep's throughput.
//
// Standalone: `npx node bench/classify.ts` (BENCH_CLASSIFY_BYTES, BENCH_CLASSIFY_ROUNDS, BENCH_CLASSIFY_DIR).
//
// Fairness, in short (details at RIPGREP_PATTERNS): ripgrep gets one regex per type, translated from the
// detectors' shape checks to Rust regex syntax, all in one run (`-e` per pattern, which ripgrep compiles into one
// alternation, i.e. one pass like ours), and `--count-matches`, so that it must find every matching value in a
// line as we test every field, not stop at a line's first match as `-c` would. ripgrep only matches shapes; we
// also parse the CSV (quotes, line ends, encoding), trim, and validate check digits, dates, regions and issuers.
// ripgrep searches a single file in one thread; `liutong classify --full` scans files of 32 MiB or more in a thread
// per core (at most 4), with the same result as in one: the bench reports both, and the ratio of each.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { valueStream, type DecoyKind } from '../server/src/modules/classification/corpus.ts';
import {
  COMPOUND_SURNAMES,
  PLATE_PROVINCES,
  SURNAME_CHARS,
} from '../server/src/modules/classification/detectors.ts';
import { PARALLEL_BYTES } from '../server/src/modules/classification/full-scan.ts';
import {
  classifyCsvFile,
  type ClassificationResult,
  type PiiType,
} from '../server/src/modules/classification/index.ts';
import { seededRandom } from '../server/src/platform/random.ts';

/** Bumped whenever the generated file changes, so that a cached file of an older shape is not reused. */
const GENERATOR_VERSION = 1;
const SEED = 20261122;

interface Column {
  name: string;
  kind: PiiType | DecoyKind;
  /** The type the classifier must find, or none for a decoy. */
  expect: PiiType | null;
}

/** The columns of a typical citizen/customer export: personal information and look-alike business columns. */
const COLUMNS: readonly Column[] = [
  { name: '序号', kind: 'quantity', expect: null },
  { name: '姓名', kind: 'person_name', expect: 'person_name' },
  { name: '身份证号', kind: 'cn_resident_id', expect: 'cn_resident_id' },
  { name: '手机号', kind: 'cn_mobile', expect: 'cn_mobile' },
  { name: '固定电话', kind: 'cn_landline', expect: 'cn_landline' },
  { name: '邮箱', kind: 'email', expect: 'email' },
  { name: '银行卡号', kind: 'bank_card', expect: 'bank_card' },
  { name: '住址', kind: 'address', expect: 'address' },
  { name: '护照号', kind: 'cn_passport', expect: 'cn_passport' },
  { name: '车牌号', kind: 'cn_license_plate', expect: 'cn_license_plate' },
  { name: 'IP地址', kind: 'ip_address', expect: 'ip_address' },
  { name: '出生日期', kind: 'date_of_birth', expect: 'date_of_birth' },
  { name: '统一社会信用代码', kind: 'cn_uscc', expect: 'cn_uscc' },
  { name: '订单号', kind: 'order_number', expect: null },
  { name: '商品编码', kind: 'sku', expect: null },
  { name: '商品名称', kind: 'product_name', expect: null },
  { name: '金额', kind: 'amount', expect: null },
  { name: '创建时间', kind: 'timestamp', expect: null },
  { name: '状态', kind: 'status_code', expect: null },
  { name: '备注', kind: 'remark', expect: null },
];

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Writes the CSV (UTF-8, CR LF like exports from office software) until it has at least `bytes` bytes: every
 * column in its own style from the corpus generators; about 3% empty cells (blank or NULL), some values padded
 * with spaces; remarks are free text of one to three phrases joined with ", ", so they are quoted, and one in
 * fifty spans two lines. Deterministic: the same size gives the same file.
 */
export function generateCsv(file: string, bytes: number): { rows: number; bytes: number } {
  const gens = COLUMNS.map((c, i) => valueStream(SEED + i * 7919, c.kind));
  const random = seededRandom(SEED);
  const fd = openSync(`${file}.part`, 'w');
  let written = 0;
  let rows = 0;
  let chunk = `${COLUMNS.map((c) => c.name).join(',')}\r\n`;
  let total = Buffer.byteLength(chunk);
  try {
    while (total < bytes) {
      const fields: string[] = [];
      for (let i = 0; i < COLUMNS.length; i++) {
        const kind = COLUMNS[i]!.kind;
        let v = kind === 'quantity' ? String(rows + 1) : gens[i]!();
        if (kind === 'remark') {
          const n = Math.floor(random() * 3);
          for (let k = 0; k < n; k++) v += `, ${gens[i]!()}`;
          if (random() < 0.02) v += `\n（${gens[i]!()}）`;
        }
        const r = random();
        if (kind !== 'quantity' && r < 0.03) v = r < 0.01 ? 'NULL' : '';
        else if (r > 0.99) v = ` ${v} `;
        fields.push(csvField(v));
      }
      const line = `${fields.join(',')}\r\n`;
      chunk += line;
      total += Buffer.byteLength(line);
      rows++;
      if (chunk.length > 1 << 20) {
        written += writeSync(fd, Buffer.from(chunk));
        chunk = '';
      }
    }
    written += writeSync(fd, Buffer.from(chunk));
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.part`, file);
  if (written !== total) throw new Error(`wrote ${written} bytes, expected ${total}`);
  return { rows, bytes: written };
}

const cls = (chars: string) => `[${chars}]`;
const HAN = '[\\x{4e00}-\\x{9fa5}]';
/** ASCII word boundaries: the detectors test whole fields (^…$); without them `[0-9]{8}` also counts inside IDs. */
const whole = (p: string) => `(?-u:\\b)(?:${p})(?-u:\\b)`;

/**
 * One Rust regex per type: the value shapes the detectors check before validating (detectors.ts), ASCII digits
 * written [0-9] as JavaScript's \d means, separators the detectors strip written as optional, and ASCII word
 * boundaries where a value begins and ends with a letter or digit (a boundary cannot stand before a Han
 * character, so names, addresses and plates go without). Together they make ripgrep count about one match per
 * value and run twice as fast as unbounded patterns. What ripgrep does not do, and we do: GB 11643 and GB 32100
 * check characters, Luhn, issuer prefixes, real calendar dates and ages, province codes, IPv4/IPv6 grammar
 * (node:net isIP), area-code lengths, given-name characters, the address's parts in any order, and the CSV
 * itself (quotes, embedded line breaks, trimming, placeholders such as NULL), column by column.
 */
export const RIPGREP_PATTERNS: Record<PiiType, string> = {
  cn_resident_id: whole('[0-9]{17}[0-9Xx]'),
  cn_uscc: whole('[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}'),
  cn_mobile: whole('(?:\\+86|0086)?[ -]?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}'),
  cn_landline: whole(
    '(?:\\+86[ -]?)?\\(?0[0-9]{2,3}\\)?[ -]?[0-9]{7,8}(?:[ -]?(?:转|(?i:ext)\\.?|#) ?[0-9]{1,6})?',
  ),
  email: whole('[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}'),
  bank_card: whole('[0-9]{4}(?:[ -]?[0-9]{4}){2}[ -]?[0-9]{3,7}'),
  person_name: `(?:${cls(SURNAME_CHARS)}|${COMPOUND_SURNAMES.join('|')})${HAN}{1,2}|${HAN}{1,6}(?:·${HAN}{1,8}){1,3}`,
  address:
    '(?:省|自治区|市|州|盟|地区|区|县|旗|镇|乡|街道|苏木|嘎查)[^,]*' +
    '(?:路|街|道|巷|弄|胡同|大道|村|组|号|栋|幢|楼|单元|室|院|小区|花园|大厦|广场)[^,]*?' +
    '[0-9一二三四五六七八九十]+(?:号|栋|幢|楼|室|单元|组)',
  cn_passport: whole('(?i:E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|[GDSP][0-9]{8}|[DSP]E[0-9]{7})'),
  cn_license_plate: `${cls(PLATE_PROVINCES)}[A-HJ-NP-Za-hj-np-z][ ·•.-]?[A-HJ-NP-Za-hj-np-z0-9]{4,5}[A-HJ-NP-Za-hj-np-z0-9挂学警港澳]`,
  ip_address: whole('(?:[0-9]{1,3}\\.){3}[0-9]{1,3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}'),
  date_of_birth: whole('[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{8}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日?'),
};

/** `--count-matches`: every match in every line, as we test every field (`-c` instead counts matching lines). */
export function ripgrepArgs(file: string, mode: '--count-matches' | '-c' = '--count-matches'): string[] {
  return ['--no-config', mode, ...Object.values(RIPGREP_PATTERNS).flatMap((p) => ['-e', p]), file];
}

/** Reads the whole file once, so that both contestants read it from the page cache. */
function warmPageCache(file: string): void {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(1 << 22);
  try {
    while (readSync(fd, buffer) > 0);
  } finally {
    closeSync(fd);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface ClassifyBenchResult {
  file: string;
  bytes: number;
  rows: number;
  rounds: number;
  /** classifyCsvFile(file, { full: true }) as `liutong classify --full` runs it: median MB/s (10^6 bytes/s). */
  oursMBps: number;
  /** Threads it used: one per core (at most 4) for files of 32 MiB or more. */
  oursThreads: number;
  /** The same in one thread, as ripgrep searches one file. */
  oursOneThreadMBps: number;
  ripgrepMBps: number;
  /** ours / ripgrep: the target is ≥ 0.5. */
  ratio: number;
  oneThreadRatio: number;
  met: boolean;
  oursSeconds: number[];
  oursOneThreadSeconds: number[];
  ripgrepSeconds: number[];
  /**
   * For information: `rg -c`, which counts matching lines, stops at the first match in a line (the name or the
   * ID, near the start), so it looks at a small part of each record: a different, much smaller task.
   */
  ripgrepLinesMBps: number;
  ripgrepLinesSeconds: number[];
  ripgrepVersion: string;
  ripgrepCommand: string;
  /** Matches ripgrep counted (the same every round). */
  ripgrepMatches: number;
  patterns: string[];
  ours: {
    rows: number;
    grade: string;
    category: string;
    columns: { name: string; types: string[] }[];
    /** Columns whose types differ from what the generator put there: must be empty. */
    wrong: string[];
  };
  loadAverage: { start: number[]; end: number[] };
  /**
   * CPU seconds (user + system, all threads) by round: what each used of the machine, whatever else ran on it.
   * On a busy machine the threads of ours wait for a core, ripgrep's one thread less so.
   */
  cpuSeconds: { ripgrep: number[]; ours: number[]; oursOneThread: number[] };
}

export async function benchClassify(opts: {
  bytes: number;
  dir: string;
  rounds?: number;
  progress(msg: string): void;
}): Promise<ClassifyBenchResult> {
  const rounds = opts.rounds ?? 3;
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  const version = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error('ripgrep (rg) is not installed: apt-get install ripgrep');
  mkdirSync(opts.dir, { recursive: true });
  const file = path.join(opts.dir, `classify-v${GENERATOR_VERSION}-${opts.bytes}.csv`);
  if (!existsSync(file)) {
    opts.progress(`classify: writing ${mib(opts.bytes)} of CSV to ${file}`);
    const t0 = performance.now();
    generateCsv(file, opts.bytes);
    opts.progress(`classify: written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } else {
    opts.progress(`classify: reusing ${file}`);
  }
  const bytes = statSync(file).size;
  const MBps = (seconds: number) => `${(bytes / 1e6 / seconds).toFixed(0)} MB/s`;
  const loadStart = loadavg();
  const args = ripgrepArgs(file);
  const oursThreads = bytes >= PARALLEL_BYTES ? Math.min(availableParallelism(), 4) : 1;

  const ripgrepSeconds: number[] = [];
  const ripgrepLinesSeconds: number[] = [];
  const oursSeconds: number[] = [];
  const oursOneThreadSeconds: number[] = [];
  let ripgrepMatches = -1;
  let result: ClassificationResult | undefined;
  const cpu = { ripgrep: [] as number[], ours: [] as number[], oursOneThread: [] as number[] };
  /** ripgrep under bash, whose `times` gives the CPU time (user + system) ripgrep used. */
  const rg = (argv: string[]) => {
    const t0 = performance.now();
    const r = spawnSync('bash', ['-c', 'rg "$@" || exit; times', 'bash', ...argv], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`rg exited ${r.status}: ${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    const times = [...lines.at(-1)!.matchAll(/(\d+)m([\d.]+)s/g)].map(
      (m) => Number(m[1]) * 60 + Number(m[2]),
    );
    return { seconds, cpu: times[0]! + times[1]!, count: Number(lines[0]) };
  };
  const ours = async (threads?: number) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await classifyCsvFile(file, { full: true, ...(threads && { threads }) });
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(c0);
    (threads === 1 ? cpu.oursOneThread : cpu.ours).push((used.user + used.system) / 1e6);
    // The same result every time, in one thread or several.
    if (result && !isDeepStrictEqual(r, result)) throw new Error('ours classified differently');
    result = r;
    return seconds;
  };
  // Warm-up (the compiler's, not the page cache's): a small file of the same kind, in one thread and in several.
  const warm = path.join(opts.dir, `classify-v${GENERATOR_VERSION}-warm-up.csv`);
  if (!existsSync(warm)) generateCsv(warm, 8 << 20);
  for (const threads of [1, 2]) await classifyCsvFile(warm, { full: true, threads });
  // Rounds take turns, so that a change in the machine's load falls on all of them alike.
  for (let round = 1; round <= rounds; round++) {
    warmPageCache(file);
    const r = rg(args);
    if (ripgrepMatches >= 0 && r.count !== ripgrepMatches) throw new Error('ripgrep counted differently');
    ripgrepMatches = r.count;
    ripgrepSeconds.push(r.seconds);
    cpu.ripgrep.push(r.cpu);
    ripgrepLinesSeconds.push(rg(ripgrepArgs(file, '-c')).seconds);
    oursSeconds.push(await ours());
    oursOneThreadSeconds.push(await ours(1));
    opts.progress(
      `classify: round ${round}/${rounds}: ripgrep ${MBps(r.seconds)}, ours ${MBps(oursSeconds.at(-1)!)} ` +
        `(${oursThreads} threads), ${MBps(oursOneThreadSeconds.at(-1)!)} (1 thread)`,
    );
  }
  const columns = result!.columns.map((c) => ({ name: c.name, types: c.types.map((t) => t.type) }));
  const wrong = columns
    .filter((c, i) => c.types.join() !== (COLUMNS[i]!.expect ?? ''))
    .map((c) => `${c.name}: ${c.types.join(', ') || 'none'}`);

  const oursMBps = bytes / 1e6 / median(oursSeconds);
  const oursOneThreadMBps = bytes / 1e6 / median(oursOneThreadSeconds);
  const ripgrepMBps = bytes / 1e6 / median(ripgrepSeconds);
  const ratio = oursMBps / ripgrepMBps;
  return {
    file,
    bytes,
    rows: result!.rows,
    rounds,
    oursMBps,
    oursThreads,
    oursOneThreadMBps,
    ripgrepMBps,
    ratio,
    oneThreadRatio: oursOneThreadMBps / ripgrepMBps,
    met: ratio >= 0.5 && wrong.length === 0,
    oursSeconds,
    oursOneThreadSeconds,
    ripgrepSeconds,
    ripgrepLinesMBps: bytes / 1e6 / median(ripgrepLinesSeconds),
    ripgrepLinesSeconds,
    ripgrepVersion: version.stdout.split('\n')[0]!,
    ripgrepCommand: ['rg', ...args.map((a) => (/^[\w./=-]+$/.test(a) ? a : `'${a}'`))].join(' '),
    ripgrepMatches,
    patterns: Object.values(RIPGREP_PATTERNS),
    ours: { rows: result!.rows, grade: result!.grade, category: result!.category, columns, wrong },
    loadAverage: { start: loadStart, end: loadavg() },
    cpuSeconds: cpu,
  };
}

/** The report's lines (Markdown). */
export function classifyReport(r: ClassifyBenchResult): string[] {
  const seconds = (xs: number[]) => xs.map((s) => s.toFixed(2)).join(', ');
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  return [
    `Full-scan classification: ${(r.bytes / 2 ** 20).toFixed(0)} MiB CSV, ${r.rows.toLocaleString('en-US')} rows × ` +
      `${r.ours.columns.length} columns, UTF-8, from the page cache, median of ${r.rounds} rounds, on ` +
      `${availableParallelism()} cores (load average ${r.loadAverage.start.map((n) => n.toFixed(1)).join('/')} at ` +
      `start, ${r.loadAverage.end.map((n) => n.toFixed(1)).join('/')} at end).`,
    '',
    '| scan | MB/s | seconds by round | CPU seconds by round |',
    '|---|---:|---|---|',
    `| ripgrep (${r.ripgrepVersion}), --count-matches, ${r.patterns.length} patterns, 1 thread (one file) | ${r.ripgrepMBps.toFixed(0)} | ${seconds(r.ripgrepSeconds)} | ${seconds(r.cpuSeconds.ripgrep)} |`,
    `| classifyCsvFile(file, { full: true }) (liutong classify --full), ${r.oursThreads} threads | ${r.oursMBps.toFixed(0)} | ${seconds(r.oursSeconds)} | ${seconds(r.cpuSeconds.ours)} |`,
    `| classifyCsvFile(file, { full: true, threads: 1 }) | ${r.oursOneThreadMBps.toFixed(0)} | ${seconds(r.oursOneThreadSeconds)} | ${seconds(r.cpuSeconds.oursOneThread)} |`,
    `| for information: ripgrep -c (counts matching lines: stops at a line's first match) | ${r.ripgrepLinesMBps.toFixed(0)} | ${seconds(r.ripgrepLinesSeconds)} | |`,
    '',
    `ripgrep counted ${r.ripgrepMatches.toLocaleString('en-US')} shape matches and validates nothing; ours parsed ` +
      `the CSV and validated every field, with the same result in one thread and in ${r.oursThreads}: ` +
      `${r.ours.wrong.length ? `WRONG columns: ${r.ours.wrong.join('; ')}` : 'every column classified as generated'}.`,
    `Target: ours ≥ 50% of ripgrep's throughput → ${pct(r.ratio)} with ${r.oursThreads} threads, ` +
      `${pct(r.oneThreadRatio)} in one thread → ${r.met ? 'MET' : 'NOT MET'}`,
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const began = performance.now();
  const result = await benchClassify({
    bytes: Number(process.env.BENCH_CLASSIFY_BYTES ?? 2 ** 30),
    dir: process.env.BENCH_CLASSIFY_DIR ?? path.join(tmpdir(), 'liutong-bench-classify'),
    rounds: Number(process.env.BENCH_CLASSIFY_ROUNDS ?? 3),
    progress: (m) =>
      process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${m}\n`),
  });
  console.log(classifyReport(result).join('\n'));
  console.log(`\nripgrep: ${result.ripgrepCommand}`);
  console.log(JSON.stringify({ ...result, patterns: undefined }, null, 2));
}
