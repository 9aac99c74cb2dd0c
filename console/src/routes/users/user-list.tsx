// Users and their roles: list for everyone (scoped), creation, roles and disabling for administrators.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { showProblem } from '../../components/forms';
import { ROLES, RoleTags, StatusBadge, time } from '../../components/labels';
import {
  useCreateUser,
  useOrganizations,
  useSetMembership,
  useUpdateUser,
  useUsers,
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
        pagination={{
          total: list.data?.total,
          pageSize: query.limit,
          current: query.offset / query.limit + 1,
          showTotal: (n) => t('common.total', { n }),
          onChange: (page, size) => setQuery({ ...query, limit: size, offset: (page - 1) * size }),
        }}
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

const roleOptions = (t: (k: MessageKey) => string) =>
  ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }));

function CreateUser({
  open,
  onClose,
  orgs,
}: {
  open: boolean;
  onClose: () => void;
  orgs: { id: string; name: string }[];
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const create = useCreateUser();
  return (
    <Modal
      open={open}
      title={t('user.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          create.mutate(values, {
            onSuccess: () => {
              void message.success(t('common.saved'));
              form.resetFields();
              onClose();
            },
            onError: (e) => showProblem(e, form, (x) => void message.error(x)),
          })
        }
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
        <Form.Item name="orgId" label={t('user.org')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true }]}>
          <Select mode="multiple" options={roleOptions(t)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditRoles({
  user,
  onClose,
  orgs,
}: {
  user: User;
  onClose: () => void;
  orgs: { id: string; name: string }[];
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const setMembership = useSetMembership();
  const first = user.memberships[0];
  return (
    <Modal
      open
      title={`${t('user.setRoles')} · ${user.displayName}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={setMembership.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgId: first?.orgId, roles: first?.roles }}
        onFinish={(values) =>
          setMembership.mutate(
            { userId: user.id, ...values },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                onClose();
              },
              onError: (e) => showProblem(e, form, (x) => void message.error(x)),
            },
          )
        }
      >
        <Form.Item name="orgId" label={t('user.org')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true }]}>
          <Select mode="multiple" options={roleOptions(t)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
