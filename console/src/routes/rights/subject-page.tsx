// A subject's public page (登记对象): what it is, the certificates on it, and the history of its rights.
import { Alert, Card, Descriptions, Space, Spin, Table, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { time } from '../../components/labels';
import { useSubject, type RightsSubject } from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { CertificateStatusTag, useRightsNames } from './rights-labels';

type HistoryItem = RightsSubject['history'][number];
const COLOR: Record<HistoryItem['type'], string> = {
  application: 'blue',
  certificate: 'green',
  objection: 'red',
};

const statusKey = (h: HistoryItem) =>
  (h.type === 'application'
    ? `rights.status.${h.status}`
    : h.type === 'certificate'
      ? `cert.status.${h.status}`
      : `rights.objection.status.${h.status}`) as MessageKey;

export function SubjectPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const names = useRightsNames();
  const subject = useSubject(id!);
  if (!subject.data) {
    if (subject.error) return <Alert type="error" showIcon title={subject.error.message} />;
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  }
  const { subject: s, certificates, history } = subject.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="subject-page">
      <Card title={`${t('rights.subjectPage')} · ${s.title}`}>
        <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }}>
          <Descriptions.Item label={t('rights.subjectKind')}>{names.subjectKind(s.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('rights.grade')}>{names.grade(s.grade)}</Descriptions.Item>
          <Descriptions.Item label={t('rights.contentHash')} span={2}>
            <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
              {s.contentHash}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('rights.description')} span={2}>
            {s.description ?? '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('nav.rightsCertificates')}>
        <Table
          rowKey="number"
          size="small"
          pagination={false}
          data-testid="subject-certificates"
          dataSource={certificates}
          columns={[
            {
              title: t('cert.number'),
              dataIndex: 'number',
              render: (n: string) => <Link to={`/certificates/${n}`}>{n}</Link>,
            },
            { title: t('rights.rightType'), dataIndex: 'rightType', render: names.rightType },
            { title: t('cert.holder'), key: 'holder', render: (_: unknown, c) => c.holder.name },
            {
              title: t('rights.validity'),
              key: 'validity',
              render: (_: unknown, c) => `${c.validFrom} ~ ${c.validUntil ?? t('rights.indefinite')}`,
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (st: RightsSubject['certificates'][number]['status']) => (
                <CertificateStatusTag status={st} />
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('rights.history')}>
        <Timeline
          data-testid="subject-history"
          items={history.map((h) => ({
            color: COLOR[h.type],
            content: (
              <>
                <Typography.Text strong>
                  {t(`rights.history.${h.type}` as MessageKey)} {h.number}
                </Typography.Text>{' '}
                {h.type !== 'objection' && ` · ${names.kind(h.kind)}`}
                {h.rightType && ` · ${names.rightType(h.rightType)}`} · {h.org} ·{' '}
                <Typography.Text type="secondary">{t(statusKey(h))}</Typography.Text>
                <div style={{ fontSize: 12, color: '#888' }}>{time(h.at)}</div>
              </>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
