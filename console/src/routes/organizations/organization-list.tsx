// Organizations: searchable list, and registration for the authority and administrators.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { RegionPicker } from '../../components/RegionPicker';
import { FormModal } from '../../components/FormModal';
import { offsetPagination } from '../../components/paging';
import { StatusBadge, time } from '../../components/labels';
import { useCreateOrganization, useOrganizations, type Organization } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';

const KINDS = [
  'government_department',
  'public_institution',
  'enterprise',
  'service_provider',
  'individual',
] as const;
type Kind = (typeof KINDS)[number];

export function OrganizationList() {
  const { t } = useI18n();
  const { can } = useSession();
  const [query, setQuery] = useState<{ q?: string; kind?: Kind; limit: number; offset: number }>({
    limit: 20,
    offset: 0,
  });
  const list = useOrganizations(query);
  const [creating, setCreating] = useState(false);

  return (
    <Card
      title={t('nav.organizations')}
      extra={
        can('platform_admin', 'authority') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('org.create')}
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('org.searchPlaceholder')}
          style={{ width: 260 }}
          onSearch={(q) => setQuery({ ...query, q: q || undefined, offset: 0 })}
        />
        <Select<Kind>
          allowClear
          placeholder={t('org.kind')}
          style={{ width: 200 }}
          options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))}
          onChange={(kind) => setQuery({ ...query, kind, offset: 0 })}
        />
      </Space>
      <Table<Organization>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          {
            title: t('org.name'),
            dataIndex: 'name',
            render: (name: string, o) => <Link to={`/organizations/${o.id}`}>{name}</Link>,
          },
          { title: t('org.kind'), dataIndex: 'kind', render: (k: Kind) => t(`kind.${k}` as MessageKey) },
          {
            title: t('org.creditCode'),
            dataIndex: 'creditCode',
            render: (c: string | null) => <code>{c ?? '—'}</code>,
          },
          {
            title: t('org.region'),
            dataIndex: 'regionName',
            render: (n: string | null, o) => n ?? o.regionCode,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: Organization['status']) => <StatusBadge status={s} />,
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: time },
        ]}
      />
      <CreateOrganization open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

function CreateOrganization({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const create = useCreateOrganization();
  return (
    <FormModal
      title={t('org.create')}
      open={open}
      onClose={onClose}
      pending={create.isPending}
      onSubmit={(values: Parameters<typeof create.mutateAsync>[0]) => create.mutateAsync(values)}
    >
      <Form.Item name="name" label={t('org.name')} rules={[{ required: true, min: 2, max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true }]}>
        <Select options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item
        name="creditCode"
        label={t('org.creditCode')}
        rules={[{ pattern: /^[0-9A-HJ-NP-RTUW-Y]{18}$/, message: 'GB 32100' }]}
      >
        <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('org.region')} rules={[{ required: true }]}>
        <RegionPicker />
      </Form.Item>
      <Form.Item name="contactName" label={t('org.contactName')}>
        <Input />
      </Form.Item>
      <Form.Item name="contactPhone" label={t('org.contactPhone')}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
