// The demand list (需求清单): what data users are looking for, searchable and filtered by status, domain and one's
// own; anyone logged in posts a demand (its budget typed in yuan, sent in fen); holders see the open demands their
// registered resources answer.
import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormModal } from '../../components/FormModal';
import { RegionPicker } from '../../components/RegionPicker';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import {
  useMatchingDemands,
  useDemands,
  usePostDemand,
  type Demand,
  type DemandQuery,
  type Domain,
} from '../../hooks/api';
import { useI18n } from '../../i18n';
import { DOMAINS, useCatalogNames } from './catalog-labels';
import { fenToYuan, yuanToFen } from './money';

export function DemandStatusTag({ status }: { status: Demand['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={status === 'open' ? 'green' : 'default'} data-status={status}>
      {t(status === 'open' ? 'catalog.demandStatus.open' : 'catalog.demandStatus.closed')}
    </Tag>
  );
}

export const budget = (fen: string | null) => (fen === null ? '—' : `¥${fenToYuan(fen)}`);

/** The columns of a demand list. */
function useDemandColumns(): TableColumnsType<Demand> {
  const { t } = useI18n();
  const names = useCatalogNames();
  return [
    { title: t('catalog.demandNumber'), dataIndex: 'number', width: 150 },
    {
      title: t('catalog.demandTitle'),
      dataIndex: 'title',
      render: (title: string, d: Demand) => (
        <>
          <Link to={`/catalog/demands/${d.id}`} data-testid={`demand-${d.number}`}>
            {title}
          </Link>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 1 }} style={{ fontSize: 12, margin: 0 }}>
            {d.purpose}
          </Typography.Paragraph>
        </>
      ),
    },
    { title: t('catalog.domain'), dataIndex: 'domain', render: (d: Domain | null) => names.domain(d) },
    {
      title: t('catalog.demandFields'),
      dataIndex: 'fields',
      render: (fields: string[]) => (
        <>
          {fields.slice(0, 5).map((f) => (
            <Tag key={f}>{f}</Tag>
          ))}
          {fields.length > 5 && <Tag>+{fields.length - 5}</Tag>}
        </>
      ),
    },
    {
      title: t('catalog.region'),
      dataIndex: 'regionName',
      render: (n: string | null) => n ?? t('catalog.unspecified'),
    },
    { title: t('catalog.budgetYuan'), dataIndex: 'budgetFen', align: 'right', render: budget },
    { title: t('catalog.postedBy'), key: 'postedBy', render: (_: unknown, d: Demand) => d.postedBy.name },
    { title: t('catalog.answers'), dataIndex: 'answers', align: 'right' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (s: Demand['status']) => <DemandStatusTag status={s} />,
    },
    { title: t('catalog.postedAt'), dataIndex: 'createdAt', render: time },
  ];
}

export function DemandList() {
  const { t } = useI18n();
  const names = useCatalogNames();
  const columns = useDemandColumns();
  const [query, setQuery] = useState<DemandQuery>({ limit: 20, offset: 0 });
  const list = useDemands(query);
  const [posting, setPosting] = useState(false);
  return (
    <Card
      title={t('catalog.demands')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="post-demand"
          onClick={() => setPosting(true)}
        >
          {t('catalog.postDemand')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('catalog.demandSearch')}
          style={{ width: 300 }}
          data-testid="demand-q"
          onSearch={(q) => setQuery({ ...query, q: q.trim() || undefined, offset: 0 })}
        />
        <Select<'open' | 'closed'>
          allowClear
          placeholder={t('common.status')}
          style={{ width: 130 }}
          value={query.status}
          onChange={(status) => setQuery({ ...query, status, offset: 0 })}
          options={[
            { value: 'open', label: t('catalog.demandStatus.open') },
            { value: 'closed', label: t('catalog.demandStatus.closed') },
          ]}
        />
        <Select<Domain>
          allowClear
          placeholder={t('catalog.domain')}
          style={{ width: 170 }}
          value={query.domain}
          onChange={(domain) => setQuery({ ...query, domain, offset: 0 })}
          options={DOMAINS.map((d) => ({ value: d, label: names.domain(d) }))}
        />
        <Checkbox
          checked={!!query.mine}
          data-testid="demand-mine"
          onChange={(e) => setQuery({ ...query, mine: e.target.checked || undefined, offset: 0 })}
        >
          {t('catalog.mine')}
        </Checkbox>
      </Space>
      <Table<Demand>
        rowKey="id"
        data-testid="demands"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 1200 }}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={columns}
      />
      {posting && <PostDemand onClose={() => setPosting(false)} />}
    </Card>
  );
}

/** For holders: the open demands their registered resources answer. */
export function MatchingDemands() {
  const { t } = useI18n();
  const columns = useDemandColumns();
  const list = useMatchingDemands(50);
  return (
    <Card
      title={t('nav.catalogMatching')}
      extra={<Typography.Text type="secondary">{t('catalog.matchingHint')}</Typography.Text>}
    >
      <Table<Demand>
        rowKey="id"
        data-testid="matching-demands"
        loading={list.isFetching}
        dataSource={list.data}
        scroll={{ x: 1200 }}
        pagination={false}
        columns={columns}
      />
    </Card>
  );
}

interface DemandForm {
  title: string;
  domain?: Domain;
  fields?: string[];
  purpose: string;
  regionCode?: string;
  budget?: string;
}

function PostDemand({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const names = useCatalogNames();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const post = usePostDemand();
  return (
    <FormModal<DemandForm>
      title={t('catalog.postDemand')}
      width={720}
      onClose={onClose}
      pending={post.isPending}
      onSubmit={(v) => {
        const fen = v.budget?.trim() ? yuanToFen(v.budget) : undefined;
        return post.mutateAsync({
          title: v.title.trim(),
          purpose: v.purpose.trim(),
          fields: [...new Set((v.fields ?? []).map((f) => f.trim()).filter(Boolean))],
          ...(v.domain && { domain: v.domain }),
          ...(v.regionCode && { regionCode: v.regionCode }),
          ...(fen !== undefined && { budgetFen: fen }),
        });
      }}
      onSaved={(created) => {
        const d = created as Demand;
        void message.success(t('catalog.demandPosted', { number: d.number }));
        onClose();
        void navigate(`/catalog/demands/${d.id}`);
      }}
    >
      <Form.Item name="title" label={t('catalog.demandTitle')} rules={[{ required: true, min: 2, max: 200 }]}>
        <Input data-testid="demand-title" />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="domain" label={t('catalog.domain')} style={{ flex: 1 }}>
          <Select
            allowClear
            data-testid="demand-domain"
            options={DOMAINS.map((d) => ({ value: d, label: names.domain(d) }))}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('catalog.region')} style={{ flex: 1, marginLeft: 12 }}>
          <RegionPicker />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="fields" label={t('catalog.demandFields')} extra={t('catalog.demandFieldsHint')}>
        <Select
          mode="tags"
          maxCount={100}
          tokenSeparators={[',', '，', '、']}
          suffixIcon={null}
          data-testid="demand-fields"
        />
      </Form.Item>
      <Form.Item name="purpose" label={t('catalog.purpose')} rules={[{ required: true, min: 2, max: 2000 }]}>
        <Input.TextArea rows={3} data-testid="demand-purpose" />
      </Form.Item>
      <Form.Item
        name="budget"
        label={t('catalog.budget')}
        rules={[
          {
            validator: (_, v: string | undefined) =>
              !v?.trim() || yuanToFen(v) !== undefined
                ? Promise.resolve()
                : Promise.reject(new Error(t('catalog.budgetInvalid'))),
          },
        ]}
      >
        <Input
          prefix="¥"
          inputMode="decimal"
          placeholder="0.00"
          style={{ width: 240 }}
          data-testid="demand-budget"
        />
      </Form.Item>
    </FormModal>
  );
}
