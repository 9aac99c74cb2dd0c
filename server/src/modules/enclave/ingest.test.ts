// The secure store's ingestion: each accepted format becomes a Parquet file with the same values, types, schema,
// profile and hash; each kind of bad input is refused with its code and the line (or cell) where it went wrong,
// leaving neither the target nor any temporary file behind.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../classification/index.ts';
import { ingestFile, IngestError, type IngestInput, type IngestProgress } from './ingest.ts';

let root: string;
let dir: string;
let counter = 0;

beforeAll(() => {
  // A quote in the directory name: every path must be escaped where it goes into SQL.
  root = mkdtempSync(path.join(tmpdir(), "liutong-ingest-it's-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh directory per case, holding the upload and the target. */
function freshDir(): string {
  dir = path.join(root, `case-${++counter}`);
  mkdirSync(dir);
  return dir;
}

function upload(name: string, content: string | Uint8Array): string {
  const d = freshDir();
  const file = path.join(d, `upload-${name}`);
  writeFileSync(file, content);
  return file;
}

const targetIn = (source: string) => path.join(path.dirname(source), 'datasets', 'v1.parquet');

async function ingest(source: string, fileName: string, more: Partial<IngestInput> = {}) {
  return ingestFile({ source, fileName, target: targetIn(source), ...more });
}

/** The directory holds the upload and nothing else: no target, no partial, no temporary file. */
function expectClean(source: string) {
  const d = path.dirname(source);
  expect(readdirSync(d).filter((f) => f !== path.basename(source) && f !== 'datasets')).toEqual([]);
  const datasets = path.join(d, 'datasets');
  let left: string[] = [];
  try {
    left = readdirSync(datasets);
  } catch {
    // never created: fine
  }
  expect(left).toEqual([]);
}

async function refused(
  source: string,
  fileName: string,
  code: string,
  where: { row?: number; column?: string; message?: RegExp } = {},
  more: Partial<IngestInput> = {},
): Promise<IngestError> {
  const error = await ingest(source, fileName, more).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  const e = error as IngestError;
  expect(e.code, e.message).toBe(code);
  if (where.row !== undefined) {
    expect(e.row).toBe(where.row);
    expect(e.message).toMatch(new RegExp(`\\b(line|row) ${where.row}\\b|[A-Z]+${where.row}\\b`));
  }
  if (where.column !== undefined) expect(e.column).toBe(where.column);
  if (where.message) expect(e.message).toMatch(where.message);
  expect(e.message).not.toContain(root); // no server paths in messages
  expectClean(source);
  return e;
}

/** Reads a Parquet file back with DuckDB: column names, types and rows with every value as text. */
async function readBack(file: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const quoted = `'${file.replace(/'/g, "''")}'`;
    const schema = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoted})`);
    const types = schema.getRowObjectsJson().map((r) => [r.column_name as string, r.column_type as string]);
    const cast = types.map(([n]) => `"${n!.replace(/"/g, '""')}"::VARCHAR`).join(', ');
    const rows = await connection.runAndReadAll(`SELECT ${cast} FROM read_parquet(${quoted})`);
    return {
      types: Object.fromEntries(types) as Record<string, string>,
      rows: rows.getRowsJson() as (string | null)[][],
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** GB 18030 bytes for the few characters the tests use (verified below against TextDecoder). */
const GB: Record<string, number[]> = {
  张: [0xd5, 0xc5],
  三: [0xc8, 0xfd],
  北: [0xb1, 0xb1],
  京: [0xbe, 0xa9],
};
function gb18030(text: string): Buffer {
  const bytes: number[] = [];
  for (const c of text) {
    const code = GB[c];
    if (code) bytes.push(...code);
    else if (c.charCodeAt(0) < 0x80) bytes.push(c.charCodeAt(0));
    else throw new Error(`no GB 18030 bytes for ${c} in this test`);
  }
  return Buffer.from(bytes);
}

describe('ingestFile: accepted formats', () => {
  it('reads a UTF-8 CSV with a byte order mark: names trimmed, types inferred, leading zeros kept', async () => {
    const csv =
      '\uFEFF 姓名 ,邮编,缴费金额,日期,人数,备注\r\n' +
      '张三,010010,1234.50,2024-01-02,3,\r\n' +
      '李四,100000,88.00,2024-02-29,12,"含逗号,和""引号"""\r\n' +
      'Wang Wu,015000,0.5,2024-12-31,,ab-12\r\n';
    const source = upload('payments.csv', csv);
    const progress: IngestProgress['phase'][] = [];
    const result = await ingest(source, '缴费.CSV', { onProgress: (p) => progress.push(p.phase) });
    const target = targetIn(source);
    expect(result.format).toBe('csv');
    expect(result.encoding).toBe('utf-8');
    expect(result.rows).toBe(3);
    expect(result.schema).toEqual([
      { name: '姓名', type: 'VARCHAR' },
      { name: '邮编', type: 'VARCHAR' },
      { name: '缴费金额', type: 'DOUBLE' },
      { name: '日期', type: 'DATE' },
      { name: '人数', type: 'BIGINT' },
      { name: '备注', type: 'VARCHAR' },
    ]);
    expect(result.bytes).toBe(readFileSync(target).length);
    expect(result.sha256).toBe(sha256(target));
    expect(progress).toContain('convert');
    expect(progress).toContain('profile');
    const back = await readBack(target);
    expect(back.rows).toEqual([
      ['张三', '010010', '1234.5', '2024-01-02', '3', null],
      ['李四', '100000', '88.0', '2024-02-29', '12', '含逗号,和"引号"'],
      ['Wang Wu', '015000', '0.5', '2024-12-31', null, 'ab-12'],
    ]);
    const byName = Object.fromEntries(result.profile.columns.map((c) => [c.name, c]));
    expect(result.profile.rows).toBe(3);
    expect(byName['姓名']).toMatchObject({ nulls: 0, distinct: 3, min: 'Wang Wu', max: '李四' });
    expect(byName['姓名']!.patterns).toEqual([
      { pattern: '汉汉', count: 2 },
      { pattern: 'Aaaa Aa', count: 1 },
    ]);
    expect(byName['邮编']!.patterns).toEqual([{ pattern: '999999', count: 3 }]);
    expect(byName['缴费金额']).toMatchObject({ min: '0.5', max: '1234.5' });
    expect(byName['日期']).toMatchObject({
      min: '2024-01-02',
      max: '2024-12-31',
      patterns: [{ pattern: '9999-99-99', count: 3 }],
    });
    expect(byName['人数']).toMatchObject({ nulls: 1, distinct: 2, min: '3', max: '12' });
    expect(byName['备注']).toMatchObject({ nulls: 1, distinct: 2 });
    expect(byName['备注']!.patterns).toContainEqual({ pattern: 'aa-99', count: 1 });
    expect(readdirSync(path.dirname(target))).toEqual(['v1.parquet']);
  });

  it('reads a GB 18030 (GBK) CSV, also when the first 64 KiB are plain ASCII', async () => {
    expect(new TextDecoder('gb18030').decode(gb18030('张三北京'))).toBe('张三北京');
    const small = upload('gbk.csv', gb18030('name,city\r\n张三,北京\r\n'));
    const phases = new Set<string>();
    const result = await ingest(small, 'gbk.csv', { onProgress: (p) => phases.add(p.phase) });
    expect(result.encoding).toBe('gb18030');
    expect([...phases]).toEqual(['decode', 'convert', 'profile']);
    expect((await readBack(targetIn(small))).rows).toEqual([['张三', '北京']]);

    const ascii = Array.from({ length: 30_000 }, (_, i) => `${i},x${i}\n`).join('');
    const late = upload(
      'late.csv',
      Buffer.concat([Buffer.from(`id,name\n${ascii}`), gb18030('30000,张三\n')]),
    );
    const lateResult = await ingest(late, 'late.csv');
    expect(lateResult.encoding).toBe('gb18030');
    expect(lateResult.rows).toBe(30_001);
    const back = await readBack(targetIn(late));
    expect(back.rows.at(-1)).toEqual(['30000', '张三']);

    const json = Array.from({ length: 8000 }, (_, i) => `{"id":${i},"name":"x${i}"}\n`).join('');
    const lateJson = upload(
      'late.jsonl',
      Buffer.concat([Buffer.from(json), gb18030('{"id":8000,"name":"北京"}\n')]),
    );
    const jsonResult = await ingest(lateJson, 'late.jsonl');
    expect(jsonResult.encoding).toBe('gb18030');
    expect((await readBack(targetIn(lateJson))).rows.at(-1)).toEqual(['8000', '北京']);
  });

  it('reads the first worksheet of an XLSX workbook with typed cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('缴费');
    sheet.addRow(['姓名', '金额', '日期', '在职', '说明', ' 工号 ']);
    sheet.addRow([
      '张三',
      1234.5,
      new Date(Date.UTC(2024, 0, 2)),
      true,
      { richText: [{ text: '富' }, { text: '文本' }] },
      '007',
    ]);
    sheet.addRow(['李四', 88, new Date(Date.UTC(2024, 1, 29)), false, null, '010']);
    sheet.addRow([]);
    sheet.addRow(['王五', 0.25, null, true, '含,逗号', '100']);
    workbook.addWorksheet('Other').addRow(['ignored']);
    const d = freshDir();
    const source = path.join(d, 'upload');
    await workbook.xlsx.writeFile(source);
    const result = await ingest(source, '名单.xlsx');
    expect(result.format).toBe('xlsx');
    expect(result.encoding).toBeNull();
    expect(result.rows).toBe(3);
    expect(result.schema).toEqual([
      { name: '姓名', type: 'VARCHAR' },
      { name: '金额', type: 'DOUBLE' },
      { name: '日期', type: 'DATE' },
      { name: '在职', type: 'BOOLEAN' },
      { name: '说明', type: 'VARCHAR' },
      { name: '工号', type: 'VARCHAR' },
    ]);
    expect((await readBack(targetIn(source))).rows).toEqual([
      ['张三', '1234.5', '2024-01-02', 'true', '富文本', '007'],
      ['李四', '88.0', '2024-02-29', 'false', null, '010'],
      ['王五', '0.25', null, 'true', '含,逗号', '100'],
    ]);
  });

  it('reads JSON lines: keys of all lines, nested values, blank lines, CR LF and a byte order mark', async () => {
    const lines = [
      '\uFEFF{"姓名":"张三","金额":1.5,"地址":{"省":"内蒙古"}}',
      '',
      '{"姓名":"李四","金额":2,"标签":["a","b"]}',
    ];
    for (let i = 0; i < 25_000; i++) lines.push(`{"姓名":"n${i}","金额":${i}}`);
    lines.push('{"姓名":"last","迟到的键":"x"}'); // a key first seen past DuckDB's type-inference sample
    const source = upload('data.jsonl', `${lines.join('\r\n')}\r\n`);
    const result = await ingest(source, 'data.ndjson');
    expect(result.format).toBe('jsonl');
    expect(result.rows).toBe(25_003);
    expect(result.schema.map((c) => c.name)).toEqual(['姓名', '金额', '地址', '标签', '迟到的键']);
    expect(result.schema[2]!.type).toBe('STRUCT("省" VARCHAR)');
    const back = await readBack(targetIn(source));
    expect(back.rows[0]!.slice(0, 2)).toEqual(['张三', '1.5']);
    expect(back.rows.at(-1)).toEqual(['last', null, null, null, 'x']);
  });

  it('reads and rewrites a Parquet file', async () => {
    const d = freshDir();
    const source = path.join(d, 'upload.bin');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT i AS 编号, '名' || i AS " 名称 ", DATE '2024-01-01' + i::INT AS 日期 FROM range(5) t(i))
       TO '${source.replace(/'/g, "''")}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const result = await ingest(source, 'export.parquet');
    expect(result.format).toBe('parquet');
    expect(result.schema).toEqual([
      { name: '编号', type: 'BIGINT' },
      { name: '名称', type: 'VARCHAR' },
      { name: '日期', type: 'DATE' },
    ]);
    expect((await readBack(targetIn(source))).rows[4]).toEqual(['4', '名4', '2024-01-05']);
  });

  it('keeps column names with quotes and apostrophes, names empty ones column_N, and tells the format by content', async () => {
    const source = upload('x', `"it's","a""b",,"'); SELECT 1; --"\n1,2,3,4\n`);
    const result = await ingest(source, '../../etc/passwd'); // no extension: text that is not an object is CSV
    expect(result.schema.map((c) => c.name)).toEqual(["it's", 'a"b', 'column_3', "'); SELECT 1; --"]);
    expect(readdirSync(path.dirname(source)).sort()).toEqual(['datasets', 'upload-x']);
  });

  it('reads a column as text when a value past the type-inference sample does not fit its type', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => `${i},${i * 2}`);
    rows.push('ABC-1,7');
    const source = upload('late-type.csv', `编号,数量\n${rows.join('\n')}\n`);
    const result = await ingest(source, 'late-type.csv');
    expect(result.schema).toEqual([
      { name: '编号', type: 'VARCHAR' },
      { name: '数量', type: 'BIGINT' },
    ]);
    expect((await readBack(targetIn(source))).rows.at(-1)).toEqual(['ABC-1', '7']);
  });

  it('takes a comma ending a line and spaces around quotes as DuckDB does, also when retrying a column', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => `${i}, "v${i}" ,`);
    rows.push('X-1,"last",');
    const source = upload('trailing.csv', `编号,值\n${rows.join('\n')}\n`);
    const result = await ingest(source, 'trailing.csv');
    expect(result.rows).toBe(25_001);
    expect(result.schema.map((c) => c.type)).toEqual(['VARCHAR', 'VARCHAR']);
    expect((await readBack(targetIn(source))).rows.at(-1)).toEqual(['X-1', 'last']);
  });

  it('any table of strings written as CSV reads back identical with allVarchar', async () => {
    const field = fc.oneof(
      fc.string({
        unit: fc.constantFrom(
          'a',
          'Z',
          '中',
          '汉',
          ',',
          '"',
          '\n',
          '\r',
          ' ',
          '1',
          '，',
          '“',
          "'",
          '#',
          '\t',
        ),
      }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    );
    const table = fc
      .integer({ min: 1, max: 4 })
      .chain((width) =>
        fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }),
      );
    await fc.assert(
      fc.asyncProperty(table, async (rows) => {
        const header = rows[0]!.map((_, i) => `列${i + 1}`);
        const source = upload('prop.csv', formatCsv([header, ...rows]));
        const result = await ingest(source, 'prop.csv', { allVarchar: true });
        expect(result.rows).toBe(rows.length);
        expect(result.schema.every((c) => c.type === 'VARCHAR')).toBe(true);
        expect((await readBack(targetIn(source))).rows).toEqual(rows);
      }),
      { numRuns: 40 },
    );
  });
});

describe('ingestFile: refused input', () => {
  it('refuses empty files', async () => {
    await refused(upload('empty.csv', ''), 'empty.csv', 'INGEST_EMPTY');
    await refused(upload('blank.csv', '\uFEFF \r\n\n'), 'blank.csv', 'INGEST_EMPTY');
    await refused(upload('empty.jsonl', '\n\n'), 'empty.jsonl', 'INGEST_EMPTY');
  });

  it('refuses a header without rows', async () => {
    await refused(upload('header.csv', '姓名,金额\n'), 'header.csv', 'INGEST_NO_ROWS', { row: 1 });
  });

  it('refuses a row with another number of fields, naming its line', async () => {
    const csv = 'a,b,c,d\n' + '1,2,3,4\n'.repeat(5) + '1,2,3,4,5\n1,2,3,4\n';
    await refused(upload('ragged.csv', csv), 'ragged.csv', 'INGEST_MALFORMED', {
      row: 7,
      message: /line 7 has 5 fields where the header has 4/,
    });
    // Past DuckDB's sniffing sample, and with a quoted field spanning lines before it.
    const long = 'a,b\n"x\ny",1\n' + '1,2\n'.repeat(30_000) + '3\n';
    await refused(upload('short.csv', long), 'short.csv', 'INGEST_MALFORMED', {
      row: 30_004,
      message: /line 30004 has 1 field where the header has 2/,
    });
  });

  it('refuses an unclosed quote (a truncated file) and text after a closing quote', async () => {
    await refused(upload('trunc.csv', 'a,b\n1,x\n2,"never closed\n3,y\n'), 'trunc.csv', 'INGEST_MALFORMED', {
      row: 3,
      message: /quoted field that starts on line 3 is never closed/,
    });
    await refused(upload('after.csv', 'a,b\n1,"x"y\n'), 'after.csv', 'INGEST_MALFORMED', {
      row: 2,
      message: /after the closing quote/,
    });
  });

  it('refuses duplicate column names, letter case aside', async () => {
    await refused(upload('dup.csv', '姓名,金额, 姓名\n1,2,3\n'), 'dup.csv', 'INGEST_DUPLICATE_COLUMN', {
      row: 1,
      column: '姓名',
      message: /columns 1 and 3/,
    });
    await refused(upload('case.csv', 'Name,NAME\n1,2\n'), 'case.csv', 'INGEST_DUPLICATE_COLUMN', { row: 1 });
  });

  it('refuses bytes that are neither UTF-8 nor GB 18030, naming offset and line', async () => {
    const utf8 = Buffer.concat([Buffer.from('编号,名字\n1,张三\n'), Buffer.from([0x32, 0x2c, 0xff, 0x0a])]);
    await refused(upload('bad-utf8.csv', utf8), 'bad-utf8.csv', 'INGEST_ENCODING', {
      row: 3,
      message: /neither UTF-8 nor GB 18030.*as UTF-8, byte 25 \(line 3\)/,
    });
    // Past the first 64 KiB, which decode as UTF-8.
    const long = Buffer.concat([
      Buffer.from(`编号,名字\n${'1,张三\n'.repeat(10_000)}`),
      Buffer.from([0x32, 0x2c, 0xff, 0x0a]),
    ]);
    await refused(upload('late-utf8.csv', long), 'late-utf8.csv', 'INGEST_ENCODING', {
      row: 10_002,
      message: /not valid UTF-8: byte 90016 \(line 10002\)/,
    });
    const gbk = Buffer.concat([gb18030('name\n张三\n'), Buffer.from([0xff, 0x0a])]);
    await refused(upload('bad-gbk.csv', gbk), 'bad-gbk.csv', 'INGEST_ENCODING', {
      row: 3,
      message: /neither UTF-8 nor GB 18030/,
    });
  });

  it('refuses a file that is not what its name or stated format says', async () => {
    await refused(upload('p.csv', 'PAR1\u0000\u0000PAR1'), 'data.csv', 'INGEST_FORMAT', {
      message: /Parquet/,
    });
    await refused(upload('t.xlsx', 'a,b\n1,2\n'), 'book.xlsx', 'INGEST_FORMAT', { message: /\.xlsx.*text/ });
    await refused(
      upload('o.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])),
      'old.xls',
      'INGEST_FORMAT',
      {
        message: /legacy Excel/,
      },
    );
    await refused(upload('z.csv', 'a,b\n'), 'z.csv', 'INGEST_FORMAT', {}, { format: 'parquet' });
    await refused(upload('zip.xlsx', Buffer.from('PK\u0003\u0004garbage')), 'zip.xlsx', 'INGEST_FORMAT');
    await refused(upload('array.json', '[{"a":1},\n{"a":2}]\n'), 'array.json', 'INGEST_FORMAT', {
      message: /JSON array/,
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]);
    await refused(upload('utf16.csv', utf16), 'utf16.csv', 'INGEST_ENCODING', { message: /UTF-16/ });
  });

  it('refuses damaged Parquet files', async () => {
    const d = freshDir();
    const good = path.join(d, 'good.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT range AS i FROM range(100000)) TO '${good.replace(/'/g, "''")}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const bytes = readFileSync(good);
    await refused(
      upload('cut.parquet', bytes.subarray(0, bytes.length / 2)),
      'cut.parquet',
      'INGEST_MALFORMED',
      {
        message: /damaged or truncated/,
      },
    );
  });

  it('refuses invalid JSON lines, naming the line', async () => {
    await refused(
      upload('bad.jsonl', '{"a":1}\n{"a":2}\n{"a": 3,\n{"a":4}\n'),
      'bad.jsonl',
      'INGEST_MALFORMED',
      {
        row: 3,
        message: /line 3 is not valid JSON/,
      },
    );
    await refused(upload('arr.jsonl', '{"a":1}\n\n[1,2]\n'), 'arr.jsonl', 'INGEST_MALFORMED', {
      row: 3,
      message: /line 3 is not a JSON object/,
    });
    await refused(
      upload('dupkey.jsonl', '{"a":1}\n{"a":1,"a":2}\n'),
      'dupkey.jsonl',
      'INGEST_DUPLICATE_COLUMN',
      {
        row: 2,
      },
    );
    await refused(upload('case.jsonl', '{"a":1}\n{"A":2}\n'), 'case.jsonl', 'INGEST_DUPLICATE_COLUMN');
    await refused(upload('nokeys.jsonl', '{}\n{}\n'), 'nokeys.jsonl', 'INGEST_NO_COLUMNS');
  });

  it('refuses spreadsheet formulas, naming the cell', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['单价', '数量', '合计']);
    for (let r = 2; r <= 4; r++) sheet.addRow([r, 2, r * 2]);
    sheet.addRow([5, 2]);
    sheet.getCell('C5').value = { formula: 'A5*B5', result: 10 };
    const d = freshDir();
    const source = path.join(d, 'upload.xlsx');
    await workbook.xlsx.writeFile(source);
    const e = await refused(source, 'book.xlsx', 'INGEST_FORMULA_CELL', {
      row: 5,
      column: 'Sheet1!C5',
      message: /cell Sheet1!C5 holds a formula.*computed by a spreadsheet program we do not run/,
    });
    expect(e.message).toMatch(/values/);
  });

  it('refuses empty worksheets, header-only sheets and values outside the header', async () => {
    const write = async (fill: (sheet: ExcelJS.Worksheet) => void) => {
      const workbook = new ExcelJS.Workbook();
      fill(workbook.addWorksheet('数据 表'));
      const source = path.join(freshDir(), 'upload.xlsx');
      await workbook.xlsx.writeFile(source);
      return source;
    };
    await refused(await write(() => undefined), 'a.xlsx', 'INGEST_EMPTY');
    await refused(await write((s) => s.addRow(['a', 'b'])), 'b.xlsx', 'INGEST_NO_ROWS', { row: 1 });
    await refused(
      await write((s) => {
        s.addRow(['a', 'b']);
        s.addRow([1, 2, 3]);
      }),
      'c.xlsx',
      'INGEST_MALFORMED',
      { row: 2, column: "'数据 表'!C2" },
    );
    await refused(
      await write((s) => {
        s.addRow(['a', 'A']);
        s.addRow([1, 2]);
      }),
      'd.xlsx',
      'INGEST_DUPLICATE_COLUMN',
      { message: /'数据 表'!A1 and '数据 表'!B1/ },
    );
  });

  it('never replaces an existing version', async () => {
    const source = upload('again.csv', 'a\n1\n');
    await ingest(source, 'again.csv');
    const before = sha256(targetIn(source));
    const error = await ingest(source, 'again.csv').catch((e: unknown) => e);
    expect((error as IngestError).code).toBe('INGEST_TARGET_EXISTS');
    expect(sha256(targetIn(source))).toBe(before);
    expect(readdirSync(path.dirname(targetIn(source)))).toEqual(['v1.parquet']);
  });
});
