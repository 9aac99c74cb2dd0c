// `liutong classify FILE`: which columns of a CSV file hold personal or sensitive information, and its grade.
import { Command, InvalidArgumentError } from 'commander';
import { classifyCsvFile, FileFormatError } from './classify-file.ts';
import { CsvError } from './csv.ts';

export function classifyCommand(): Command {
  return new Command('classify')
    .description(
      'Detect personal and sensitive information in a CSV file (UTF-8 or GBK/GB 18030) and grade it per GB/T 43697; only counts are reported, never values',
    )
    .argument('<file>', 'a CSV file with a header row')
    .option(
      '--format <format>',
      'json or table',
      (v: string) => {
        if (v !== 'json' && v !== 'table') throw new InvalidArgumentError('expected json or table');
        return v;
      },
      'table',
    )
    .option('--full', 'scan every row instead of a sample')
    .option('--sample <rows>', 'rows in the sample (default 1000)', (v: string) => {
      if (!/^\d{1,9}$/.test(v) || Number(v) < 1)
        throw new InvalidArgumentError('expected a positive whole number');
      return Number(v);
    })
    .action(async (file: string, o: { format: 'json' | 'table'; full?: boolean; sample?: number }) => {
      let result;
      try {
        result = await classifyCsvFile(file, {
          full: o.full ?? false,
          ...(o.sample && { sample: o.sample }),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (
          error instanceof CsvError ||
          error instanceof FileFormatError ||
          code === 'ENOENT' ||
          code === 'EISDIR' ||
          code === 'EACCES'
        ) {
          console.error(`liutong: ${file}: ${(error as Error).message}`);
          process.exitCode = 2;
          return;
        }
        throw error;
      }
      if (o.format === 'json') {
        console.log(
          JSON.stringify({
            columns: result.columns.map((c) => ({
              name: c.name,
              types: c.types.map((t) => ({ type: t.type, confidence: t.confidence })),
              grade: c.grade,
            })),
            grade: result.grade,
            category: result.category,
            rows: result.rows,
            full: result.full,
          }),
        );
        return;
      }
      const width = Math.max(6, ...result.columns.map((c) => c.name.length * 2));
      console.log(`${'column'.padEnd(width)}  grade      types`);
      for (const c of result.columns)
        console.log(
          `${c.name.padEnd(width - [...c.name].filter((ch) => ch > '\u2e80').length)}  ${c.grade.padEnd(9)}  ${c.types.map((t) => `${t.type} ${(t.confidence * 100).toFixed(0)}%`).join(', ') || '—'}`,
        );
      console.log(
        `\ngrade ${result.grade}, category ${result.category}, ${result.rows} rows, ${result.full ? 'full scan' : 'sampled'}`,
      );
    });
}
