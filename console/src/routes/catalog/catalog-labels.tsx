// Shared renderers of the resource catalog: the enumerations the server sends as codes, their tags and names,
// a region shown by name, and the date a resource was registered.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import {
  useRegion,
  type DataCategory,
  type DataGrade,
  type Domain,
  type OpenLevel,
  type RegistrationKind,
  type RegistrationStatus,
  type ResourceStatus,
  type UpdateFrequency,
} from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';

export const DOMAINS: Domain[] = [
  'population',
  'legal_person',
  'natural_resources',
  'spatial_geography',
  'credit',
  'macro_economy',
  'theme',
  'special',
];
export const OPEN_LEVELS: OpenLevel[] = ['unconditional', 'conditional', 'not_open'];
export const CATEGORIES: DataCategory[] = ['public', 'enterprise', 'personal'];
export const DATA_GRADES: DataGrade[] = [
  'general_1',
  'general_2',
  'general_3',
  'general_4',
  'important',
  'core',
];
export const FREQUENCIES: UpdateFrequency[] = [
  'realtime',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'yearly',
  'irregular',
];
export const RESOURCE_STATUSES: ResourceStatus[] = [
  'draft',
  'under_review',
  'in_notice',
  'registered',
  'refused',
  'withdrawn',
  'cancelled',
];
export const REGISTRATION_STATUSES: RegistrationStatus[] = [
  'under_review',
  'in_notice',
  'completed',
  'refused',
  'withdrawn',
];
/** Common column types offered in the fields editor; any type the API's pattern allows may be typed. */
export const FIELD_TYPES = [
  'VARCHAR(64)',
  'VARCHAR(255)',
  'CHAR(18)',
  'TEXT',
  'INTEGER',
  'BIGINT',
  'DECIMAL(18,2)',
  'BOOLEAN',
  'DATE',
  'TIMESTAMP',
  'JSON',
];

const OPEN_COLOR: Record<OpenLevel, string> = {
  unconditional: 'green',
  conditional: 'gold',
  not_open: 'default',
};
const GRADE_COLOR: Record<DataGrade, string> = {
  general_1: 'blue',
  general_2: 'blue',
  general_3: 'geekblue',
  general_4: 'geekblue',
  important: 'orange',
  core: 'red',
};
const RESOURCE_COLOR: Record<ResourceStatus, string> = {
  draft: 'default',
  under_review: 'processing',
  in_notice: 'purple',
  registered: 'success',
  refused: 'error',
  withdrawn: 'default',
  cancelled: 'default',
};
const REGISTRATION_COLOR: Record<RegistrationStatus, string> = {
  under_review: 'processing',
  in_notice: 'purple',
  completed: 'success',
  refused: 'error',
  withdrawn: 'default',
};

/** Translators for the catalog's enumerations. */
export function useCatalogNames() {
  const { t } = useI18n();
  return useMemo(() => catalogNames(t), [t]);
}

function catalogNames(t: (key: MessageKey) => string) {
  return {
    domain: (d: string | null | undefined) => (d ? t(`catalog.domain.${d}` as MessageKey) : '—'),
    openLevel: (o: string) => t(`catalog.openLevel.${o}` as MessageKey),
    category: (c: string) => t(`catalog.category.${c}` as MessageKey),
    grade: (g: string) => t(`catalog.grade.${g}` as MessageKey),
    frequency: (f: string) => t(`catalog.frequency.${f}` as MessageKey),
    kind: (k: string) => t(`catalog.kind.${k}` as MessageKey),
  };
}

export function OpenLevelTag({ level }: { level: OpenLevel }) {
  const names = useCatalogNames();
  return (
    <Tag color={OPEN_COLOR[level]} data-open-level={level}>
      {names.openLevel(level)}
    </Tag>
  );
}

export function GradeTag({ grade }: { grade: DataGrade }) {
  const names = useCatalogNames();
  return (
    <Tag color={GRADE_COLOR[grade]} data-grade={grade}>
      {names.grade(grade)}
    </Tag>
  );
}

export function ResourceStatusTag({ status }: { status: ResourceStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={RESOURCE_COLOR[status]} data-status={status}>
      {t(`catalog.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function RegistrationStatusTag({ status }: { status: RegistrationStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={REGISTRATION_COLOR[status]} data-status={status}>
      {t(`catalog.regStatus.${status}` as MessageKey)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: RegistrationKind }) {
  const names = useCatalogNames();
  const color = kind === 'first' ? 'blue' : kind === 'change' ? 'cyan' : 'volcano';
  return <Tag color={color}>{names.kind(kind)}</Tag>;
}

/** A stored region code shown by the names of its chain (province / city / county). */
export function RegionName({ code }: { code: string | null | undefined }) {
  const region = useRegion(code);
  if (!code) return <>—</>;
  return <>{region.data ? region.data.path.map((r) => r.name).join(' / ') : code}</>;
}

export const day = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

export function QualityScore({ score }: { score: number | null }) {
  const { t } = useI18n();
  if (score === null) return <span style={{ color: '#999' }}>{t('catalog.notAssessed')}</span>;
  const color = score >= 85 ? '#389e0d' : score >= 60 ? '#d48806' : '#cf1322';
  return <span style={{ color, fontWeight: 600 }}>{score.toFixed(1)}</span>;
}
