// The CSV reader: any table written as CSV reads back the same, in chunks cut anywhere; malformed input is
// refused with the record it happened in; GB 18030 files are recognized.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, CsvReader, detectEncoding, formatCsv, parseCsv } from './csv.ts';

const field = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r', ' ', '1', '，', '“') }),
  fc.string(),
);
const table = fc
  .integer({ min: 1, max: 5 })
  .chain((width) =>
    fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
  );

describe('CSV reader', () => {
  it('reads back any table it writes, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 6 }), (rows, cuts) => {
        const text = formatCsv(rows);
        expect(parseCsv(text)).toEqual(rows);
        const got: string[][] = [];
        const reader = new CsvReader((r) => got.push(r));
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let at = 0;
        for (const p of [...points, text.length]) {
          reader.push(text.slice(at, p));
          at = p;
        }
        reader.end();
        expect(got).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('takes LF and CR LF line ends, skips blank lines, and keeps empty fields', () => {
    expect(parseCsv('a,b\r\n1,\n\n,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['', '2'],
    ]);
    expect(parseCsv('"x ""y""",z')).toEqual([['x "y"', 'z']]);
  });

  it('refuses malformed input, naming the record', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(CsvError);
    expect(() => parseCsv('a,b\n1,2\nx"y,3')).toThrow(/record 3: a quote inside an unquoted field/);
    expect(() => parseCsv('"a"b,c')).toThrow(/record 1: text after the closing quote/);
  });
});

describe('encoding detection', () => {
  it('tells UTF-8 from GB 18030', () => {
    const text = '姓名,身份证号\n张三,110101199003077777\n';
    expect(detectEncoding(new TextEncoder().encode(text))).toBe('utf-8');
    // GB 18030 bytes of "姓名": D0 D5 C3 FB.
    expect(detectEncoding(Uint8Array.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x61]))).toBe('gb18030');
    expect(new TextDecoder('gb18030').decode(Uint8Array.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名');
    // A UTF-8 sequence cut at the end of the sample is still UTF-8.
    const bytes = new TextEncoder().encode('数据'.repeat(10));
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1))).toBe('utf-8');
  });
});
