// The data inventory (数据资源目录): a holder's resources in every status (the authority sees every holder's), a
// search, and the form for a new resource, which opens on its own page once drafted.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormModal } from '../../components/FormModal';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import {
  useCreateResource,
  useInventory,
  type CatalogResource,
  type DataGrade,
  type InventoryQuery,
  type ResourceStatus,
} from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { GradeTag, RESOURCE_STATUSES, ResourceStatusTag, useCatalogNames } from './catalog-labels';
import { ResourceFields, blankResource, toResourceInput, type ResourceForm } from './resource-form';

export function InventoryList() {
  const { t } = useI18n();
  const names = useCatalogNames();
  const session = useSession();
  const holder = session.can('holder');
  const [query, setQuery] = useState<InventoryQuery>({ limit: 20, offset: 0 });
  const list = useInventory(query);
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={t(holder ? 'catalog.myResources' : 'catalog.inventory')}
      extra={
        holder && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="new-resource"
            onClick={() => setCreating(true)}
          >
            {t('catalog.newResource')}
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('catalog.searchPlaceholder')}
          style={{ width: 320 }}
          data-testid="inventory-q"
          onSearch={(q) => setQuery({ ...query, q: q.trim() || undefined, offset: 0 })}
        />
        <Select<ResourceStatus>
          allowClear
          placeholder={t('common.status')}
          style={{ width: 150 }}
          value={query.status}
          onChange={(status) => setQuery({ ...query, status, offset: 0 })}
          options={RESOURCE_STATUSES.map((s) => ({
            value: s,
            label: t(`catalog.status.${s}` as MessageKey),
          }))}
        />
      </Space>
      <Table<CatalogResource>
        rowKey="id"
        data-testid="inventory"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          {
            title: t('catalog.title'),
            dataIndex: 'title',
            render: (title: string, r) => <Link to={`/catalog/inventory/${r.id}`}>{title}</Link>,
          },
          {
            title: t('catalog.code'),
            dataIndex: 'code',
            render: (c: string) => <code style={{ fontSize: 12 }}>{c}</code>,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: ResourceStatus) => <ResourceStatusTag status={s} />,
          },
          ...(holder
            ? []
            : [
                {
                  title: t('catalog.holder'),
                  key: 'holder',
                  render: (_: unknown, r: CatalogResource) => r.holder.name,
                },
              ]),
          { title: t('catalog.domain'), dataIndex: 'domain', render: names.domain },
          { title: t('catalog.grade'), dataIndex: 'grade', render: (g: DataGrade) => <GradeTag grade={g} /> },
          {
            title: t('catalog.system'),
            key: 'system',
            render: (_: unknown, r) =>
              r.system?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
          },
          { title: t('catalog.updatedAt'), dataIndex: 'updatedAt', render: time },
        ]}
      />
      {creating && <NewResource onClose={() => setCreating(false)} />}
    </Card>
  );
}

function NewResource({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const navigate = useNavigate();
  const create = useCreateResource();
  return (
    <FormModal<ResourceForm>
      title={t('catalog.newResource')}
      width={920}
      onClose={onClose}
      pending={create.isPending}
      initialValues={blankResource(me?.organization.regionCode)}
      onSubmit={(values) => create.mutateAsync(toResourceInput(values))}
      onSaved={(created) => {
        const r = created as CatalogResource;
        void message.success(t('catalog.created', { code: r.code }));
        onClose();
        void navigate(`/catalog/inventory/${r.id}`);
      }}
    >
      <ResourceFields />
    </FormModal>
  );
}
