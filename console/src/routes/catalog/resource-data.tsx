// The data behind a registered resource, as anyone may know it (数据版本与分类分级): per dataset its rows and latest
// version, its columns with the types the classifier detected and their grades, the dataset's grade and category,
// and its quality score across versions. The API sends no values, so none are shown.
import { Card, Col, Descriptions, Empty, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from '../../components/Chart';
import { useResourceData, type DataGrade, type ResourceData } from '../../hooks/api';
import { useI18n } from '../../i18n';
import { MaybeGrade, PiiTag } from '../datasets/dataset-labels';
import { GradeTag, QualityScore, useCatalogNames } from './catalog-labels';

type Column = ResourceData['columns'][number];

export function ResourceDataSection({ resourceId }: { resourceId: string }) {
  const { t } = useI18n();
  const data = useResourceData(resourceId);
  return (
    <Card title={t('catalog.datasets')} size="small" data-testid="resource-datasets">
      {data.isLoading ? (
        <Spin />
      ) : !data.data?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.datasetsEmpty')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {data.data.map((d) => (
            <ResourceDataset key={d.id} data={d} />
          ))}
        </Space>
      )}
    </Card>
  );
}

function ResourceDataset({ data: d }: { data: ResourceData }) {
  const { t } = useI18n();
  const names = useCatalogNames();
  const latest = d.quality.at(-1);
  return (
    <Card
      type="inner"
      size="small"
      data-testid={`resource-dataset-${d.slug}`}
      title={
        <Space wrap>
          <span>{d.title}</span>
          <code style={{ fontSize: 12 }}>{d.slug}</code>
        </Space>
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('datasets.latestVersion')}>
              {d.latestVersion === null ? '—' : `v${d.latestVersion}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('datasets.rows')}>
              <span data-testid="resource-data-rows">{d.rows === null ? '—' : d.rows.toLocaleString()}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('datasets.grade')}>
              <span data-testid="resource-data-grade">
                <MaybeGrade grade={d.grade} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('datasets.category')}>
              {d.category ? names.category(d.category) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('datasets.qualityScore')} span={2}>
              <QualityScore score={latest?.score ?? null} />
            </Descriptions.Item>
          </Descriptions>
          <Table<Column>
            rowKey="name"
            size="small"
            style={{ marginTop: 12 }}
            pagination={false}
            data-testid="resource-data-columns"
            dataSource={d.columns}
            locale={{ emptyText: t('datasets.noVersions') }}
            columns={[
              { title: t('profile.column'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
              { title: t('profile.type'), dataIndex: 'type', render: (n: string) => <code>{n}</code> },
              {
                title: t('classification.types'),
                dataIndex: 'types',
                render: (types: string[]) =>
                  types.length ? (
                    <Space size={[0, 4]} wrap>
                      {types.map((x) => (
                        <PiiTag key={x} type={x} />
                      ))}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
              {
                title: t('datasets.grade'),
                dataIndex: 'grade',
                render: (g: DataGrade) => <GradeTag grade={g} />,
              },
            ]}
          />
        </Col>
        <Col xs={24} xl={10}>
          <Typography.Text strong>{t('quality.trendChart')}</Typography.Text>
          {d.quality.length ? (
            <ScoreChart points={d.quality} testId={`resource-quality-chart-${d.slug}`} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.notAssessed')} />
          )}
          {d.quality.length > 0 && (
            <Space wrap size={[4, 4]}>
              {d.quality.map((q) => (
                <Tag key={q.version}>
                  v{q.version}: {q.score.toFixed(1)}
                </Tag>
              ))}
            </Space>
          )}
        </Col>
      </Row>
    </Card>
  );
}

/** A small line of the quality score per version, oldest first. */
function ScoreChart({ points, testId }: { points: ResourceData['quality']; testId: string }) {
  const option = useMemo(() => {
    const sorted = [...points].sort((a, b) => a.version - b.version);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: sorted.map((p) => `v${p.version}`), boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          type: 'line',
          data: sorted.map((p) => p.score),
          symbolSize: 7,
          itemStyle: { color: '#1f4fd1' },
          areaStyle: { opacity: 0.08 },
        },
      ],
    };
  }, [points]);
  return <Chart option={option} height={180} testId={testId} />;
}
