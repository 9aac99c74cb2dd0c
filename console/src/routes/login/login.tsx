// The login page.
import { BlockOutlined, DatabaseOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (session.loggedIn && session.me)
    return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await session.login(values.username, values.password);
      void navigate((location.state as { from?: string } | null)?.from ?? '/', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.problem.detail : t('error.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #0b2a7a 0%, #1f4fd1 55%, #4f8cff 100%)',
      }}
    >
      <div style={{ width: 420 }}>
        <div style={{ textAlign: 'center', color: '#fff', marginBottom: 24 }}>
          <img src="/favicon.svg" width={56} height={56} alt="" />
          <Typography.Title level={2} style={{ color: '#fff', margin: '8px 0 4px' }}>
            {t('app.name')} · {t('app.tagline')}
          </Typography.Title>
          <div style={{ opacity: 0.85, fontSize: 13 }}>{t('app.subtitle')}</div>
        </div>
        <Card
          title={t('login.title')}
          extra={
            <Button
              type="link"
              data-testid="lang-switch"
              onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
            >
              {t('lang.switch')}
            </Button>
          }
        >
          {error && (
            <Alert
              type="error"
              showIcon
              message={error}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, message: t('error.required') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" data-testid="username" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('error.required') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                data-testid="password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('login.demoHint')}
          </Typography.Paragraph>
          <Link to="/ledger" data-testid="ledger-link" style={{ display: 'inline-block', marginTop: 8 }}>
            <BlockOutlined /> {t('login.ledgerLink')}
          </Link>
          <br />
          <Link to="/catalog" data-testid="catalog-link" style={{ display: 'inline-block', marginTop: 4 }}>
            <DatabaseOutlined /> {t('login.catalogLink')}
          </Link>
        </Card>
      </div>
    </div>
  );
}
