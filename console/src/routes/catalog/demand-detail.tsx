// One demand (需求详情): what is wanted and for what, the registered resources that match it (share of its terms
// they hold, asked-for fields they have), the answers; holders answer it, optionally offering a registered resource
// of theirs, and the poster closes it.
import { CloseCircleOutlined, MessageOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Progress,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { FormModal } from '../../components/FormModal';
import { time } from '../../components/labels';
import { useAnswerDemand, useCloseDemand, useDemand, useInventory, type DemandDetail } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import { OpenLevelTag, useCatalogNames } from './catalog-labels';
import { DemandStatusTag, budget } from './demand-list';

type Match = DemandDetail['matches'][number];

export function DemandDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const names = useCatalogNames();
  const session = useSession();
  const demand = useDemand(id!);
  const [dialog, setDialog] = useState<'answer' | 'close'>();
  if (!demand.data) {
    if (demand.error) return <Alert type="error" showIcon title={demand.error.message} />;
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  }
  const d = demand.data;
  const org = session.me?.organization.id;
  const mine = d.postedBy.id === org;
  const open = d.status === 'open';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="demand-detail">
      <Card
        title={
          <Space wrap>
            <span data-testid="demand-title-text">{d.title}</span>
            <DemandStatusTag status={d.status} />
          </Space>
        }
        extra={
          <Space>
            {open && !mine && session.can('holder') && (
              <Button
                type="primary"
                icon={<MessageOutlined />}
                data-testid="answer-demand"
                onClick={() => setDialog('answer')}
              >
                {t('catalog.answer')}
              </Button>
            )}
            {open && mine && (
              <Button
                danger
                icon={<CloseCircleOutlined />}
                data-testid="close-demand"
                onClick={() => setDialog('close')}
              >
                {t('catalog.close')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }}>
          <Descriptions.Item label={t('catalog.demandNumber')}>{d.number}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.postedBy')}>
            {d.postedBy.name}{' '}
            {d.postedBy.creditCode && (
              <Typography.Text type="secondary">{d.postedBy.creditCode}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.domain')}>
            {d.domain ? names.domain(d.domain) : t('catalog.unspecified')}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.region')}>
            {d.regionName ?? t('catalog.unspecified')}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.budgetYuan')}>
            <span data-testid="demand-budget-text">{budget(d.budgetFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.postedAt')}>{time(d.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.demandFields')} span={2}>
            {d.fields.length ? d.fields.map((f) => <Tag key={f}>{f}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.purpose')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{d.purpose}</span>
          </Descriptions.Item>
          {d.closedReason && (
            <Descriptions.Item label={t('catalog.closeReason')} span={2}>
              {d.closedReason}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t('catalog.matches')} size="small">
        <Table<Match>
          rowKey={(m) => m.resource.id}
          size="small"
          pagination={false}
          data-testid="demand-matches"
          dataSource={d.matches}
          locale={{ emptyText: t('catalog.noMatches') }}
          columns={[
            {
              title: t('catalog.title'),
              key: 'title',
              render: (_: unknown, m) => <Link to={`/catalog/${m.resource.code}`}>{m.resource.title}</Link>,
            },
            {
              title: t('catalog.code'),
              key: 'code',
              render: (_: unknown, m) => <code>{m.resource.code}</code>,
            },
            { title: t('catalog.holder'), key: 'holder', render: (_: unknown, m) => m.resource.holder.name },
            {
              title: t('catalog.openLevel'),
              key: 'open',
              render: (_: unknown, m) => <OpenLevelTag level={m.resource.openLevel} />,
            },
            {
              title: t('catalog.textScore'),
              dataIndex: 'textScore',
              width: 180,
              render: (s: number) => <Progress percent={Math.round(s * 100)} size="small" />,
            },
            {
              title: t('catalog.fieldHits'),
              dataIndex: 'fieldHits',
              align: 'right',
              render: (n: number) => (d.fields.length ? `${n} / ${d.fields.length}` : n),
            },
          ]}
        />
      </Card>
      <Card title={`${t('catalog.answerList')} (${d.answerList.length})`} size="small">
        {d.answerList.length ? (
          <Timeline
            data-testid="demand-answers"
            items={d.answerList.map((a) => ({
              color: a.resource ? 'green' : 'blue',
              content: (
                <>
                  <Space wrap>
                    <Typography.Text strong>{a.by.name}</Typography.Text>
                    {a.resource && (
                      <Link to={`/catalog/${a.resource.code}`}>
                        <Tag color="blue">{a.resource.title}</Tag>
                      </Link>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {time(a.createdAt)}
                    </Typography.Text>
                  </Space>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{a.message}</div>
                </>
              ),
            }))}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.noAnswers')} />
        )}
      </Card>
      {dialog === 'answer' && <AnswerModal demand={d} onClose={() => setDialog(undefined)} />}
      {dialog === 'close' && <CloseModal demand={d} onClose={() => setDialog(undefined)} />}
    </Space>
  );
}

function AnswerModal({ demand, onClose }: { demand: DemandDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const answer = useAnswerDemand();
  // The resources the holder may offer: its registered ones, the matching ones first.
  const own = useInventory({ limit: 200, offset: 0, status: 'registered' });
  const matched = new Set(demand.matches.map((m) => m.resource.id));
  const options = (own.data?.items ?? [])
    .map((r) => ({ value: r.id, label: `${r.title} (${r.code})`, matched: matched.has(r.id) }))
    .sort((a, b) => Number(b.matched) - Number(a.matched));
  return (
    <FormModal<{ message: string; resourceId?: string }>
      title={`${t('catalog.answer')} · ${demand.number}`}
      onClose={onClose}
      pending={answer.isPending}
      onSubmit={(v) =>
        answer.mutateAsync({
          id: demand.id,
          body: { message: v.message.trim(), ...(v.resourceId && { resourceId: v.resourceId }) },
        })
      }
      onSaved={() => {
        void message.success(t('catalog.answered'));
        onClose();
      }}
    >
      <Form.Item name="resourceId" label={t('catalog.offerResource')} extra={t('catalog.offerResourceHint')}>
        <Select
          allowClear
          loading={own.isLoading}
          data-testid="answer-resource"
          options={options.map(({ value, label }) => ({ value, label }))}
        />
      </Form.Item>
      <Form.Item
        name="message"
        label={t('catalog.answerMessage')}
        rules={[{ required: true, min: 2, max: 2000 }]}
      >
        <Input.TextArea rows={4} data-testid="answer-message" />
      </Form.Item>
    </FormModal>
  );
}

function CloseModal({ demand, onClose }: { demand: DemandDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const close = useCloseDemand();
  return (
    <FormModal<{ reason?: string }>
      title={`${t('catalog.close')} · ${demand.number}`}
      onClose={onClose}
      pending={close.isPending}
      onSubmit={(v) => close.mutateAsync({ id: demand.id, reason: v.reason?.trim() || undefined })}
      onSaved={() => {
        void message.success(t('catalog.closed'));
        onClose();
      }}
    >
      <Form.Item name="reason" label={t('catalog.closeReason')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={3} data-testid="close-reason" />
      </Form.Item>
    </FormModal>
  );
}
