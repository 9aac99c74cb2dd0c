// The public notice board (公示公告): applications in public notice, open to anyone; objecting needs an account.
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Form, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormModal } from '../../components/FormModal';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import { useFileObjection, useNotices, type RightsNotice } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import { Countdown } from './review-queue';
import { useRightsNames } from './rights-labels';

export function NoticeBoard() {
  const { t } = useI18n();
  const names = useRightsNames();
  const session = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState({ limit: 20, offset: 0 });
  const list = useNotices(query);
  const [objecting, setObjecting] = useState<RightsNotice>();
  return (
    <Card
      title={t('nav.rightsNotices')}
      extra={<Typography.Text type="secondary">{t('rights.noticeSubtitle')}</Typography.Text>}
    >
      <Table<RightsNotice>
        rowKey="id"
        data-testid="notices"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          { title: t('rights.number'), dataIndex: 'number' },
          {
            title: t('rights.kind'),
            key: 'kind',
            render: (_: unknown, n) => `${names.kind(n.kind)} · ${names.rightType(n.rightType)}`,
          },
          {
            title: t('rights.subject'),
            key: 'subject',
            render: (_: unknown, n) => (
              <>
                <Link to={`/rights/subjects/${n.subject.id}`}>{n.subject.title}</Link>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {names.subjectKind(n.subject.kind)} · {names.grade(n.subject.grade)}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          {
            title: t('rights.applicant'),
            key: 'applicant',
            render: (_: unknown, n) => (
              <>
                {n.applicant.name}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.applicant.creditCode}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          {
            title: t('rights.scope'),
            dataIndex: 'scope',
            ellipsis: true,
            render: (s: string | null) => s ?? '—',
          },
          {
            title: t('rights.noticeEndsAt'),
            dataIndex: 'noticeEndsAt',
            render: (end: string | null) => (
              <>
                {time(end)}
                <div>
                  <Countdown end={end} />
                </div>
              </>
            ),
          },
          {
            title: t('rights.openObjections'),
            dataIndex: 'openObjections',
            render: (n: number) => <Badge count={n} showZero color={n ? '#f5222d' : '#d9d9d9'} />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, n) => (
              <Button
                size="small"
                icon={<ExclamationCircleOutlined />}
                data-testid={`object-${n.number}`}
                onClick={() =>
                  session.loggedIn
                    ? setObjecting(n)
                    : void navigate('/login', { state: { from: '/rights/notices' } })
                }
              >
                {t('rights.object')}
              </Button>
            ),
          },
        ]}
      />
      {objecting && <ObjectionModal notice={objecting} onClose={() => setObjecting(undefined)} />}
    </Card>
  );
}

function ObjectionModal({ notice, onClose }: { notice: RightsNotice; onClose: () => void }) {
  const { t } = useI18n();
  const file = useFileObjection();
  return (
    <FormModal<{ reason: string }>
      title={`${t('rights.object')} · ${notice.number}`}
      onClose={onClose}
      pending={file.isPending}
      onSubmit={(v) => file.mutateAsync({ applicationId: notice.id, reason: v.reason })}
    >
      <Typography.Paragraph type="secondary">
        {notice.subject.title} · {notice.applicant.name}
      </Typography.Paragraph>
      <Form.Item
        name="reason"
        label={t('rights.objection.reason')}
        extra={t('rights.objection.reasonHint')}
        rules={[{ required: true, min: 10, max: 2000 }]}
      >
        <Input.TextArea rows={4} data-testid="objection-reason" />
      </Form.Item>
    </FormModal>
  );
}
