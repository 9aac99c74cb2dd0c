// The optimized full scan gives exactly what the first, straightforward version gave (reference.ts): the CSV
// scanner reads any text as the character-by-character reader did, chunks cut anywhere, and classifyCsvFile's
// full scan, in one thread or several, returns the same ClassificationResult and the same errors on the labelled
// corpus written as CSV, with quoted commas, quotes and line breaks, CR LF and LF, a byte order mark, GB 18030,
// 1 MiB chunk boundaries inside characters and fields, and a quoted field across the parallel scan's cut.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassificationResult } from './classify.ts';
import { classifyCsvFile } from './classify-file.ts';
import { generateCorpus } from './corpus.ts';
import { CsvError, CsvReader, CsvScanner, formatCsv } from './csv.ts';
import { screen } from './fast.ts';
import { ReferenceCsvReader, referenceClassify } from './reference.ts';

/** Records, then the error if any, of a reader fed the text in pieces cut at `cuts`. */
function read(
  Reader: typeof CsvReader | typeof ReferenceCsvReader,
  text: string,
  cuts: number[],
): { records: string[][]; error?: string } {
  const records: string[][] = [];
  const reader = new Reader((r) => records.push(r));
  try {
    let at = 0;
    for (const cut of [...cuts, text.length]) {
      reader.push(text.slice(at, cut));
      at = cut;
    }
    reader.end();
    return { records };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { records, error: error.message };
  }
}

const piece = fc.constantFrom('a', '中', ',', '"', '""', '\n', '\r', '\r\n', ' ', '1', '\u3000', '·', 'x');
const text = fc.array(piece, { maxLength: 60 }).map((a) => a.join(''));
const cutsOf = (t: string) =>
  fc.array(fc.nat(t.length), { maxLength: 8 }).map((cs) => [...new Set(cs)].sort((a, b) => a - b));

describe('CSV scanner', () => {
  it('reads any text, well-formed or not, as the first reader did, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(
        text.chain((t) => fc.tuple(fc.constant(t), cutsOf(t))),
        ([t, cuts]) => {
          expect(read(CsvReader, t, cuts)).toEqual(read(ReferenceCsvReader, t, []));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('screens the fields it screens as the classifier would', () => {
    fc.assert(
      fc.property(
        text.chain((t) => fc.tuple(fc.constant(t), cutsOf(t))),
        ([t, cuts]) => {
          const wrong: string[] = [];
          const scanner = new CsvScanner({
            field: (v, screened) => {
              if (screened >= 0 && (v !== v.trim() || v === '' || screened !== screen(v))) wrong.push(v);
            },
            endRecord: () => {},
          });
          try {
            let at = 0;
            for (const cut of [...cuts, t.length]) {
              scanner.push(t.slice(at, cut));
              at = cut;
            }
            scanner.end();
          } catch (error) {
            if (!(error instanceof CsvError)) throw error;
          }
          expect(wrong).toEqual([]);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

/** A GB 18030 encoder for the Basic Multilingual Plane, from the runtime's decoder (tests only). */
function gb18030Encoder(): (text: string) => Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let b1 = 0x81; b1 <= 0xfe; b1++) {
    for (let b2 = 0x40; b2 <= 0xfe; b2++) {
      if (b2 === 0x7f) continue;
      const c = decoder.decode(Uint8Array.of(b1, b2));
      if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [b1, b2]);
    }
    for (let b2 = 0x30; b1 <= 0x84 && b2 <= 0x39; b2++) {
      for (let b3 = 0x81; b3 <= 0xfe; b3++) {
        for (let b4 = 0x30; b4 <= 0x39; b4++) {
          const c = decoder.decode(Uint8Array.of(b1, b2, b3, b4));
          if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [b1, b2, b3, b4]);
        }
      }
    }
  }
  return (s) => {
    const bytes: number[] = [];
    for (const c of s) {
      if (c < '\u0080') bytes.push(c.charCodeAt(0));
      else {
        const code = table.get(c);
        if (!code) throw new Error(`no GB 18030 code for U+${c.codePointAt(0)!.toString(16)}`);
        bytes.push(...code);
      }
    }
    return Buffer.from(bytes);
  };
}

/** Free text that CSV must quote: commas, quotes, line breaks (LF, CR LF, CR), also at the edges. */
const TRICKY = [
  '材料齐全，准予登记, 已核实',
  '客户说"尽快"办理',
  '第一行\n第二行',
  '第一行\r\n第二行, 第三行',
  '"',
  ',',
  '\r',
  ' 前后有空格 ',
  '张伟',
  '13912345678',
  '',
];

/** The labelled corpus as one table: every column of the seed's corpus, plus a remarks column of tricky text. */
function corpusTable(seed: number, rows: number): string[][] {
  const columns = generateCorpus(seed, { rows, columnsPerType: 3, decoys: 20 });
  const header = [...columns.map((c) => c.name), '备注'];
  const body = Array.from({ length: rows }, (_, r) => [
    ...columns.map((c) => c.values[r]!),
    TRICKY[(r * 7 + seed) % TRICKY.length]!,
  ]);
  return [header, ...body];
}

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

async function expectSameAsReference(p: string, threadCounts = [1, 2, 3]): Promise<unknown> {
  let expected: unknown;
  try {
    expected = referenceClassify(p);
  } catch (error) {
    expected = { error: (error as Error).message };
  }
  for (const threads of threadCounts) {
    const got = await classifyCsvFile(p, { full: true, threads }).catch((error: Error) => ({
      error: error.message,
    }));
    expect(got, `${path.basename(p)}, ${threads} thread(s)`).toEqual(expected);
  }
  return expected;
}

// Each of these scans a file several times, with the reference and in one to four threads: 2–11 s on a two-core
// machine. The repository's vitest config allows 60 s; this says so too when the folder is run on its own, where
// vitest's default of 5 s would apply.
describe('full scan', { timeout: 60_000 }, () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liutong-full-scan-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('classifies the corpus as the first version did: CR LF, LF, BOM, GB 18030', async () => {
    const table = corpusTable(1, 400);
    const crlf = formatCsv(table);
    const p = file('corpus-crlf.csv', crlf);
    const result = await classifyCsvFile(p, { full: true });
    expect(result.rows).toBe(400);
    expect(result.columns.at(-1)).toMatchObject({ name: '备注', sampled: 400, types: [] });
    await expectSameAsReference(p);
    await expectSameAsReference(file('corpus-lf-bom.csv', `\uFEFF${crlf.replace(/\r\n/g, '\n')}`));
    const gbk = file('corpus-gb18030.csv', gb18030Encoder()(crlf));
    expect(await classifyCsvFile(gbk, { full: true })).toEqual(result);
    await expectSameAsReference(gbk);
  });

  it('gives the same result across 1 MiB chunks and parallel parts, in UTF-8 and GB 18030', async () => {
    // Over 2 MiB: chunk boundaries fall inside characters, fields and quoted fields.
    const tables = [2, 3, 4, 5].map((seed) => corpusTable(seed, 1500));
    const body = tables.flatMap((t) => t.slice(1).map((r) => r.slice(0, tables[0]![0]!.length)));
    const text = formatCsv([tables[0]![0]!, ...body]);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 << 20);
    await expectSameAsReference(file('large.csv', text), [1, 2, 4]);
    await expectSameAsReference(file('large-gb18030.csv', gb18030Encoder()(text)), [3]);
  });

  it('gives the same result when a quoted field with line breaks spans the parallel cut', async () => {
    const header = ['姓名', '身份证号', '备注'];
    const rows = Array.from({ length: 4000 }, (_, i) => ['张伟', '11010519491231002X', `第${i}条`]);
    // A remark of 2,000 lines in the middle: the line feed after half the file lies inside its quotes.
    rows[2000]![2] = Array.from({ length: 2000 }, (_, i) => `行${i}`).join('\n');
    await expectSameAsReference(file('quoted-cut.csv', formatCsv([header, ...rows])), [1, 2, 3]);
  });

  it('drops a U+FEFF at the start of a 1 MiB chunk as the first version did', async () => {
    // One resident ID in a column of blanks, with a U+FEFF inside it beginning exactly at byte 2^20: dropped, the
    // column holds IDs; kept, it holds nothing.
    const head = '身份证号,n\n';
    const line = ',1\n';
    const [id0, id1] = ['1101051949', '1231002X'];
    const before = (1 << 20) - Buffer.byteLength(head) - id0.length; // the rest is ASCII: characters are bytes
    const lines = Math.floor(before / line.length);
    const pad = ' '.repeat(before - lines * line.length); // leading spaces, trimmed away
    const content = `${head}${line.repeat(lines)}${pad}${id0}\uFEFF${id1},2\n${line.repeat(1000)}`;
    expect(Buffer.from(content).indexOf(Buffer.from('\uFEFF'))).toBe(1 << 20);
    const result = (await expectSameAsReference(file('feff.csv', content), [1, 2])) as ClassificationResult;
    expect(result.columns[0]!.types.map((t) => t.type)).toEqual(['cn_resident_id']);
  });

  it('refuses malformed files with the record numbers of the first version, in one thread or several', async () => {
    const good = formatCsv(corpusTable(8, 3000));
    const lines = good.split('\r\n');
    const broken = (at: number, line: string) =>
      [...lines.slice(0, at), line, ...lines.slice(at + 1)].join('\r\n');
    const refused = async (name: string, content: string, message: RegExp) =>
      expect(await expectSameAsReference(file(name, content), [1, 3])).toEqual({
        error: expect.stringMatching(message) as unknown,
      });
    await refused(
      'ragged-late.csv',
      broken(2500, 'a,b,c'),
      /^record \d{4}: 3 fields where the header has 57$/,
    );
    await refused('ragged-early.csv', broken(10, 'a,b,c'), /^record \d+: 3 fields where/);
    await refused(
      'quote-late.csv',
      broken(2600, `x"y${lines[2600]!}`),
      /^record \d{4}: a quote inside an unquoted/,
    );
    await refused(
      'open-quote-late.csv',
      `${good}\r\n"未闭合的引号,${'x,'.repeat(55)}x`,
      /^record \d{4}: a quoted field is not closed/,
    );
    await refused('empty.csv', '', /^the file is empty/);
    expect(await expectSameAsReference(file('header-only.csv', '姓名,手机号'), [1, 2])).toMatchObject({
      rows: 0,
    });
    expect(
      await expectSameAsReference(
        file('blank-lines.csv', '\n\r\n姓名,手机号\n\n张伟,13912345678\n\n'),
        [1, 2],
      ),
    ).toMatchObject({ rows: 1 });
  });
});
