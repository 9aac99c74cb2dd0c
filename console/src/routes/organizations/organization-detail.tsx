// One organization: its particulars, its members, and suspension for those who govern it.
import { App, Button, Card, Descriptions, Popconfirm, Space, Table } from 'antd';
import { useParams } from 'react-router';
import { showProblem } from '../../components/forms';
import { RoleTags, StatusBadge, time } from '../../components/labels';
import {
  useMembers,
  useOrganization,
  useRemoveMembership,
  useUpdateOrganization,
  useUsers,
  type Role,
} from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';

export function OrganizationDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const org = useOrganization(id);
  const members = useMembers(id);
  const users = useUsers({ orgId: id, limit: 200, offset: 0 });
  const update = useUpdateOrganization();
  const remove = useRemoveMembership();
  const o = org.data;
  const nameOf = (userId: string) => users.data?.items.find((u) => u.id === userId)?.displayName ?? userId;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        loading={org.isLoading}
        title={o?.name}
        extra={
          o &&
          can('platform_admin', 'authority') && (
            <Popconfirm
              title={o.status === 'active' ? t('org.suspend') : t('org.activate')}
              onConfirm={() =>
                update.mutate(
                  { id, body: { status: o.status === 'active' ? 'suspended' : 'active' } },
                  { onError: (e) => showProblem(e, undefined, (text) => void message.error(text)) },
                )
              }
            >
              <Button danger={o.status === 'active'}>
                {o.status === 'active' ? t('org.suspend') : t('org.activate')}
              </Button>
            </Popconfirm>
          )
        }
      >
        {o && (
          <Descriptions bordered column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('org.kind')}>{t(`kind.${o.kind}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('org.creditCode')}>
              <code>{o.creditCode ?? '—'}</code>
            </Descriptions.Item>
            <Descriptions.Item label={t('org.region')}>
              {o.regionName} ({o.regionCode})
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <StatusBadge status={o.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('org.contactName')}>{o.contactName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('org.contactPhone')}>{o.contactPhone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('common.createdAt')}>{time(o.createdAt)}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={t('org.members')}>
        <Table
          rowKey="id"
          loading={members.isLoading}
          dataSource={members.data}
          pagination={false}
          columns={[
            { title: t('user.displayName'), dataIndex: 'userId', render: nameOf },
            {
              title: t('user.roles'),
              dataIndex: 'roles',
              render: (roles: Role[]) => <RoleTags roles={roles} />,
            },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: time },
            ...(can('platform_admin')
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, m: { id: string }) => (
                      <Popconfirm
                        title={t('org.removeMemberConfirm')}
                        onConfirm={() =>
                          remove.mutate(m.id, {
                            onError: (e) => showProblem(e, undefined, (x) => void message.error(x)),
                          })
                        }
                      >
                        <Button size="small" danger>
                          {t('org.removeMember')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </Space>
  );
}
