// The signed-in user's own account: particulars and password change.
import { App, Card, Descriptions, Form, Input, Button, Space } from 'antd';
import { showProblem } from '../../components/forms';
import { RoleTags, time } from '../../components/labels';
import { useChangePassword } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';

export function Profile() {
  const { t } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const change = useChangePassword();
  if (!me) return null;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('nav.profile')}>
        <Descriptions bordered column={1}>
          <Descriptions.Item label={t('user.username')}>{me.user.username}</Descriptions.Item>
          <Descriptions.Item label={t('user.displayName')}>{me.user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('user.email')}>{me.user.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('user.org')}>{me.organization.name}</Descriptions.Item>
          <Descriptions.Item label={t('user.roles')}>
            <RoleTags roles={me.roles} />
          </Descriptions.Item>
          <Descriptions.Item label={t('user.lastLogin')}>{time(me.user.lastLoginAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('profile.changePassword')}>
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 400 }}
          onFinish={(values) =>
            change.mutate(values, {
              onSuccess: () => {
                void message.success(t('profile.changed'));
                form.resetFields();
              },
              onError: (e) => showProblem(e, form, (x) => void message.error(x)),
            })
          }
        >
          <Form.Item name="currentPassword" label={t('profile.current')} rules={[{ required: true }]}>
            <Input.Password />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('profile.new')}
            rules={[{ required: true, min: 8, max: 128 }]}
          >
            <Input.Password />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
