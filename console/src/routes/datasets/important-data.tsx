// The important-data catalog (重要数据目录): datasets whose grade, with the holders' overrides applied, is important
// or core, with the columns that make them so and the reason a holder gave when it set a column's grade by hand.
// Holders see their own; the authority and regulators see every holder's.
import { Card, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useImportantData, type DataGrade, type ImportantData } from '../../hooks/api';
import { useI18n } from '../../i18n';
import { GradeTag } from '../catalog/catalog-labels';
import { datasetPath } from './dataset-labels';

type Column = ImportantData['columns'][number];

export function ImportantDataCatalog() {
  const { t } = useI18n();
  const list = useImportantData();
  return (
    <Card title={t('important.title')}>
      <Typography.Paragraph type="secondary">{t('important.subtitle')}</Typography.Paragraph>
      <Table<ImportantData>
        rowKey={(r) => r.dataset.id}
        data-testid="important-data"
        loading={list.isFetching}
        dataSource={list.data}
        locale={{ emptyText: t('important.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('datasets.title'),
            key: 'dataset',
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={datasetPath(r.dataset)}>{r.dataset.title}</Link>
                <code style={{ fontSize: 12 }}>{r.dataset.slug}</code>
              </Space>
            ),
          },
          {
            title: t('datasets.grade'),
            dataIndex: 'grade',
            render: (g: DataGrade) => <GradeTag grade={g} />,
          },
          { title: t('datasets.version'), dataIndex: 'version', render: (n: number) => `v${n}` },
          {
            title: t('datasets.rows'),
            dataIndex: 'rows',
            align: 'right',
            render: (n: number) => n.toLocaleString(),
          },
          {
            title: t('important.columns'),
            dataIndex: 'columns',
            render: (columns: Column[]) => (
              <Table<Column>
                rowKey="name"
                size="small"
                pagination={false}
                showHeader={false}
                dataSource={columns}
                columns={[
                  { dataIndex: 'name', width: 160, render: (n: string) => <code>{n}</code> },
                  { dataIndex: 'grade', width: 120, render: (g: DataGrade) => <GradeTag grade={g} /> },
                  {
                    dataIndex: 'reason',
                    render: (reason: string | null) =>
                      reason ? (
                        <span data-testid="important-reason">{reason}</span>
                      ) : (
                        <Typography.Text type="secondary">{t('important.detected')}</Typography.Text>
                      ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
