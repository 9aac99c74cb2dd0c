// Public surface of the classification module (分类分级): detectors of personal and sensitive information with
// validators, column and table classification, grades per GB/T 43697, and the `liutong classify` command.
export { PII_TYPES, VALIDATORS, NAME_HINTS, type PiiType } from './detectors.ts';
export {
  classifyColumn,
  summarize,
  ColumnAccumulator,
  GRADES,
  TYPE_GRADE,
  type ClassificationResult,
  type ColumnResult,
  type Grade,
} from './classify.ts';
export { classifyCsvFile } from './classify-file.ts';
export { CsvReader, CsvError, parseCsv, formatCsv, detectEncoding } from './csv.ts';
export { classifyCommand } from './classification.cli.ts';
