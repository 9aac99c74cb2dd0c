// One dataset of the secure store (数据集详情): what it is, an upload for its next version (its holder only), its
// versions, and for the version picked: schema and profile, the classification per column with the holder's
// overrides, and the quality report with the trend across versions and the holder's rules.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/forms';
import { time } from '../../components/labels';
import { useDataset, type DatasetDetail, type DatasetVersion } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import { QualityScore } from '../catalog/catalog-labels';
import { MaybeGrade, bytes } from './dataset-labels';
import { ResourceLink, useResourceTitles } from './dataset-list';
import { DatasetUpload } from './dataset-upload';
import { QualityPanel } from './quality-panel';
import { UploadHistory } from './upload-progress';
import { ClassificationTable, ProfileTable } from './version-tables';

export function DatasetPage() {
  const { idOrSlug } = useParams();
  const { t } = useI18n();
  const session = useSession();
  const dataset = useDataset(idOrSlug!);
  const titles = useResourceTitles(session.can('holder', 'authority'));
  const [selected, setSelected] = useState<number | undefined>();
  if (!dataset.data) {
    if (dataset.error)
      return (
        <Alert
          type="warning"
          showIcon
          title={t('datasets.notFound')}
          description={dataset.error.message}
          data-testid="dataset-missing"
        />
      );
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  }
  const d = dataset.data;
  // Only the holding organization's holders change a dataset; the authority and regulators read it.
  const own = session.can('holder') && session.me?.organization.id === d.orgId;
  const latest = d.versions[0];
  const version = d.versions.find((v) => v.number === selected) ?? latest;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dataset-page">
      <Card
        title={
          <Space wrap>
            <span data-testid="dataset-heading">{d.title}</span>
            <code style={{ fontSize: 13 }}>{d.slug}</code>
            <span data-testid="dataset-grade">
              <MaybeGrade grade={d.grade} />
            </span>
          </Space>
        }
      >
        {d.description && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.description}</Typography.Paragraph>
        )}
        <Descriptions bordered size="small" column={{ xs: 1, lg: 3 }} data-testid="dataset-summary">
          <Descriptions.Item label={t('datasets.resource')}>
            <ResourceLink id={d.resourceId} titles={titles} />
          </Descriptions.Item>
          <Descriptions.Item label={t('datasets.latestVersion')}>
            {d.latestVersion === null ? '—' : `v${d.latestVersion}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('datasets.rows')}>
            {d.rows === null ? '—' : d.rows.toLocaleString()}
          </Descriptions.Item>
          <Descriptions.Item label={t('datasets.grade')}>
            <MaybeGrade grade={d.grade} />
          </Descriptions.Item>
          <Descriptions.Item label={t('datasets.qualityScore')}>
            <span data-testid="dataset-score">
              <QualityScore score={d.qualityScore} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('quality.threshold')}>
            {d.qualityThreshold === null ? t('quality.noThreshold') : d.qualityThreshold}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{time(d.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('datasets.updatedAt')}>{time(d.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {own && (
        <Card title={t('upload.title')} size="small">
          <DatasetUpload key={d.id} idOrSlug={d.id} onStored={setSelected} />
        </Card>
      )}
      {own && <UploadHistory idOrSlug={d.id} />}
      <Card title={t('datasets.versions')} size="small">
        <VersionTable dataset={d} own={own} selected={version?.number} onSelect={setSelected} />
      </Card>
      {version && (
        <>
          <Card
            size="small"
            title={t('datasets.profileOf', { n: version.number })}
            extra={
              <Typography.Text type="secondary">
                {t('datasets.rowsColumns', {
                  rows: version.rows.toLocaleString(),
                  columns: version.schema.length,
                })}
              </Typography.Text>
            }
          >
            <ProfileTable version={version} />
          </Card>
          <Card
            size="small"
            title={t('classification.titleOf', { n: version.number })}
            extra={
              <Space wrap>
                <span>{t('classification.datasetGrade')}</span>
                <span data-testid="classification-grade">
                  <MaybeGrade grade={version.classification.grade} />
                </span>
                {version.classification.grade !== version.classification.detectedGrade && (
                  <Typography.Text type="secondary">
                    {t('classification.detectedWas')}{' '}
                    <MaybeGrade grade={version.classification.detectedGrade} />
                  </Typography.Text>
                )}
              </Space>
            }
          >
            <ClassificationTable
              dataset={d}
              version={version}
              // Overrides are kept per column of the dataset and checked against its newest version.
              canOverride={own && version.number === latest?.number}
            />
          </Card>
          <QualityPanel dataset={d} version={version} own={own} />
        </>
      )}
    </Space>
  );
}

function VersionTable({
  dataset,
  own,
  selected,
  onSelect,
}: {
  dataset: DatasetDetail;
  own: boolean;
  selected: number | undefined;
  onSelect: (n: number) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState<number | undefined>();
  const download = async (v: DatasetVersion) => {
    setDownloading(v.number);
    try {
      // The raw file needs the bearer token, so it comes through the client and leaves as a blob link.
      const blob = await unwrap(
        api.GET('/api/v1/datasets/{idOrSlug}/versions/{number}/raw', {
          params: { path: { idOrSlug: dataset.id, number: v.number } },
          parseAs: 'blob',
        }),
      );
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = v.sourceName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      showProblem(error, undefined, (text) => void message.error(text));
    } finally {
      setDownloading(undefined);
    }
  };
  return (
    <Table<DatasetVersion>
      rowKey="number"
      size="small"
      data-testid="versions"
      dataSource={dataset.versions}
      scroll={{ x: 'max-content' }}
      pagination={dataset.versions.length > 10 ? { pageSize: 10 } : false}
      locale={{ emptyText: t(own ? 'datasets.noVersionsUpload' : 'datasets.noVersions') }}
      rowSelection={{
        type: 'radio',
        selectedRowKeys: selected === undefined ? [] : [selected],
        onChange: (keys) => onSelect(Number(keys[0])),
      }}
      onRow={(v) => ({ onClick: () => onSelect(v.number), style: { cursor: 'pointer' } })}
      columns={[
        {
          title: t('datasets.version'),
          dataIndex: 'number',
          render: (n: number) => <strong data-testid={`version-${n}`}>v{n}</strong>,
        },
        {
          title: t('datasets.sourceName'),
          dataIndex: 'sourceName',
          render: (name: string, v) => (
            <Space size={4} wrap>
              <span>{name}</span>
              <Tag>{v.sourceFormat.toUpperCase()}</Tag>
              {v.encoding && <Tag>{v.encoding}</Tag>}
            </Space>
          ),
        },
        {
          title: t('datasets.size'),
          dataIndex: 'sourceBytes',
          align: 'right',
          render: (n: number, v) => (
            <span title={`${t('datasets.parquetSize')}: ${bytes(v.parquetBytes)}`}>{bytes(n)}</span>
          ),
        },
        {
          title: t('datasets.rows'),
          dataIndex: 'rows',
          align: 'right',
          render: (n: number) => n.toLocaleString(),
        },
        {
          title: t('datasets.grade'),
          key: 'grade',
          render: (_: unknown, v) => <MaybeGrade grade={v.classification.grade} />,
        },
        {
          title: t('classification.scan'),
          key: 'scan',
          render: (_: unknown, v) =>
            v.classification.full ? (
              <Tag color="green">{t('classification.full')}</Tag>
            ) : (
              <Tag>{t('classification.sample', { n: v.classification.rowsScanned.toLocaleString() })}</Tag>
            ),
        },
        {
          title: t('datasets.qualityScore'),
          dataIndex: 'qualityScore',
          align: 'right',
          render: (s: number | null) => <QualityScore score={s} />,
        },
        { title: t('datasets.uploadedAt'), dataIndex: 'createdAt', render: time },
        {
          title: <span title={t('datasets.sha256')}>SHA-256</span>,
          dataIndex: 'sourceSha256',
          render: (h: string) => (
            <Typography.Text code copyable={{ text: h }} style={{ fontSize: 11 }}>
              {h.slice(0, 12)}…
            </Typography.Text>
          ),
        },
        ...(own
          ? [
              {
                title: t('datasets.raw'),
                key: 'raw',
                render: (_: unknown, v: DatasetVersion) => (
                  <Button
                    size="small"
                    type="link"
                    icon={<DownloadOutlined />}
                    loading={downloading === v.number}
                    data-testid={`raw-${v.number}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      void download(v);
                    }}
                  >
                    {t('datasets.download')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
