// A registration's proposed content beside what is on record: one row per item, the changed ones marked, and in
// the schema and lists the entries added (green) or dropped (struck through).
import { Space, Switch, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useSystems, type ResourceContent } from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { RegionName, useCatalogNames } from './catalog-labels';

type Key = keyof ResourceContent;
const ITEMS: { key: Key; label: MessageKey }[] = [
  { key: 'title', label: 'catalog.title' },
  { key: 'description', label: 'catalog.description' },
  { key: 'regionCode', label: 'catalog.region' },
  { key: 'domain', label: 'catalog.domain' },
  { key: 'theme', label: 'catalog.theme' },
  { key: 'systemId', label: 'catalog.system' },
  { key: 'fields', label: 'catalog.schema' },
  { key: 'keywords', label: 'catalog.keywords' },
  { key: 'updateFrequency', label: 'catalog.updateFrequency' },
  { key: 'openLevel', label: 'catalog.openLevel' },
  { key: 'category', label: 'catalog.category' },
  { key: 'grade', label: 'catalog.grade' },
  { key: 'sourceItems', label: 'catalog.sourceItems' },
];

type Field = ResourceContent['fields'][number];
const fieldText = (f: Field) => `${f.name} ${f.type}${f.description ? ` — ${f.description}` : ''}`;

interface Row {
  key: Key;
  label: string;
  current?: ReactNode;
  proposed: ReactNode;
  changed: boolean;
}

/** Lines of a list, those missing on the other side marked: added in green, dropped struck through. */
function Lines({ lines, other, mark }: { lines: string[]; other?: string[]; mark: 'added' | 'dropped' }) {
  if (!lines.length) return <>—</>;
  return (
    <Space orientation="vertical" size={0}>
      {lines.map((l) => {
        const differs = other !== undefined && !other.includes(l);
        return (
          <Typography.Text
            key={l}
            delete={differs && mark === 'dropped'}
            type={differs ? (mark === 'added' ? 'success' : 'danger') : undefined}
            style={{ fontSize: 12 }}
          >
            {l}
          </Typography.Text>
        );
      })}
    </Space>
  );
}

export function ContentDiff({
  proposed,
  current,
  testId,
}: {
  proposed: ResourceContent;
  /** What is on record; without it only the proposed content is shown. */
  current?: ResourceContent;
  testId?: string;
}) {
  const { t } = useI18n();
  const names = useCatalogNames();
  const systems = useSystems({ limit: 200, offset: 0 });
  const [onlyChanges, setOnlyChanges] = useState(false);
  const systemName = (id: string | null) =>
    id ? (systems.data?.items.find((s) => s.id === id)?.name ?? id.slice(0, 8)) : '—';
  const show = (
    c: ResourceContent,
    key: Key,
    other?: ResourceContent,
    mark: 'added' | 'dropped' = 'added',
  ) => {
    switch (key) {
      case 'regionCode':
        return <RegionName code={c.regionCode} />;
      case 'domain':
        return names.domain(c.domain);
      case 'systemId':
        return systemName(c.systemId);
      case 'updateFrequency':
        return names.frequency(c.updateFrequency);
      case 'openLevel':
        return names.openLevel(c.openLevel);
      case 'category':
        return names.category(c.category);
      case 'grade':
        return names.grade(c.grade);
      case 'fields':
        return <Lines lines={c.fields.map(fieldText)} other={other?.fields.map(fieldText)} mark={mark} />;
      case 'keywords':
      case 'sourceItems':
        return <Lines lines={c[key]} other={other?.[key]} mark={mark} />;
      case 'title':
      case 'description':
      case 'theme':
        return <span style={{ whiteSpace: 'pre-wrap' }}>{c[key] || '—'}</span>;
    }
  };
  const rows: Row[] = ITEMS.map(({ key, label }) => ({
    key,
    label: t(label),
    proposed: show(proposed, key, current, 'added'),
    ...(current && { current: show(current, key, proposed, 'dropped') }),
    changed: !!current && JSON.stringify(current[key] ?? null) !== JSON.stringify(proposed[key] ?? null),
  }));
  const changed = rows.filter((r) => r.changed).length;
  return (
    <div data-testid={testId}>
      {current && (
        <Space style={{ marginBottom: 8 }}>
          <Tag color={changed ? 'orange' : 'default'} data-testid="diff-count">
            {t('catalog.changedCount', { n: changed })}
          </Tag>
          <Switch size="small" checked={onlyChanges} onChange={setOnlyChanges} />
          <Typography.Text type="secondary">{t('catalog.onlyChanges')}</Typography.Text>
        </Space>
      )}
      <Table<Row>
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        dataSource={onlyChanges ? rows.filter((r) => r.changed) : rows}
        onRow={(r) => ({
          style: r.changed ? { background: '#fffbe6' } : undefined,
          'data-changed': r.changed,
        })}
        columns={[
          { title: t('catalog.item'), dataIndex: 'label', width: 160 },
          ...(current ? [{ title: t('catalog.current'), dataIndex: 'current', width: '42%' }] : []),
          { title: t('catalog.proposed'), dataIndex: 'proposed' },
        ]}
      />
    </div>
  );
}
