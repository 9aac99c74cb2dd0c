// The authority's review of catalog registrations (目录登记审核): registrations under review with their kind,
// resource and applicant; reviewing shows the proposed content (a change against what is on record, a cancellation
// with its reason) and approves it into public notice or rejects it with a comment. Past registrations by status.
import { AuditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Segmented,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { showProblem } from '../../components/forms';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import {
  useCatalogRegistrations,
  useInventoryResource,
  useReviewRegistration,
  type CatalogRegistration,
  type RegistrationKind,
  type RegistrationQuery,
  type RegistrationStatus,
} from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { KindTag, REGISTRATION_STATUSES, RegistrationStatusTag, ResourceStatusTag } from './catalog-labels';
import { ContentDiff } from './content-diff';
import { contentOf } from './inventory-detail';

export function RegistrationReview() {
  const { t } = useI18n();
  const [query, setQuery] = useState<RegistrationQuery>({ limit: 20, offset: 0, status: 'under_review' });
  const list = useCatalogRegistrations(query);
  const [reviewing, setReviewing] = useState<CatalogRegistration>();
  const pending = query.status === 'under_review';
  return (
    <Card
      title={t('nav.catalogReview')}
      extra={
        <Space wrap>
          <Segmented<RegistrationStatus>
            value={query.status}
            data-testid="registration-status"
            onChange={(status) => setQuery({ ...query, status, offset: 0 })}
            options={REGISTRATION_STATUSES.map((s) => ({
              value: s,
              label: t(`catalog.regStatus.${s}` as MessageKey),
            }))}
          />
        </Space>
      }
    >
      <Table<CatalogRegistration>
        rowKey="id"
        data-testid="registration-queue"
        loading={list.isFetching}
        dataSource={list.data?.items}
        locale={pending ? { emptyText: t('catalog.reviewQueueEmpty') } : undefined}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          {
            title: t('catalog.number'),
            dataIndex: 'number',
            render: (n: string, g) => <Typography.Link onClick={() => setReviewing(g)}>{n}</Typography.Link>,
          },
          {
            title: t('catalog.kind'),
            dataIndex: 'kind',
            render: (k: RegistrationKind) => <KindTag kind={k} />,
          },
          {
            title: t('catalog.resource'),
            key: 'resource',
            render: (_: unknown, g) => (
              <>
                <Link to={`/catalog/inventory/${g.resource.id}`}>{g.content?.title ?? g.resource.title}</Link>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {g.resource.code}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          { title: t('catalog.applicant'), key: 'applicant', render: (_: unknown, g) => g.applicant.name },
          {
            title: t('catalog.reason'),
            dataIndex: 'reason',
            ellipsis: true,
            render: (r: string | null) => r ?? '—',
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: RegistrationStatus) => <RegistrationStatusTag status={s} />,
          },
          { title: t('catalog.submittedAt'), dataIndex: 'createdAt', render: time },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, g) => (
              <Button
                size="small"
                type={g.status === 'under_review' ? 'primary' : 'default'}
                icon={<AuditOutlined />}
                data-testid={`review-${g.number}`}
                onClick={() => setReviewing(g)}
              >
                {t(g.status === 'under_review' ? 'catalog.review' : 'common.detail')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={reviewing !== undefined}
        size={1000}
        title={reviewing && `${t('catalog.review')} · ${reviewing.number}`}
        onClose={() => setReviewing(undefined)}
        destroyOnHidden
      >
        {reviewing && <ReviewPanel registration={reviewing} onDone={() => setReviewing(undefined)} />}
      </Drawer>
    </Card>
  );
}

/** One registration: who applies for what, the proposed content, and the decision. */
function ReviewPanel({ registration: g, onDone }: { registration: CatalogRegistration; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const review = useReviewRegistration();
  // The resource as on record, to set a change against (the authority reads every holder's inventory).
  const resource = useInventoryResource(g.resource.id);
  const [comment, setComment] = useState('');
  const decide = (decision: 'approve' | 'reject') =>
    review.mutate(
      { id: g.id, body: { decision, ...(comment.trim() && { comment: comment.trim() }) } },
      {
        onSuccess: () => {
          void message.success(t(decision === 'approve' ? 'catalog.approved' : 'catalog.rejected'));
          onDone();
        },
        onError: (e) => showProblem(e, undefined, (x) => void message.error(x)),
      },
    );
  const reviewed = g.review as { decision?: string; comment?: string | null; at?: string } | null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="review-panel">
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={t('catalog.kind')}>
          <KindTag kind={g.kind} />
        </Descriptions.Item>
        <Descriptions.Item label={t('common.status')}>
          <RegistrationStatusTag status={g.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.resource')}>
          {g.resource.title} <Typography.Text type="secondary">{g.resource.code}</Typography.Text>{' '}
          <ResourceStatusTag status={g.resource.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.applicant')}>
          {g.applicant.name}{' '}
          {g.applicant.creditCode && (
            <Typography.Text type="secondary">{g.applicant.creditCode}</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.submittedAt')}>{time(g.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('rights.noticeEndsAt')}>{time(g.noticeEndsAt)}</Descriptions.Item>
        {g.reason && (
          <Descriptions.Item label={t('catalog.reason')} span={2}>
            <span data-testid="registration-reason">{g.reason}</span>
          </Descriptions.Item>
        )}
        {reviewed && (
          <Descriptions.Item label={t('catalog.reviewComment')} span={2}>
            {t(reviewed.decision === 'approve' ? 'catalog.decision.approve' : 'catalog.decision.reject')}
            {reviewed.comment && ` · ${reviewed.comment}`} · {time(reviewed.at)}
          </Descriptions.Item>
        )}
      </Descriptions>
      {g.content && (
        <Card size="small" title={t('catalog.proposed')}>
          {g.kind === 'change' && !resource.data && !resource.error ? (
            <Spin />
          ) : (
            <ContentDiff
              testId="proposed-content"
              proposed={g.content}
              current={g.kind === 'change' && resource.data ? contentOf(resource.data) : undefined}
            />
          )}
        </Card>
      )}
      {g.status === 'under_review' && (
        <Card size="small" title={t('catalog.decision')}>
          <Form layout="vertical">
            <Form.Item label={t('catalog.reviewComment')} extra={t('catalog.commentHint')}>
              <Input.TextArea
                rows={3}
                maxLength={2000}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                data-testid="review-comment"
              />
            </Form.Item>
            <Space>
              <Button
                danger
                disabled={!comment.trim()}
                loading={review.isPending && review.variables?.body.decision === 'reject'}
                data-testid="review-reject"
                onClick={() => decide('reject')}
              >
                {t('catalog.reject')}
              </Button>
              <Button
                type="primary"
                loading={review.isPending && review.variables?.body.decision === 'approve'}
                data-testid="review-approve"
                onClick={() => decide('approve')}
              >
                {t('catalog.approve')}
              </Button>
            </Space>
          </Form>
        </Card>
      )}
    </Space>
  );
}
