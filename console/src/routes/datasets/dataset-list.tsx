// Datasets in the secure store (数据集): a holder's own (the authority and regulators see every holder's), with the
// latest version's rows, grade and quality score, and the form for a new dataset, optionally attached to one of the
// holder's catalog resources; the new dataset opens on its own page, ready for its first upload.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormModal } from '../../components/FormModal';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import {
  useCreateDataset,
  useDatasets,
  useInventory,
  type Dataset,
  type DatasetInput,
  type DatasetQuery,
} from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import { QualityScore } from '../catalog/catalog-labels';
import { MaybeGrade, datasetPath } from './dataset-labels';

/** Titles and codes of the catalog resources the caller may see in the inventory, by id. */
export function useResourceTitles(enabled: boolean) {
  const inventory = useInventory({ limit: 200, offset: 0 }, enabled);
  return useMemo(() => new Map((inventory.data?.items ?? []).map((r) => [r.id, r])), [inventory.data]);
}

export function ResourceLink({
  id,
  titles,
}: {
  id: string | null;
  titles: ReturnType<typeof useResourceTitles>;
}) {
  if (!id) return <Typography.Text type="secondary">—</Typography.Text>;
  const r = titles.get(id);
  // The public page takes the id too; drafts are only in the inventory.
  if (r)
    return (
      <Link to={r.status === 'draft' ? `/catalog/inventory/${id}` : `/catalog/${r.code}`}>{r.title}</Link>
    );
  return (
    <Link to={`/catalog/${id}`}>
      <code style={{ fontSize: 12 }}>{id.slice(0, 8)}</code>
    </Link>
  );
}

export function DatasetList() {
  const { t } = useI18n();
  const session = useSession();
  const holder = session.can('holder');
  const [query, setQuery] = useState<DatasetQuery>({ limit: 20, offset: 0 });
  const list = useDatasets(query);
  const titles = useResourceTitles(session.can('holder', 'authority'));
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={t(holder ? 'datasets.mine' : 'datasets.all')}
      extra={
        holder && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="new-dataset"
            onClick={() => setCreating(true)}
          >
            {t('datasets.new')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('datasets.subtitle')}</Typography.Paragraph>
      <Table<Dataset>
        rowKey="id"
        data-testid="datasets"
        loading={list.isFetching}
        dataSource={list.data?.items}
        locale={{ emptyText: t('datasets.empty') }}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          {
            title: t('datasets.slug'),
            dataIndex: 'slug',
            render: (slug: string, d) => (
              <Link to={datasetPath(d)} data-testid={`dataset-${slug}`}>
                <code>{slug}</code>
              </Link>
            ),
          },
          {
            title: t('datasets.title'),
            dataIndex: 'title',
            render: (title: string, d) => <Link to={datasetPath(d)}>{title}</Link>,
          },
          {
            title: t('datasets.resource'),
            dataIndex: 'resourceId',
            render: (id: string | null) => <ResourceLink id={id} titles={titles} />,
          },
          {
            title: t('datasets.latestVersion'),
            dataIndex: 'latestVersion',
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : `v${v}`),
          },
          {
            title: t('datasets.rows'),
            dataIndex: 'rows',
            align: 'right',
            render: (n: number | null) => (n === null ? '—' : n.toLocaleString()),
          },
          {
            title: t('datasets.grade'),
            dataIndex: 'grade',
            render: (g: Dataset['grade']) => <MaybeGrade grade={g} />,
          },
          {
            title: t('datasets.qualityScore'),
            dataIndex: 'qualityScore',
            align: 'right',
            render: (s: number | null) => <QualityScore score={s} />,
          },
          { title: t('datasets.updatedAt'), dataIndex: 'updatedAt', render: time },
        ]}
      />
      {creating && <NewDataset onClose={() => setCreating(false)} titles={titles} />}
    </Card>
  );
}

function NewDataset({
  onClose,
  titles,
}: {
  onClose: () => void;
  titles: ReturnType<typeof useResourceTitles>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateDataset();
  // Any of the holder's resources not cancelled or withdrawn; the server checks it is the holder's own.
  const resources = [...titles.values()].filter((r) => r.status !== 'cancelled' && r.status !== 'withdrawn');
  return (
    <FormModal<DatasetInput>
      title={t('datasets.new')}
      onClose={onClose}
      pending={create.isPending}
      onSubmit={(values) =>
        create.mutateAsync({
          slug: values.slug.trim(),
          title: values.title.trim(),
          ...(values.description?.trim() && { description: values.description.trim() }),
          ...(values.resourceId && { resourceId: values.resourceId }),
        })
      }
      onSaved={(created) => {
        const d = created as Dataset;
        void message.success(t('datasets.created', { slug: d.slug }));
        onClose();
        void navigate(datasetPath(d));
      }}
    >
      <Form.Item
        name="slug"
        label={t('datasets.slug')}
        extra={t('datasets.slugHint')}
        rules={[
          { required: true, message: t('datasets.slugRequired') },
          { pattern: /^[a-z0-9][a-z0-9-]{1,62}$/, message: t('datasets.slugPattern') },
        ]}
      >
        <Input data-testid="dataset-slug" placeholder="bus-ridership" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('datasets.title')}
        rules={[{ required: true, min: 2, max: 200, message: t('datasets.titleRequired') }]}
      >
        <Input data-testid="dataset-title" />
      </Form.Item>
      <Form.Item name="description" label={t('datasets.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} data-testid="dataset-description" />
      </Form.Item>
      <Form.Item name="resourceId" label={t('datasets.resource')} extra={t('datasets.resourceHint')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="dataset-resource"
          placeholder={t('datasets.resourceNone')}
          options={resources.map((r) => ({ value: r.id, label: `${r.title} (${r.code})` }))}
        />
      </Form.Item>
    </FormModal>
  );
}
