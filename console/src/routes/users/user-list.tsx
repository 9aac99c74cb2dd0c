// Users and their roles: list for everyone (scoped), creation, roles and disabling for administrators.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { FormModal } from '../../components/FormModal';
import { offsetPagination } from '../../components/paging';
import { showProblem } from '../../components/forms';
import { ROLES, RoleTags, StatusBadge, time } from '../../components/labels';
import {
  useCreateUser,
  useOrganizations,
  useSetMembership,
  useUpdateUser,
  useUsers,
  type Role,
  type User,
} from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';

export function UserList() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const admin = can('platform_admin');
  const [query, setQuery] = useState<{ q?: string; limit: number; offset: number }>({ limit: 20, offset: 0 });
  const list = useUsers(query);
  const orgs = useOrganizations({ limit: 200, offset: 0 });
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const orgName = (id: string) => orgs.data?.items.find((o) => o.id === id)?.name ?? id.slice(0, 8);

  return (
    <Card
      title={t('nav.users')}
      extra={
        admin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('user.create')}
          </Button>
        )
      }
    >
      <Input.Search
        allowClear
        style={{ width: 260, marginBottom: 16 }}
        onSearch={(q) => setQuery({ ...query, q: q || undefined, offset: 0 })}
      />
      <Table<User>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          { title: t('user.username'), dataIndex: 'username', render: (u: string) => <code>{u}</code> },
          { title: t('user.displayName'), dataIndex: 'displayName' },
          {
            title: `${t('user.org')} / ${t('user.roles')}`,
            dataIndex: 'memberships',
            render: (ms: User['memberships']) =>
              ms.map((m) => (
                <div key={m.id}>
                  {orgName(m.orgId)} <RoleTags roles={m.roles} />
                </div>
              )),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: User['status'], u) => (
              <Space>
                <StatusBadge status={s} />
                {u.locked && <Tag color="orange">{t('user.locked')}</Tag>}
              </Space>
            ),
          },
          { title: t('user.lastLogin'), dataIndex: 'lastLoginAt', render: time },
          ...(admin
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, u: User) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(u)}>
                        {t('user.setRoles')}
                      </Button>
                      <Button
                        size="small"
                        danger={u.status === 'active'}
                        onClick={() =>
                          update.mutate(
                            { id: u.id, body: { status: u.status === 'active' ? 'disabled' : 'active' } },
                            { onError: (e) => showProblem(e, undefined, (x) => void message.error(x)) },
                          )
                        }
                      >
                        {u.status === 'active' ? t('user.disable') : t('user.enable')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CreateUser open={creating} onClose={() => setCreating(false)} orgs={orgs.data?.items ?? []} />
      {editing && <EditRoles user={editing} onClose={() => setEditing(null)} orgs={orgs.data?.items ?? []} />}
    </Card>
  );
}

type Orgs = { id: string; name: string }[];

/** The organization and the roles held there: the part of a membership a form edits. */
function MembershipFields({ orgs }: { orgs: Orgs }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="orgId" label={t('user.org')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
        />
      </Form.Item>
      <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true }]}>
        <Select
          mode="multiple"
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
        />
      </Form.Item>
    </>
  );
}

function CreateUser({ open, onClose, orgs }: { open: boolean; onClose: () => void; orgs: Orgs }) {
  const { t } = useI18n();
  const create = useCreateUser();
  return (
    <FormModal
      title={t('user.create')}
      open={open}
      onClose={onClose}
      pending={create.isPending}
      onSubmit={(values: Parameters<typeof create.mutateAsync>[0]) => create.mutateAsync(values)}
    >
      <Form.Item
        name="username"
        label={t('user.username')}
        rules={[{ required: true, pattern: /^[a-z][a-z0-9_.-]{2,63}$/ }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="email" label={t('user.email')} rules={[{ type: 'email' }]}>
        <Input />
      </Form.Item>
      <Form.Item name="password" label={t('user.password')} rules={[{ required: true, min: 8 }]}>
        <Input.Password />
      </Form.Item>
      <MembershipFields orgs={orgs} />
    </FormModal>
  );
}

function EditRoles({ user, onClose, orgs }: { user: User; onClose: () => void; orgs: Orgs }) {
  const { t } = useI18n();
  const setMembership = useSetMembership();
  const first = user.memberships[0];
  return (
    <FormModal
      title={`${t('user.setRoles')} · ${user.displayName}`}
      onClose={onClose}
      pending={setMembership.isPending}
      initialValues={{ orgId: first?.orgId, roles: first?.roles }}
      onSubmit={(values: { orgId: string; roles: Role[] }) =>
        setMembership.mutateAsync({ userId: user.id, ...values })
      }
    >
      <MembershipFields orgs={orgs} />
    </FormModal>
  );
}
