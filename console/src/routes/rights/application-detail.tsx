// One application (申请详情): where it stands in the procedure, its materials, the holder's consent, the review
// record and decision, and the certificate it led to. The page for applicants; the review queue shows it in a drawer.
import {
  CheckCircleFilled,
  CloseCircleFilled,
  DownloadOutlined,
  SafetyCertificateOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Space,
  Spin,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { FormModal } from '../../components/FormModal';
import { showProblem } from '../../components/forms';
import { time } from '../../components/labels';
import {
  useAddAttachment,
  useApplication,
  useConsent,
  useWithdraw,
  type RightsApplication,
} from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import { ApplicationStatusTag, CHECKLIST, fileToBase64, useRightsNames } from './rights-labels';

export function ApplicationDetailPage() {
  const { id } = useParams();
  return <ApplicationDetail id={id!} />;
}

type StepKey = 'apply' | 'consent' | 'review' | 'notice' | 'issue';

/** The step the procedure reached, and whether it stopped there. */
function progress(a: RightsApplication): { at: StepKey; stopped: boolean } {
  switch (a.status) {
    case 'awaiting_consent':
      return { at: 'consent', stopped: false };
    case 'under_review':
      return { at: 'review', stopped: false };
    case 'in_notice':
      return { at: 'notice', stopped: false };
    case 'issued':
    case 'completed':
      return { at: 'issue', stopped: false };
    case 'refused':
      return {
        at:
          a.decision?.code === 'RIGHTS_CONSENT_REFUSED'
            ? 'consent'
            : a.decision?.code === 'RIGHTS_REVIEW_REJECTED'
              ? 'review'
              : 'issue',
        stopped: true,
      };
    case 'withdrawn':
      return { at: a.review ? 'notice' : a.consentOrg && !a.consent ? 'consent' : 'review', stopped: true };
  }
}

export function ApplicationDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const names = useRightsNames();
  const { message } = App.useApp();
  const { me } = useSession();
  const app = useApplication(id);
  const withdraw = useWithdraw();
  const [consenting, setConsenting] = useState<'grant' | 'refuse'>();
  if (!app.data) {
    if (app.error) return <Alert type="error" showIcon title={app.error.message} />;
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  }
  const a = app.data;
  const org = me?.organization.id;
  const steps: StepKey[] = [
    'apply',
    ...(a.consentOrg ? (['consent'] as const) : []),
    'review',
    'notice',
    'issue',
  ];
  const { at, stopped } = progress(a);
  const current = steps.indexOf(at);
  const done = a.status === 'issued' || a.status === 'completed';
  const open = ['awaiting_consent', 'under_review', 'in_notice'].includes(a.status);
  const review = a.review as {
    decision?: string;
    checklist?: Record<string, boolean>;
    comment?: string | null;
    at?: string;
  } | null;
  const consent = a.consent as {
    decision?: string;
    statement?: string;
    at?: string;
    statementHash?: string;
  } | null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="application-detail">
      <Card
        title={
          <Space>
            {t('rights.application')} {a.number}
            <ApplicationStatusTag status={a.status} />
          </Space>
        }
        extra={
          <Space>
            {a.issuedCertificateNumber && (
              <Link to={`/certificates/${a.issuedCertificateNumber}`} data-testid="issued-certificate">
                <Button type="primary" icon={<SafetyCertificateOutlined />}>
                  {t('rights.viewCertificate', { number: a.issuedCertificateNumber })}
                </Button>
              </Link>
            )}
            {a.consentOrg?.id === org && a.status === 'awaiting_consent' && (
              <>
                <Button type="primary" data-testid="consent-grant" onClick={() => setConsenting('grant')}>
                  {t('rights.consent.grant')}
                </Button>
                <Button danger data-testid="consent-refuse" onClick={() => setConsenting('refuse')}>
                  {t('rights.consent.refuse')}
                </Button>
              </>
            )}
            {a.applicant.id === org && open && (
              <Popconfirm
                title={t('rights.withdrawConfirm')}
                onConfirm={() =>
                  withdraw.mutate(a.id, {
                    onError: (e) => showProblem(e, undefined, (x) => void message.error(x)),
                  })
                }
              >
                <Button danger data-testid="withdraw">
                  {t('rights.withdraw')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Steps
          data-testid="application-steps"
          current={done ? steps.length : current}
          status={stopped ? 'error' : done ? 'finish' : 'process'}
          items={steps.map((s) => ({ title: t(`rights.step.${s}`) }))}
          style={{ marginBottom: 24 }}
        />
        {a.decision && (
          <Alert
            type={a.status === 'refused' ? 'error' : 'info'}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="decision"
            title={t('rights.decision', { code: a.decision.code })}
            description={a.decision.reason}
          />
        )}
        <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }}>
          <Descriptions.Item label={t('rights.kind')}>{names.kind(a.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('rights.rightType')}>{names.rightType(a.rightType)}</Descriptions.Item>
          <Descriptions.Item label={t('rights.subject')}>
            <Link to={`/rights/subjects/${a.subject.id}`}>{a.subject.title}</Link> ·{' '}
            {names.subjectKind(a.subject.kind)} · {names.grade(a.subject.grade)}
          </Descriptions.Item>
          <Descriptions.Item label={t('rights.contentHash')}>
            <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
              {a.subject.contentHash}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('rights.applicant')}>
            {a.applicant.name}{' '}
            {a.applicant.creditCode && (
              <Typography.Text type="secondary">{a.applicant.creditCode}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('rights.consentOrg')}>{a.consentOrg?.name ?? '—'}</Descriptions.Item>
          {a.certificateNumber && (
            <Descriptions.Item label={t('rights.actsOn')}>
              <Link to={`/certificates/${a.certificateNumber}`}>{a.certificateNumber}</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('rights.scope')}>{a.scope ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rights.validity')}>
            {a.validFrom ?? '—'} ~ {a.validUntil ?? t('rights.indefinite')}
          </Descriptions.Item>
          <Descriptions.Item label={t('rights.noticeEndsAt')}>{time(a.noticeEndsAt)}</Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{time(a.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('rights.updatedAt')}>{time(a.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('rights.statement')} span={2}>
            {a.statement ?? '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {consent && (
        <Card title={t('rights.step.consent')} size="small" data-testid="consent-record">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('rights.consent.decision')}>
              {t(consent.decision === 'grant' ? 'rights.consent.granted' : 'rights.consent.refused')}
            </Descriptions.Item>
            <Descriptions.Item label={t('rights.statement')}>{consent.statement}</Descriptions.Item>
            <Descriptions.Item label={t('rights.statementHash')}>
              <code style={{ fontSize: 11 }}>{consent.statementHash}</code>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.at')}>{time(consent.at)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {review && (
        <Card title={t('rights.reviewRecord')} size="small" data-testid="review-record">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('rights.review.decision')}>
              {t(review.decision === 'approve' ? 'rights.review.approved' : 'rights.review.rejected')}
            </Descriptions.Item>
            <Descriptions.Item label={t('rights.checklist')}>
              <Space orientation="vertical" size={2}>
                {CHECKLIST.map((item) => (
                  <span key={item}>
                    {review.checklist?.[item] ? (
                      <CheckCircleFilled style={{ color: '#52c41a' }} />
                    ) : (
                      <CloseCircleFilled style={{ color: '#f5222d' }} />
                    )}{' '}
                    {t(`rights.checklist.${item}`)}
                  </span>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('rights.comment')}>{review.comment ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('audit.at')}>{time(review.at)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Attachments application={a} canUpload={a.applicant.id === org && open} />
      {consenting && (
        <ConsentModal id={a.id} decision={consenting} onClose={() => setConsenting(undefined)} />
      )}
    </Space>
  );
}

function Attachments({ application: a, canUpload }: { application: RightsApplication; canUpload: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const add = useAddAttachment();
  async function download(attachmentId: string, name: string) {
    const { data, response } = await api.GET('/api/v1/rights/applications/{id}/attachments/{attachmentId}', {
      params: { path: { id: a.id, attachmentId } },
      parseAs: 'blob',
    });
    if (!response.ok || !data) {
      void message.error(response.statusText);
      return;
    }
    const url = URL.createObjectURL(data);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Card
      title={t('rights.attachments')}
      size="small"
      extra={
        canUpload && (
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void fileToBase64(file)
                .then((contentBase64) =>
                  add.mutateAsync({
                    id: a.id,
                    body: {
                      name: file.name,
                      mediaType: file.type || 'application/octet-stream',
                      contentBase64,
                    },
                  }),
                )
                .then(
                  () => void message.success(t('rights.attached', { name: file.name })),
                  (e: unknown) => showProblem(e, undefined, (x) => void message.error(x)),
                );
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={add.isPending} data-testid="attach">
              {t('rights.attach')}
            </Button>
          </Upload>
        )
      }
    >
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        data-testid="attachments"
        dataSource={a.attachments}
        columns={[
          { title: t('rights.attachmentName'), dataIndex: 'name' },
          { title: t('rights.mediaType'), dataIndex: 'mediaType' },
          {
            title: t('rights.size'),
            dataIndex: 'size',
            render: (n: number) => `${(n / 1024).toFixed(1)} KB`,
          },
          {
            title: 'SHA-256',
            dataIndex: 'sha256',
            render: (h: string) => <code style={{ fontSize: 11 }}>{h.slice(0, 16)}…</code>,
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: time },
          {
            title: t('common.actions'),
            key: 'download',
            render: (_: unknown, f) => (
              <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(f.id, f.name)}>
                {t('rights.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

function ConsentModal({
  id,
  decision,
  onClose,
}: {
  id: string;
  decision: 'grant' | 'refuse';
  onClose: () => void;
}) {
  const { t } = useI18n();
  const consent = useConsent();
  return (
    <FormModal<{ statement: string }>
      title={t(decision === 'grant' ? 'rights.consent.grant' : 'rights.consent.refuse')}
      onClose={onClose}
      pending={consent.isPending}
      onSubmit={(v) => consent.mutateAsync({ id, body: { decision, statement: v.statement } })}
    >
      <Form.Item
        name="statement"
        label={t('rights.consent.statement')}
        rules={[{ required: true, min: 2, max: 2000 }]}
      >
        <Input.TextArea rows={4} data-testid="consent-statement" />
      </Form.Item>
    </FormModal>
  );
}
