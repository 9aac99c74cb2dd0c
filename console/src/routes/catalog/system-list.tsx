// Information systems (信息系统目录): the systems a holder's resources come from, put on record, edited and retired
// by the holder; the authority sees every holder's.
import { EditOutlined, PlusOutlined, PoweroffOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Form, Input, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { FormModal } from '../../components/FormModal';
import { RegionPicker } from '../../components/RegionPicker';
import { showProblem } from '../../components/forms';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import {
  useCreateSystem,
  useOrganizations,
  useSystems,
  useUpdateSystem,
  type InfoSystem,
  type SystemInput,
} from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import { RegionName } from './catalog-labels';

export function SystemList() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = useSession();
  const holder = session.can('holder');
  const [query, setQuery] = useState({ limit: 20, offset: 0 });
  const list = useSystems(query);
  // Those who see every holder's systems see whose they are.
  const orgs = useOrganizations({ limit: 200, offset: 0 }, !holder);
  const orgName = (id: string) => orgs.data?.items.find((o) => o.id === id)?.name ?? id.slice(0, 8);
  const update = useUpdateSystem();
  const [editing, setEditing] = useState<InfoSystem | 'new'>();
  return (
    <Card
      title={t('nav.catalogSystems')}
      extra={
        holder && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="new-system"
            onClick={() => setEditing('new')}
          >
            {t('catalog.newSystem')}
          </Button>
        )
      }
    >
      <Table<InfoSystem>
        rowKey="id"
        data-testid="systems"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          { title: t('catalog.systemName'), dataIndex: 'name' },
          ...(holder
            ? []
            : [
                { title: t('catalog.organization'), dataIndex: 'orgId', render: (id: string) => orgName(id) },
              ]),
          { title: t('catalog.department'), dataIndex: 'department', render: (d: string | null) => d ?? '—' },
          {
            title: t('catalog.region'),
            dataIndex: 'regionCode',
            render: (c: string) => <RegionName code={c} />,
          },
          {
            title: t('catalog.systemDescription'),
            dataIndex: 'description',
            ellipsis: true,
            render: (d: string | null) => d ?? '—',
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: InfoSystem['status']) => (
              <Badge
                status={s === 'active' ? 'success' : 'default'}
                text={t(s === 'active' ? 'catalog.systemStatus.active' : 'catalog.systemStatus.retired')}
              />
            ),
          },
          { title: t('catalog.updatedAt'), dataIndex: 'updatedAt', render: time },
          ...(holder
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, s: InfoSystem) => (
                    <Space>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)}>
                        {t('common.edit')}
                      </Button>
                      {s.status === 'active' ? (
                        <Popconfirm
                          title={t('catalog.retireConfirm')}
                          onConfirm={() =>
                            update.mutate(
                              { id: s.id, body: { status: 'retired' } },
                              { onError: (e) => showProblem(e, undefined, (x) => void message.error(x)) },
                            )
                          }
                        >
                          <Button size="small" danger icon={<PoweroffOutlined />}>
                            {t('catalog.retire')}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button
                          size="small"
                          onClick={() =>
                            update.mutate(
                              { id: s.id, body: { status: 'active' } },
                              { onError: (e) => showProblem(e, undefined, (x) => void message.error(x)) },
                            )
                          }
                        >
                          {t('catalog.reactivate')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <SystemModal system={editing} onClose={() => setEditing(undefined)} />}
    </Card>
  );
}

function SystemModal({ system, onClose }: { system: InfoSystem | 'new'; onClose: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const create = useCreateSystem();
  const update = useUpdateSystem();
  const existing = system === 'new' ? undefined : system;
  return (
    <FormModal<SystemInput>
      title={t(existing ? 'catalog.editSystem' : 'catalog.newSystem')}
      onClose={onClose}
      pending={create.isPending || update.isPending}
      initialValues={
        existing
          ? {
              name: existing.name,
              department: existing.department ?? undefined,
              description: existing.description ?? undefined,
              regionCode: existing.regionCode,
            }
          : { regionCode: me?.organization.regionCode }
      }
      onSubmit={(v) => {
        const body = {
          name: v.name.trim(),
          regionCode: v.regionCode,
          department: v.department?.trim() ?? '',
          description: v.description?.trim() ?? '',
        };
        return existing
          ? update.mutateAsync({ id: existing.id, body })
          : create.mutateAsync({
              name: body.name,
              regionCode: body.regionCode,
              ...(body.department && { department: body.department }),
              ...(body.description && { description: body.description }),
            });
      }}
    >
      <Form.Item name="name" label={t('catalog.systemName')} rules={[{ required: true, min: 2, max: 200 }]}>
        <Input data-testid="system-name" />
      </Form.Item>
      <Form.Item name="department" label={t('catalog.department')} rules={[{ max: 100 }]}>
        <Input data-testid="system-department" />
      </Form.Item>
      <Form.Item name="regionCode" label={t('catalog.region')} rules={[{ required: true }]}>
        <RegionPicker />
      </Form.Item>
      <Form.Item name="description" label={t('catalog.systemDescription')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
