// API keys for machines: created with a subset of your roles, shown once, revocable.
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { FormModal } from '../../components/FormModal';
import { showProblem } from '../../components/forms';
import { RoleTags, time } from '../../components/labels';
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKey } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';

export function ApiKeyList() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={t('nav.apiKeys')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('key.create')}
        </Button>
      }
    >
      <Table<ApiKey>
        rowKey="id"
        loading={keys.isLoading}
        dataSource={keys.data}
        columns={[
          { title: t('key.name'), dataIndex: 'name' },
          { title: t('key.prefix'), dataIndex: 'prefix', render: (p: string) => <code>ltk_{p}_…</code> },
          {
            title: t('key.roles'),
            dataIndex: 'roles',
            render: (r: ApiKey['roles']) => <RoleTags roles={r} />,
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: time },
          {
            title: t('key.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => (v ? time(v) : t('key.never')),
          },
          { title: t('key.expiresAt'), dataIndex: 'expiresAt', render: time },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, k: ApiKey) =>
              k.revokedAt ? (
                <Tag>{t('key.revoked')}</Tag>
              ) : (
                <Popconfirm
                  title={t('key.revokeConfirm')}
                  onConfirm={() =>
                    revoke.mutate(k.id, {
                      onError: (e) => showProblem(e, undefined, (x) => void message.error(x)),
                    })
                  }
                >
                  <Button size="small" danger>
                    {t('key.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating && <CreateKey onClose={() => setCreating(false)} />}
    </Card>
  );
}

function CreateKey({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const create = useCreateApiKey();
  const [secret, setSecret] = useState<string>();
  if (secret) {
    return (
      <Modal
        open
        title={t('key.create')}
        onCancel={onClose}
        onOk={onClose}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon message={t('key.shownOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret }} code data-testid="api-key-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <FormModal
      title={t('key.create')}
      onClose={onClose}
      pending={create.isPending}
      initialValues={{ roles: me?.roles }}
      onSubmit={(values: Parameters<typeof create.mutateAsync>[0]) => create.mutateAsync(values)}
      onSaved={(key) => setSecret((key as { key: string }).key)}
    >
      <Form.Item name="name" label={t('key.name')} rules={[{ required: true, max: 64 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="roles" label={t('key.roles')} rules={[{ required: true }]}>
        <Select
          mode="multiple"
          options={(me?.roles ?? []).map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
        />
      </Form.Item>
      <Form.Item name="expiresInDays" label={t('key.expiresInDays')}>
        <InputNumber min={1} max={3650} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
