// The audit log for regulators and administrators: filters, newest first, more on demand, and a chart by outcome.
import { Badge, Button, Card, Col, DatePicker, Input, Row, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Chart } from '../../components/Chart';
import { time } from '../../components/labels';
import { useAudit, useAuditStats, useOrganizations, type AuditRecord } from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';

type Outcome = AuditRecord['outcome'];
const OUTCOME_STATUS: Record<Outcome, 'success' | 'warning' | 'error'> = {
  success: 'success',
  refused: 'warning',
  failed: 'error',
};

interface Filters {
  action?: string;
  outcome?: Outcome;
  orgId?: string;
  from?: string;
  to?: string;
}

export function AuditList() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const audit = useAudit({ ...filters, limit: 50 });
  const stats = useAuditStats(14, true);
  const orgs = useOrganizations({ limit: 200, offset: 0 });
  const rows = useMemo(() => audit.data?.pages.flatMap((p) => p.items) ?? [], [audit.data]);
  const orgName = (id: string | null) =>
    id ? (orgs.data?.items.find((o) => o.id === id)?.name ?? id.slice(0, 8)) : '—';
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {
        top: 0,
        data: (['success', 'refused', 'failed'] as const).map((k) => t(`audit.outcome.${k}` as MessageKey)),
      },
      grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
      xAxis: { type: 'category', data: (stats.data ?? []).map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['success', 'refused', 'failed'] as const).map((k, i) => ({
        name: t(`audit.outcome.${k}` as MessageKey),
        type: 'line',
        smooth: true,
        itemStyle: { color: ['#52c41a', '#faad14', '#f5222d'][i] },
        data: (stats.data ?? []).map((d) => d[k]),
      })),
    }),
    [stats.data, t],
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('home.activity')} size="small">
        <Chart option={option} height={220} testId="audit-chart" />
      </Card>
      <Card
        title={t('nav.audit')}
        extra={
          <Typography.Text type="secondary" data-testid="audit-total">
            {t('common.total', { n: audit.data?.pages[0]?.total ?? 0 })}
          </Typography.Text>
        }
      >
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col>
            <Input.Search
              allowClear
              placeholder={t('audit.filterAction')}
              style={{ width: 240 }}
              onSearch={(action) => setFilters({ ...filters, action: action || undefined })}
            />
          </Col>
          <Col>
            <Select<Outcome>
              allowClear
              placeholder={t('audit.outcome')}
              style={{ width: 140 }}
              options={(['success', 'refused', 'failed'] as const).map((o) => ({
                value: o,
                label: t(`audit.outcome.${o}` as MessageKey),
              }))}
              onChange={(outcome) => setFilters({ ...filters, outcome })}
            />
          </Col>
          <Col>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('audit.org')}
              style={{ width: 260 }}
              options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              onChange={(orgId: string | undefined) => setFilters({ ...filters, orgId })}
            />
          </Col>
          <Col>
            <DatePicker.RangePicker
              showTime
              onChange={(range) =>
                setFilters({ ...filters, from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() })
              }
            />
          </Col>
        </Row>
        <Table<AuditRecord>
          rowKey="id"
          size="small"
          data-testid="audit-table"
          loading={audit.isFetching && !audit.isFetchingNextPage}
          dataSource={rows}
          pagination={false}
          tableLayout="fixed"
          scroll={{ x: 1100 }}
          expandable={{
            expandedRowRender: (r) => (
              <pre style={{ margin: 0 }}>
                {JSON.stringify({ requestId: r.requestId, userAgent: r.userAgent, ...r.details }, null, 2)}
              </pre>
            ),
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', render: time, width: 165 },
            {
              title: t('audit.actor'),
              dataIndex: 'actorUsername',
              width: 120,
              ellipsis: true,
              render: (u: string | null, r) => u ?? r.actorKind,
            },
            { title: t('audit.org'), dataIndex: 'actorOrgId', width: 220, ellipsis: true, render: orgName },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 250,
              ellipsis: true,
              render: (a: string) => <code>{a}</code>,
            },
            {
              title: t('audit.target'),
              key: 'target',
              width: 170,
              ellipsis: true,
              render: (_: unknown, r) =>
                r.targetType ? `${r.targetType}:${(r.targetId ?? '').slice(0, 8)}` : '—',
            },
            {
              title: t('audit.outcome'),
              dataIndex: 'outcome',
              width: 90,
              render: (o: Outcome) => (
                <Badge status={OUTCOME_STATUS[o]} text={t(`audit.outcome.${o}` as MessageKey)} />
              ),
            },
            {
              title: t('audit.code'),
              dataIndex: 'code',
              width: 200,
              ellipsis: true,
              render: (c: string | null) => (c ? <code>{c}</code> : '—'),
            },
            { title: t('audit.ip'), dataIndex: 'ip', width: 110 },
          ]}
        />
        {audit.hasNextPage && (
          <div style={{ textAlign: 'center', marginTop: 16 }}>
            <Button loading={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
    </Space>
  );
}
