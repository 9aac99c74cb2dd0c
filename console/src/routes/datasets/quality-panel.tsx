// A version's quality per GB/T 36344-2018: the score, the six indicators as a chart and with what they measured,
// the outcome of each of the holder's rules, the score across versions against the alert threshold, and for the
// holder the rules editor (not null, range, pattern, code list, validator, reference) with the threshold.
import { SettingOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Chart } from '../../components/Chart';
import { showProblem } from '../../components/forms';
import { useSetQuality, type DatasetDetail, type DatasetVersion, type QualityReport } from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import {
  INDICATORS,
  RULE_KINDS,
  RULE_VALIDATORS,
  scoreColor,
  useDatasetNames,
  type QualityRule,
  type RuleKind,
} from './dataset-labels';

type Indicator = QualityReport['indicators'][number];
type Outcome = QualityReport['rules'][number];

const DIRECTION_COLOR: Record<string, string> = {
  improving: 'green',
  declining: 'red',
  stable: 'blue',
  unknown: 'default',
};

export function QualityPanel({
  dataset,
  version,
  own,
}: {
  dataset: DatasetDetail;
  version: DatasetVersion;
  own: boolean;
}) {
  const { t } = useI18n();
  const names = useDatasetNames();
  const [editing, setEditing] = useState(false);
  const q = version.quality;
  const trend = dataset.qualityTrend;
  const below = q !== null && dataset.qualityThreshold !== null && q.score < dataset.qualityThreshold;
  return (
    <Card
      size="small"
      data-testid="quality"
      title={t('quality.titleOf', { n: version.number })}
      extra={
        own && (
          <Button icon={<SettingOutlined />} data-testid="edit-rules" onClick={() => setEditing(true)}>
            {t('quality.rules')} ({dataset.qualityRules.length})
          </Button>
        )
      }
    >
      {q === null ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.notAssessed')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={[24, 16]}>
            <Col xs={24} lg={6}>
              <div data-testid="quality-score" data-score={q.score}>
                <Statistic
                  title={t('quality.score')}
                  value={q.score}
                  precision={1}
                  suffix="/ 100"
                  styles={{ content: { color: scoreColor(q.score), fontSize: 40 } }}
                />
              </div>
              <Space orientation="vertical" size={4}>
                <span>
                  {t('quality.threshold')}:{' '}
                  <strong data-testid="quality-threshold">
                    {dataset.qualityThreshold ?? t('quality.noThreshold')}
                  </strong>{' '}
                  {below && (
                    <Tag color="red" data-testid="below-threshold">
                      {t('quality.below')}
                    </Tag>
                  )}
                </span>
                <span>
                  {t('quality.trend')}:{' '}
                  <Tag color={DIRECTION_COLOR[trend.direction]} data-testid="quality-direction">
                    {t(`quality.direction.${trend.direction}` as MessageKey)}
                  </Tag>
                  {trend.delta !== null && (
                    <Typography.Text type="secondary">
                      {trend.delta > 0 ? '+' : ''}
                      {trend.delta.toFixed(1)}
                    </Typography.Text>
                  )}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('quality.method')}: <code>{q.method}</code>
                </Typography.Text>
              </Space>
            </Col>
            <Col xs={24} lg={9}>
              <Typography.Text strong>{t('quality.indicators')}</Typography.Text>
              <IndicatorChart indicators={q.indicators} />
            </Col>
            <Col xs={24} lg={9}>
              <Typography.Text strong>{t('quality.trendChart')}</Typography.Text>
              <TrendChart dataset={dataset} />
            </Col>
          </Row>
          <Table<Indicator>
            rowKey="key"
            size="small"
            pagination={false}
            data-testid="quality-indicators"
            dataSource={q.indicators}
            columns={[
              {
                title: t('quality.indicator'),
                dataIndex: 'key',
                width: 160,
                render: (k: string) => names.indicator(k),
              },
              {
                title: t('quality.indicatorScore'),
                dataIndex: 'score',
                width: 110,
                align: 'right',
                render: (s: number | null) =>
                  s === null ? (
                    <Typography.Text type="secondary">{t('quality.notApplicable')}</Typography.Text>
                  ) : (
                    <span style={{ color: scoreColor(s), fontWeight: 600 }}>{s.toFixed(1)}</span>
                  ),
              },
              {
                title: t('quality.weight'),
                dataIndex: 'weight',
                width: 80,
                align: 'right',
                render: (w: number) => `${Math.round(w * 100)}%`,
              },
              {
                title: t('quality.detail'),
                dataIndex: 'detail',
                render: (d: string) => <Typography.Text style={{ fontSize: 12 }}>{d}</Typography.Text>,
              },
            ]}
          />
          <div>
            <Typography.Text strong>{t('quality.outcomes')}</Typography.Text>
            <RuleOutcomes outcomes={q.rules} />
          </div>
        </Space>
      )}
      {editing && <RulesEditor dataset={dataset} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function RuleOutcomes({ outcomes }: { outcomes: readonly Outcome[] }) {
  const { t } = useI18n();
  const names = useDatasetNames();
  return (
    <Table<Outcome>
      rowKey={(o) => JSON.stringify(o.rule)}
      size="small"
      pagination={false}
      data-testid="quality-rules"
      dataSource={[...outcomes]}
      locale={{ emptyText: t('quality.noRules') }}
      columns={[
        {
          title: t('quality.kind'),
          key: 'kind',
          width: 120,
          render: (_: unknown, o) => <Tag>{names.ruleKind(String(o.rule.kind))}</Tag>,
        },
        { title: t('quality.rule'), key: 'rule', render: (_: unknown, o) => names.rule(o.rule) },
        { title: t('quality.checked'), dataIndex: 'checked', align: 'right', width: 100 },
        {
          title: t('quality.failed'),
          dataIndex: 'failed',
          align: 'right',
          width: 100,
          render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
        },
        {
          title: t('quality.passRate'),
          dataIndex: 'passRate',
          width: 180,
          render: (r: number) => (
            <Progress
              percent={Math.round(r * 1000) / 10}
              size="small"
              status={r < 1 ? 'exception' : 'success'}
              format={(p) => `${p}%`}
            />
          ),
        },
        {
          title: t('quality.note'),
          dataIndex: 'note',
          render: (n?: string) => n ?? '—',
        },
      ]}
    />
  );
}

/** The six indicators as horizontal bars; one not assessed has no bar and says so. */
function IndicatorChart({ indicators }: { indicators: readonly Indicator[] }) {
  const { t } = useI18n();
  const names = useDatasetNames();
  const option = useMemo(() => {
    const byKey = new Map(indicators.map((i) => [i.key, i]));
    const keys = [...INDICATORS].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: {
        type: 'category',
        data: keys.map((k) => {
          const i = byKey.get(k);
          const label = `${names.indicator(k)} ${Math.round((i?.weight ?? 0) * 100)}%`;
          return i?.score === null || !i ? `${label} · ${t('quality.notApplicable')}` : label;
        }),
      },
      series: [
        {
          type: 'bar',
          data: keys.map((k) => {
            const s = byKey.get(k)?.score ?? null;
            return s === null ? null : { value: s, itemStyle: { color: scoreColor(s) } };
          }),
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [indicators, names, t]);
  return <Chart option={option} height={240} testId="quality-indicator-chart" />;
}

/** The score of every assessed version, oldest first, with the alert threshold as a line. */
function TrendChart({ dataset }: { dataset: DatasetDetail }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const points = dataset.versions
      .filter((v) => v.qualityScore !== null)
      .map((v) => [v.number, v.qualityScore!] as const)
      .reverse();
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: points.map(([n]) => `v${n}`), boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          type: 'line',
          name: t('quality.score'),
          data: points.map(([, s]) => s),
          symbolSize: 8,
          label: { show: true, position: 'top' },
          itemStyle: { color: '#1f4fd1' },
          areaStyle: { opacity: 0.08 },
          ...(dataset.qualityThreshold !== null && {
            markLine: {
              symbol: 'none',
              lineStyle: { color: '#cf1322', type: 'dashed' },
              label: { formatter: `${t('quality.threshold')} {c}` },
              data: [{ yAxis: dataset.qualityThreshold }],
            },
          }),
        },
      ],
    };
  }, [dataset, t]);
  return <Chart option={option} height={240} testId="quality-trend-chart" />;
}

/** A rule as the form holds it: every kind's parameters as text, converted on save. */
interface RuleForm {
  kind: RuleKind;
  column: string;
  min?: string;
  max?: string;
  regex?: string;
  values?: string[];
  validator?: string;
  refSlug?: string;
  refColumn?: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const bound = (v: string | undefined) => {
  const s = v?.trim();
  if (!s) return undefined;
  return NUMBER.test(s) ? Number(s) : s;
};

function toRuleForm(raw: unknown): RuleForm {
  const r = raw as QualityRule;
  switch (r.kind) {
    case 'range':
      return {
        kind: r.kind,
        column: r.column,
        ...(r.min !== undefined && { min: String(r.min) }),
        ...(r.max !== undefined && { max: String(r.max) }),
      };
    case 'pattern':
      return { kind: r.kind, column: r.column, regex: r.regex };
    case 'code_list':
      return { kind: r.kind, column: r.column, values: r.values };
    case 'validator':
      return { kind: r.kind, column: r.column, validator: r.validator };
    case 'reference':
      return { kind: r.kind, column: r.column, refSlug: r.dataset.slug, refColumn: r.dataset.column };
    case 'not_null':
      return { kind: r.kind, column: r.column };
  }
}

function toRule(f: RuleForm): QualityRule {
  switch (f.kind) {
    case 'not_null':
      return { kind: 'not_null', column: f.column };
    case 'range': {
      const min = bound(f.min);
      const max = bound(f.max);
      return {
        kind: 'range',
        column: f.column,
        ...(min !== undefined && { min }),
        ...(max !== undefined && { max }),
      };
    }
    case 'pattern':
      return { kind: 'pattern', column: f.column, regex: f.regex ?? '' };
    case 'code_list':
      return { kind: 'code_list', column: f.column, values: (f.values ?? []).map((v) => v.trim()) };
    case 'validator':
      return { kind: 'validator', column: f.column, validator: f.validator ?? '' };
    case 'reference':
      return {
        kind: 'reference',
        column: f.column,
        dataset: { slug: f.refSlug?.trim() ?? '', column: f.refColumn?.trim() ?? '' },
      };
  }
}

function RulesEditor({ dataset, onClose }: { dataset: DatasetDetail; onClose: () => void }) {
  const { t } = useI18n();
  const names = useDatasetNames();
  const { message } = App.useApp();
  const save = useSetQuality();
  const [form] = Form.useForm<{ rules: RuleForm[]; threshold: number | null }>();
  const columns = (dataset.versions[0]?.schema ?? []).map((c) => ({
    value: c.name,
    label: `${c.name} (${c.type})`,
  }));
  const submit = (values: { rules?: RuleForm[]; threshold?: number | null }) =>
    save
      .mutateAsync({
        idOrSlug: dataset.id,
        body: {
          rules: (values.rules ?? []).map(toRule),
          ...(typeof values.threshold === 'number' && { threshold: values.threshold }),
        },
      })
      .then(
        () => {
          void message.success(t('quality.saved'));
          onClose();
        },
        (error: unknown) => showProblem(error, undefined, (text) => void message.error(text)),
      );
  return (
    <Modal
      open
      width={960}
      title={t('quality.rulesTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'rules-save' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('quality.rulesHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          rules: dataset.qualityRules.map(toRuleForm),
          threshold: dataset.qualityThreshold,
        }}
        onFinish={submit}
      >
        <Form.Item
          name="threshold"
          label={t('quality.threshold')}
          extra={t('quality.thresholdHint')}
          style={{ maxWidth: 320 }}
        >
          <InputNumber min={0} max={100} step={1} style={{ width: 160 }} data-testid="rules-threshold" />
        </Form.Item>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="rules-editor">
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  data-testid={`rule-${i}`}
                  title={t('quality.ruleN', { n: i + 1 })}
                  extra={
                    <Button
                      size="small"
                      danger
                      data-testid={`rule-remove-${i}`}
                      onClick={() => remove(field.name)}
                    >
                      {t('quality.removeRule')}
                    </Button>
                  }
                >
                  <Row gutter={12}>
                    <Col xs={24} md={6}>
                      <Form.Item
                        name={[field.name, 'kind']}
                        label={t('quality.kind')}
                        rules={[{ required: true, message: t('quality.required') }]}
                      >
                        <Select
                          data-testid={`rule-kind-${i}`}
                          options={RULE_KINDS.map((k) => ({ value: k, label: names.ruleKind(k) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item
                        name={[field.name, 'column']}
                        label={t('profile.column')}
                        rules={[{ required: true, message: t('quality.required') }]}
                      >
                        <Select data-testid={`rule-column-${i}`} options={columns} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item noStyle dependencies={[['rules', field.name, 'kind']]}>
                        {() => (
                          <KindFields
                            kind={form.getFieldValue(['rules', field.name, 'kind']) as RuleKind | undefined}
                            name={field.name}
                            index={i}
                          />
                        )}
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button
                type="dashed"
                block
                data-testid="rule-add"
                onClick={() => add({ kind: 'not_null', column: columns[0]?.value })}
              >
                + {t('quality.addRule')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** The parameters of one kind of rule. */
function KindFields({ kind, name, index }: { kind: RuleKind | undefined; name: number; index: number }) {
  const { t } = useI18n();
  const names = useDatasetNames();
  const required = [{ required: true, message: t('quality.required') }];
  switch (kind) {
    case 'range':
      return (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={[name, 'min']} label={t('quality.min')} extra={t('quality.boundHint')}>
              <Input data-testid={`rule-min-${index}`} placeholder="0 / 2024-01-01" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={[name, 'max']}
              label={t('quality.max')}
              dependencies={[['rules', name, 'min']]}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    value?.trim() || (getFieldValue(['rules', name, 'min']) as string | undefined)?.trim()
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('quality.rangeNeedsBound'))),
                }),
              ]}
            >
              <Input data-testid={`rule-max-${index}`} placeholder="100 / 2024-12-31" />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'pattern':
      return (
        <Form.Item
          name={[name, 'regex']}
          label={t('quality.regex')}
          extra={t('quality.regexHint')}
          rules={required}
        >
          <Input
            data-testid={`rule-regex-${index}`}
            style={{ fontFamily: 'monospace' }}
            placeholder="^\d{6}$"
          />
        </Form.Item>
      );
    case 'code_list':
      return (
        <Form.Item
          name={[name, 'values']}
          label={t('quality.values')}
          extra={t('quality.valuesHint')}
          rules={required}
        >
          <Select
            mode="tags"
            data-testid={`rule-values-${index}`}
            tokenSeparators={[',', '，']}
            open={false}
          />
        </Form.Item>
      );
    case 'validator':
      return (
        <Form.Item name={[name, 'validator']} label={t('quality.validator')} rules={required}>
          <Select
            data-testid={`rule-validator-${index}`}
            options={RULE_VALIDATORS.map((v) => ({ value: v, label: `${names.piiType(v)} (${v})` }))}
          />
        </Form.Item>
      );
    case 'reference':
      return (
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item
              name={[name, 'refSlug']}
              label={t('quality.refSlug')}
              extra={t('quality.refSlugHint')}
              rules={required}
            >
              <Input data-testid={`rule-ref-slug-${index}`} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name={[name, 'refColumn']} label={t('quality.refColumn')} rules={required}>
              <Input data-testid={`rule-ref-column-${index}`} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'not_null':
    case undefined:
      return (
        <Typography.Text type="secondary" style={{ display: 'block', paddingTop: 30 }}>
          {t('quality.notNullHint')}
        </Typography.Text>
      );
  }
}
