// A registered resource's public page (资源详情): what it is, who holds it, its schema and the data items it is
// the authoritative source of, and the data versions behind it with their classification and quality, for anyone.
import { Alert, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useCatalogResource, type CatalogResource } from '../../hooks/api';
import { useI18n } from '../../i18n';
import { GradeTag, OpenLevelTag, QualityScore, day, useCatalogNames } from './catalog-labels';
import { ResourceDataSection } from './resource-data';

type Field = CatalogResource['fields'][number];

export function ResourcePage() {
  const { idOrCode } = useParams();
  const { t } = useI18n();
  const names = useCatalogNames();
  const resource = useCatalogResource(idOrCode!);
  if (!resource.data) {
    if (resource.error)
      return (
        <Alert
          type="warning"
          showIcon
          title={t('catalog.notFound')}
          description={resource.error.message}
          data-testid="resource-missing"
        />
      );
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  }
  const r = resource.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="resource-page">
      <Card
        title={
          <Space wrap>
            <span data-testid="resource-title">{r.title}</span>
            <OpenLevelTag level={r.openLevel} />
            <GradeTag grade={r.grade} />
          </Space>
        }
        extra={<Link to={`/catalog?holder=${r.holder.id}`}>{t('catalog.moreFromHolder')}</Link>}
      >
        <Typography.Paragraph data-testid="resource-description" style={{ whiteSpace: 'pre-wrap' }}>
          {r.description}
        </Typography.Paragraph>
        <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }}>
          <Descriptions.Item label={t('catalog.code')}>
            <Typography.Text code copyable data-testid="resource-code">
              {r.code}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.holder')}>
            {r.holder.name}{' '}
            {r.holder.creditCode && <Typography.Text type="secondary">{r.holder.creditCode}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.region')}>{r.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.domain')}>
            {names.domain(r.domain)}
            {r.theme && <Typography.Text type="secondary"> · {r.theme}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.updateFrequency')}>
            {names.frequency(r.updateFrequency)}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.openLevel')}>{names.openLevel(r.openLevel)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.category')}>{names.category(r.category)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.grade')}>{names.grade(r.grade)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.system')}>{r.system?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.registeredAt')}>{day(r.registeredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.qualityScore')}>
            <span data-testid="resource-quality">
              <QualityScore score={r.qualityScore} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.updatedAt')}>{day(r.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.keywords')} span={2}>
            <Tags values={r.keywords} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.sourceItems')} span={2}>
            <span data-testid="resource-sources">
              <Tags values={r.sourceItems} color="green" />
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('catalog.schema')} size="small">
        <SchemaTable fields={r.fields} testId="resource-schema" />
      </Card>
      <ResourceDataSection resourceId={r.id} />
    </Space>
  );
}

export function Tags({ values, color }: { values: readonly string[]; color?: string }) {
  if (!values.length) return <>—</>;
  return (
    <>
      {values.map((v) => (
        <Tag key={v} color={color}>
          {v}
        </Tag>
      ))}
    </>
  );
}

/** A resource's fields: name, type and description. */
export function SchemaTable({ fields, testId }: { fields: readonly Field[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <Table<Field>
      rowKey="name"
      size="small"
      pagination={false}
      data-testid={testId}
      dataSource={[...fields]}
      locale={{ emptyText: t('catalog.noFields') }}
      columns={[
        { title: '#', key: 'n', width: 48, render: (_: unknown, _f, i) => i + 1 },
        { title: t('catalog.fieldName'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
        { title: t('catalog.fieldType'), dataIndex: 'type', render: (n: string) => <code>{n}</code> },
        { title: t('catalog.fieldDescription'), dataIndex: 'description', render: (d?: string) => d || '—' },
      ]}
    />
  );
}
