// Following a registration by its query code (查询码), without an account: where it stands in the procedure
// (submitted, review, notice, done), its kind, resource and applicant, and the review's decision.
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Spin, Steps, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { time } from '../../components/labels';
import { useRegistrationLookup, type CatalogRegistration } from '../../hooks/api';
import { useI18n } from '../../i18n';
import { KindTag, RegistrationStatusTag, ResourceStatusTag } from './catalog-labels';

const CODE = /^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/;

/** The step reached, and whether the procedure stopped there. */
function progress(g: CatalogRegistration): { current: number; status: 'process' | 'finish' | 'error' } {
  switch (g.status) {
    case 'under_review':
      return { current: 1, status: 'process' };
    case 'in_notice':
      return { current: 2, status: 'process' };
    case 'completed':
      return { current: 3, status: 'finish' };
    case 'refused':
      return { current: 1, status: 'error' };
    case 'withdrawn':
      return { current: g.review ? 2 : 1, status: 'error' };
  }
}

export function QueryLookup() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const code = params.get('code')?.toUpperCase();
  const valid = !!code && CODE.test(code);
  const found = useRegistrationLookup(valid ? code : undefined);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('catalog.lookupTitle')}>
        <Typography.Paragraph type="secondary">{t('catalog.lookupHint')}</Typography.Paragraph>
        <Form
          layout="inline"
          key={code ?? ''}
          initialValues={{ code }}
          onFinish={(v: { code: string }) => setParams({ code: v.code.trim().toUpperCase() })}
        >
          <Form.Item
            name="code"
            normalize={(v: string) => v.toUpperCase()}
            rules={[{ required: true, pattern: CODE, message: t('catalog.queryCodeInvalid') }]}
          >
            <Input
              placeholder="XXXX-XXXX-XXXX"
              maxLength={14}
              size="large"
              style={{ width: 260, fontFamily: 'monospace', letterSpacing: 1 }}
              data-testid="lookup-code"
            />
          </Form.Item>
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid="lookup-submit"
          >
            {t('catalog.lookup')}
          </Button>
        </Form>
      </Card>
      {valid && found.isLoading && <Spin />}
      {found.error && (
        <Alert type="warning" showIcon title={found.error.message} data-testid="lookup-error" />
      )}
      {found.data && <LookupResult registration={found.data} />}
    </Space>
  );
}

function LookupResult({ registration: g }: { registration: CatalogRegistration }) {
  const { t } = useI18n();
  const { current, status } = progress(g);
  const review = g.review as { decision?: string; at?: string } | null;
  return (
    <Card
      data-testid="lookup-result"
      title={
        <Space>
          {g.number}
          <KindTag kind={g.kind} />
          <RegistrationStatusTag status={g.status} />
        </Space>
      }
    >
      <Steps
        current={current}
        status={status}
        style={{ marginBottom: 24 }}
        items={(['submit', 'review', 'notice', 'done'] as const).map((s) => ({
          title: t(`catalog.step.${s}`),
        }))}
      />
      <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }}>
        <Descriptions.Item label={t('catalog.resource')}>
          {g.resource.status === 'registered' ? (
            <Link to={`/catalog/${g.resource.code}`}>{g.resource.title}</Link>
          ) : (
            g.resource.title
          )}{' '}
          <ResourceStatusTag status={g.resource.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.code')}>
          <code>{g.resource.code}</code>
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.applicant')}>{g.applicant.name}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.submittedAt')}>{time(g.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.decision')}>
          {review?.decision
            ? t(review.decision === 'approve' ? 'catalog.decision.approve' : 'catalog.decision.reject')
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.reviewedAt')}>{time(review?.at)}</Descriptions.Item>
        <Descriptions.Item label={t('rights.noticeEndsAt')}>{time(g.noticeEndsAt)}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.updatedAt')}>{time(g.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
