// `liutong classify FILE [--format json] [--full]`: the JSON contract, both encodings, refusals, and no values out.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../server/src/modules/classification/index.ts';

const BIN = path.resolve(import.meta.dirname, '../server/bin/liutong.js');
const exec = promisify(execFile);
let dir: string;

async function classify(...args: string[]) {
  try {
    const r = await exec(process.execPath, [BIN, 'classify', ...args], { timeout: 60_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

const ROWS = [
  ['姓名', '公民身份号码', '联系电话', '统一社会信用代码', '订单编号', '金额', '备注'],
  [
    '张伟',
    '11010519491231002X',
    '13912345678',
    '91150100MA0QW8E06R',
    '202611220001234567',
    '123.45',
    '首次办理',
  ],
  ['王芳', '150102198807150024', '18647112345', '11150100MB0K32705F', '202611220001234568', '99.00', ''],
  [
    '李强',
    '440305199512310012',
    '+86 152 0471 8899',
    '91150105MA0RX3T046',
    '202611220001234569',
    '1,200.00',
    '加急',
  ],
];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'liutong-classify-'));
  writeFileSync(path.join(dir, 'utf8.csv'), formatCsv(ROWS));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('liutong classify', () => {
  it('prints the JSON contract: columns with typed confidences and grades, and the dataset grade', async () => {
    const res = await classify(path.join(dir, 'utf8.csv'), '--format', 'json', '--full');
    expect(res.code, res.err).toBe(0);
    const out = JSON.parse(res.out) as {
      columns: { name: string; types: { type: string; confidence: number }[]; grade: string }[];
      grade: string;
    };
    const types = Object.fromEntries(out.columns.map((c) => [c.name, c.types.map((t) => t.type)]));
    expect(types).toEqual({
      姓名: ['person_name'],
      公民身份号码: ['cn_resident_id'],
      联系电话: ['cn_mobile'],
      统一社会信用代码: ['cn_uscc'],
      订单编号: [],
      金额: [],
      备注: [],
    });
    expect(out.columns.find((c) => c.name === '公民身份号码')).toMatchObject({
      grade: 'general_4',
      types: [{ type: 'cn_resident_id', confidence: 1 }],
    });
    expect(out.grade).toBe('general_4');
    // Only counts leave the classifier: no value of the file is in the output.
    for (const value of ROWS.slice(1)
      .flat()
      .filter((v) => v.length > 3))
      expect(res.out).not.toContain(value);
  });

  it('reads GBK / GB 18030 files the same as UTF-8', async () => {
    const gbk = Buffer.from(
      // "姓名,手机号码\n张伟,13912345678\n" in GB 18030
      [
        0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xca, 0xd6, 0xbb, 0xfa, 0xba, 0xc5, 0xc2, 0xeb, 0x0a, 0xd5, 0xc5, 0xce,
        0xb0, 0x2c,
      ].concat([...Buffer.from('13912345678\n')]),
    );
    writeFileSync(path.join(dir, 'gbk.csv'), gbk);
    const res = await classify(path.join(dir, 'gbk.csv'), '--format', 'json');
    expect(res.code, res.err).toBe(0);
    const out = JSON.parse(res.out) as { columns: { name: string; types: { type: string }[] }[] };
    expect(out.columns.map((c) => [c.name, c.types.map((t) => t.type)])).toEqual([
      ['姓名', ['person_name']],
      ['手机号码', ['cn_mobile']],
    ]);
  });

  it('refuses empty, malformed and missing files and bad options with exit 2', async () => {
    writeFileSync(path.join(dir, 'empty.csv'), '');
    writeFileSync(path.join(dir, 'open-quote.csv'), 'a,b\n"x,1\n');
    writeFileSync(path.join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
    for (const [file, message] of [
      ['empty.csv', /empty/],
      ['open-quote.csv', /record 2: a quoted field is not closed/],
      ['ragged.csv', /record 3: 1 fields where the header has 2/],
      ['missing.csv', /ENOENT|no such file/],
    ] as const) {
      const res = await classify(path.join(dir, file));
      expect(res.code, file).toBe(2);
      expect(res.err).toMatch(message);
    }
    expect((await classify(path.join(dir, 'utf8.csv'), '--format', 'xml')).code).toBe(2);
    expect((await classify(path.join(dir, 'utf8.csv'), '--sample', '0')).code).toBe(2);
  });
});
