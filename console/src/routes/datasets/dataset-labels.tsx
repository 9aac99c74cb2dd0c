// Shared renderers of the secure store: the personal-information types the classifier detects, the GB/T 36344
// quality indicators, quality rules in words, file sizes, and where a dataset's page is.
import { Tag, Tooltip } from 'antd';
import { useMemo } from 'react';
import type { DataGrade } from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { GradeTag } from '../catalog/catalog-labels';

/** The detectors' types (server: classification/detectors.ts); an unknown one is shown by its code. */
export const PII_TYPES = [
  'cn_resident_id',
  'cn_uscc',
  'cn_mobile',
  'cn_landline',
  'email',
  'bank_card',
  'person_name',
  'address',
  'cn_passport',
  'cn_license_plate',
  'ip_address',
  'date_of_birth',
] as const;

/** Validators a quality rule can name (server: quality/rules.ts). */
export const RULE_VALIDATORS = [
  'cn_resident_id',
  'cn_uscc',
  'cn_mobile',
  'cn_landline',
  'email',
  'bank_card',
  'cn_passport',
  'cn_license_plate',
  'ip_address',
] as const;

export const RULE_KINDS = ['not_null', 'range', 'pattern', 'code_list', 'validator', 'reference'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** The six indicators of GB/T 36344-2018, in the order the report lists them. */
export const INDICATORS = [
  'normativity',
  'completeness',
  'accuracy',
  'consistency',
  'timeliness',
  'accessibility',
] as const;

/** A quality rule as the API stores it (quality/rules.ts). */
export type QualityRule =
  | { kind: 'not_null'; column: string }
  | { kind: 'range'; column: string; min?: number | string; max?: number | string }
  | { kind: 'pattern'; column: string; regex: string }
  | { kind: 'code_list'; column: string; values: string[] }
  | { kind: 'validator'; column: string; validator: string }
  | { kind: 'reference'; column: string; dataset: { slug: string; column: string } };

export function useDatasetNames() {
  const { t } = useI18n();
  return useMemo(() => {
    const known = (key: string, code: string) => {
      const text = t(key as MessageKey);
      return text === key ? code : text;
    };
    const piiType = (type: string) => known(`pii.${type}`, type);
    const indicator = (key: string) => known(`quality.indicator.${key}`, key);
    const ruleKind = (kind: string) => known(`quality.kind.${kind}`, kind);
    /** A rule in words, with its column and the parameters that say what it checks. */
    const rule = (raw: Record<string, unknown>) => {
      const r = raw as QualityRule;
      const column = r.column;
      switch (r.kind) {
        case 'not_null':
          return t('quality.describe.not_null', { column });
        case 'range':
          return t('quality.describe.range', {
            column,
            min: r.min === undefined ? '−∞' : String(r.min),
            max: r.max === undefined ? '+∞' : String(r.max),
          });
        case 'pattern':
          // The regex stays out of t(): its $ signs would read as replacement patterns.
          return `${t('quality.describe.pattern', { column })} ${r.regex}`;
        case 'code_list':
          return t('quality.describe.code_list', { column, n: r.values.length });
        case 'validator':
          return t('quality.describe.validator', { column, validator: piiType(r.validator) });
        case 'reference':
          return t('quality.describe.reference', { column, target: r.dataset.column });
        default:
          return JSON.stringify(raw);
      }
    };
    return { piiType, indicator, ruleKind, rule };
  }, [t]);
}

/** A detected type with the share of sampled values that passed its validator. */
export function PiiTag({
  type,
  confidence,
  matches,
}: {
  type: string;
  confidence?: number;
  matches?: number;
}) {
  const names = useDatasetNames();
  const { t } = useI18n();
  const tag = (
    <Tag color="purple" data-type={type}>
      {names.piiType(type)}
      {confidence !== undefined && <span style={{ opacity: 0.75 }}> {Math.round(confidence * 100)}%</span>}
    </Tag>
  );
  return (
    <Tooltip
      title={
        matches === undefined ? (
          <code>{type}</code>
        ) : (
          <>
            <code>{type}</code> · {t('datasets.matches', { n: matches })}
          </>
        )
      }
    >
      {tag}
    </Tooltip>
  );
}

export function MaybeGrade({ grade }: { grade: DataGrade | null | undefined }) {
  return grade ? <GradeTag grade={grade} /> : <span style={{ color: '#999' }}>—</span>;
}

/** Bytes in binary units, as file managers show them. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** A dataset's page: by slug, or by id for the one slug the important-data catalog's path takes. */
export const datasetPath = (d: { id: string; slug: string }) =>
  `/datasets/${d.slug === 'important' ? d.id : d.slug}`;

export const scoreColor = (score: number) => (score >= 85 ? '#389e0d' : score >= 60 ? '#d48806' : '#cf1322');
