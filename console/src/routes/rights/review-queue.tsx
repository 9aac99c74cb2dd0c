// The authority's review queue (审查队列): applications under compliance review, those in public notice with the
// time left, and open objections; a chart of how many applications stand at each status.
import { AuditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Chart } from '../../components/Chart';
import { FormModal } from '../../components/FormModal';
import { showProblem } from '../../components/forms';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import {
  keys,
  useApplications,
  useIssue,
  useObjections,
  useResolveObjection,
  useReview,
  type ApplicationStatus,
  type RightsApplication,
  type RightsObjection,
} from '../../hooks/api';
import { useI18n } from '../../i18n';
import { ApplicationDetail } from './application-detail';
import { APPLICATION_STATUSES, CHECKLIST, useRightsNames, type ChecklistItem } from './rights-labels';

export function ReviewQueue() {
  const { t } = useI18n();
  const [tab, setTab] = useState('review');
  const [viewing, setViewing] = useState<string>();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card title={t('rights.byStatus')}>
            <StatusChart />
          </Card>
        </Col>
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'review',
              label: t('rights.tab.review'),
              children: <UnderReview onView={setViewing} />,
            },
            { key: 'notice', label: t('rights.tab.notice'), children: <InNotice onView={setViewing} /> },
            { key: 'objections', label: t('rights.tab.objections'), children: <OpenObjections /> },
          ]}
        />
      </Card>
      <Drawer
        open={viewing !== undefined}
        size="large"
        width={960}
        title={t('rights.application')}
        onClose={() => setViewing(undefined)}
        destroyOnHidden
      >
        {viewing && <ApplicationDetail id={viewing} />}
      </Drawer>
    </Space>
  );
}

/** One count query per status (limit 1: only the total is read). */
function StatusChart() {
  const { t } = useI18n();
  const counts = useQueries({
    queries: APPLICATION_STATUSES.map((status) => {
      const query = { limit: 1, offset: 0, status };
      return {
        queryKey: keys.applications(query),
        queryFn: () => unwrap(api.GET('/api/v1/rights/applications', { params: { query } })),
      };
    }),
  });
  const totals = counts.map((c) => c.data?.total ?? 0);
  const key = totals.join(',');
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: APPLICATION_STATUSES.map((s) => t(`rights.status.${s}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: key.split(',').map(Number),
          itemStyle: { color: '#1f4fd1' },
          label: { show: true, position: 'top' },
        },
      ],
    }),
    [key, t],
  );
  return <Chart option={option} height={220} testId="rights-status-chart" />;
}

function UnderReview({ onView }: { onView: (id: string) => void }) {
  const { t } = useI18n();
  const names = useRightsNames();
  const [query, setQuery] = useState({ limit: 20, offset: 0, status: 'under_review' as ApplicationStatus });
  const list = useApplications(query);
  const [reviewing, setReviewing] = useState<RightsApplication>();
  return (
    <>
      <Table<RightsApplication>
        rowKey="id"
        data-testid="review-list"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          {
            title: t('rights.number'),
            dataIndex: 'number',
            render: (n: string, a) => <Typography.Link onClick={() => onView(a.id)}>{n}</Typography.Link>,
          },
          { title: t('rights.kind'), dataIndex: 'kind', render: names.kind },
          { title: t('rights.rightType'), dataIndex: 'rightType', render: names.rightType },
          {
            title: t('rights.subject'),
            key: 'subject',
            render: (_: unknown, a) => (
              <>
                {a.subject.title} · {names.grade(a.subject.grade)}
              </>
            ),
          },
          { title: t('rights.applicant'), key: 'applicant', render: (_: unknown, a) => a.applicant.name },
          { title: t('rights.attachments'), key: 'files', render: (_: unknown, a) => a.attachments.length },
          { title: t('rights.updatedAt'), dataIndex: 'updatedAt', render: time },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, a) => (
              <Button
                size="small"
                type="primary"
                icon={<AuditOutlined />}
                data-testid={`review-${a.number}`}
                onClick={() => setReviewing(a)}
              >
                {t('rights.review')}
              </Button>
            ),
          },
        ]}
      />
      {reviewing && <ReviewModal application={reviewing} onClose={() => setReviewing(undefined)} />}
    </>
  );
}

/** Approval needs every checklist item ticked; a rejection needs its reason. */
function ReviewModal({ application: a, onClose }: { application: RightsApplication; onClose: () => void }) {
  const { t } = useI18n();
  const names = useRightsNames();
  const { message } = App.useApp();
  const review = useReview();
  const [checked, setChecked] = useState<ChecklistItem[]>([]);
  const [comment, setComment] = useState('');
  const complete = CHECKLIST.every((i) => checked.includes(i));
  const submit = (decision: 'approve' | 'reject') =>
    review.mutate(
      {
        id: a.id,
        body: {
          decision,
          checklist: Object.fromEntries(CHECKLIST.map((i) => [i, checked.includes(i)])),
          ...(comment.trim() && { comment: comment.trim() }),
        },
      },
      {
        onSuccess: () => {
          void message.success(
            t(decision === 'approve' ? 'rights.review.approved' : 'rights.review.rejected'),
          );
          onClose();
        },
        onError: (e) => showProblem(e, undefined, (x) => void message.error(x)),
      },
    );
  return (
    <Modal
      open
      title={`${t('rights.review')} · ${a.number}`}
      onCancel={onClose}
      data-testid="review-modal"
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="reject"
          danger
          disabled={!comment.trim()}
          loading={review.isPending}
          data-testid="review-reject"
          onClick={() => submit('reject')}
        >
          {t('rights.reject')}
        </Button>,
        <Button
          key="approve"
          type="primary"
          disabled={!complete}
          loading={review.isPending}
          data-testid="review-approve"
          onClick={() => submit('approve')}
        >
          {t('rights.approve')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>
        {names.kind(a.kind)} · {names.rightType(a.rightType)} · {a.subject.title} (
        {names.grade(a.subject.grade)}) · {a.applicant.name}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('rights.checklist')} extra={t('rights.checklistHint')}>
          <Checkbox.Group<ChecklistItem>
            value={checked}
            onChange={setChecked}
            data-testid="review-checklist"
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={CHECKLIST.map((i) => ({ value: i, label: t(`rights.checklist.${i}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('rights.comment')} extra={t('rights.commentHint')}>
          <Input.TextArea
            rows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="review-comment"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Time left until `end`, ticking each second; "ended" once past. */
export function Countdown({ end }: { end: string | null }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!end) return <>—</>;
  const left = dayjs(end).valueOf() - now;
  if (left <= 0) return <Typography.Text type="success">{t('rights.noticeEnded')}</Typography.Text>;
  const s = Math.floor(left / 1000);
  const d = Math.floor(s / 86_400);
  const hms = [Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return <Typography.Text type="warning">{d > 0 ? t('rights.daysLeft', { d, hms }) : hms}</Typography.Text>;
}

function InNotice({ onView }: { onView: (id: string) => void }) {
  const { t } = useI18n();
  const names = useRightsNames();
  const { message } = App.useApp();
  const [query, setQuery] = useState({ limit: 20, offset: 0, status: 'in_notice' as ApplicationStatus });
  const list = useApplications(query);
  const issue = useIssue();
  return (
    <Table<RightsApplication>
      rowKey="id"
      data-testid="notice-list"
      loading={list.isLoading}
      dataSource={list.data?.items}
      pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
      columns={[
        {
          title: t('rights.number'),
          dataIndex: 'number',
          render: (n: string, a) => <Typography.Link onClick={() => onView(a.id)}>{n}</Typography.Link>,
        },
        { title: t('rights.kind'), dataIndex: 'kind', render: names.kind },
        { title: t('rights.rightType'), dataIndex: 'rightType', render: names.rightType },
        { title: t('rights.subject'), key: 'subject', render: (_: unknown, a) => a.subject.title },
        { title: t('rights.applicant'), key: 'applicant', render: (_: unknown, a) => a.applicant.name },
        { title: t('rights.noticeEndsAt'), dataIndex: 'noticeEndsAt', render: time },
        {
          title: t('rights.timeLeft'),
          dataIndex: 'noticeEndsAt',
          key: 'left',
          render: (end: string | null) => <Countdown end={end} />,
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_: unknown, a) => (
            <Button
              size="small"
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={issue.isPending && issue.variables === a.id}
              data-testid={`issue-${a.number}`}
              onClick={() =>
                issue.mutate(a.id, {
                  onSuccess: (done) =>
                    done.issuedCertificateNumber
                      ? void message.success(t('rights.issued', { number: done.issuedCertificateNumber }))
                      : void message.warning(t('rights.refusedAtIssue', { code: done.decision?.code ?? '' })),
                  onError: (e) => showProblem(e, undefined, (x) => void message.error(x)),
                })
              }
            >
              {t('rights.issue')}
            </Button>
          ),
        },
      ]}
    />
  );
}

function OpenObjections() {
  const { t } = useI18n();
  const [query, setQuery] = useState({ limit: 20, offset: 0, status: 'open' as const });
  const list = useObjections(query);
  const [resolving, setResolving] = useState<RightsObjection>();
  return (
    <>
      <Table<RightsObjection>
        rowKey="id"
        data-testid="objection-list"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          { title: t('rights.number'), dataIndex: 'number' },
          {
            title: t('rights.objection.against'),
            key: 'against',
            render: (_: unknown, o) =>
              o.certificateNumber ? (
                <Link to={`/certificates/${o.certificateNumber}`}>{o.certificateNumber}</Link>
              ) : (
                o.applicationNumber
              ),
          },
          {
            title: t('rights.subject'),
            dataIndex: 'subjectId',
            render: (id: string) => <Link to={`/rights/subjects/${id}`}>{t('rights.subjectPage')}</Link>,
          },
          { title: t('rights.objection.filedBy'), key: 'by', render: (_: unknown, o) => o.filedBy.name },
          { title: t('rights.objection.reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: time },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, o) => (
              <Button size="small" type="primary" onClick={() => setResolving(o)}>
                {t('rights.objection.resolve')}
              </Button>
            ),
          },
        ]}
      />
      {resolving && <ResolveModal objection={resolving} onClose={() => setResolving(undefined)} />}
    </>
  );
}

function ResolveModal({ objection, onClose }: { objection: RightsObjection; onClose: () => void }) {
  const { t } = useI18n();
  const resolve = useResolveObjection();
  return (
    <FormModal<{ decision: 'upheld' | 'dismissed'; resolution: string }>
      title={`${t('rights.objection.resolve')} · ${objection.number}`}
      onClose={onClose}
      pending={resolve.isPending}
      initialValues={{ decision: 'dismissed' }}
      onSubmit={(body) => resolve.mutateAsync({ id: objection.id, body })}
    >
      <Typography.Paragraph type="secondary">{objection.reason}</Typography.Paragraph>
      <Form.Item name="decision" label={t('rights.objection.decision')} rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'upheld', label: t('rights.objection.upheld') },
            { value: 'dismissed', label: t('rights.objection.dismissed') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="resolution"
        label={t('rights.objection.resolution')}
        extra={t('rights.objection.upheldHint')}
        rules={[{ required: true, max: 2000 }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
