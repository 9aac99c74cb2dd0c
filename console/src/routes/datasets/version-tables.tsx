// A version's columns: the profile (nulls, distinct values, min/max, the commonest value shapes) and the
// classification (types detected with their confidence, detected and effective grade, the holder's override and
// its reason), with the holder's action to override a column's grade or return it to what was detected.
import { EditOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { FormModal } from '../../components/FormModal';
import { time } from '../../components/labels';
import {
  useOverrideGrade,
  type ColumnClassification,
  type ColumnProfile,
  type DataGrade,
  type DatasetDetail,
  type DatasetVersion,
} from '../../hooks/api';
import { useI18n } from '../../i18n';
import { DATA_GRADES, GradeTag, useCatalogNames } from '../catalog/catalog-labels';
import { PiiTag } from './dataset-labels';

/** Shapes with more than this many are summarised in a tooltip. */
const SHOWN_SHAPES = 3;

export function ProfileTable({ version }: { version: DatasetVersion }) {
  const { t } = useI18n();
  const rows = version.profile.rows;
  const pct = (n: number) => (rows === 0 ? '' : ` (${((n / rows) * 100).toFixed(n === 0 ? 0 : 1)}%)`);
  return (
    <Table<ColumnProfile>
      rowKey="name"
      size="small"
      data-testid="profile"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={version.profile.columns}
      columns={[
        { title: '#', key: 'n', width: 48, render: (_: unknown, _c, i) => i + 1 },
        { title: t('profile.column'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
        { title: t('profile.type'), dataIndex: 'type', render: (n: string) => <code>{n}</code> },
        {
          title: t('profile.nulls'),
          dataIndex: 'nulls',
          align: 'right',
          render: (n: number) => `${n.toLocaleString()}${pct(n)}`,
        },
        {
          title: t('profile.distinct'),
          dataIndex: 'distinct',
          align: 'right',
          render: (n: number) => n.toLocaleString(),
        },
        { title: t('profile.min'), dataIndex: 'min', render: (v: string | null) => <Value v={v} /> },
        { title: t('profile.max'), dataIndex: 'max', render: (v: string | null) => <Value v={v} /> },
        {
          title: (
            <Tooltip title={t('profile.shapesHint')}>
              <span style={{ borderBottom: '1px dotted #999' }}>{t('profile.shapes')}</span>
            </Tooltip>
          ),
          dataIndex: 'patterns',
          render: (patterns: ColumnProfile['patterns']) => {
            if (!patterns.length) return '—';
            const tag = (p: ColumnProfile['patterns'][number]) => (
              <Tag key={p.pattern} style={{ fontFamily: 'monospace' }}>
                {p.pattern} <span style={{ opacity: 0.6 }}>×{p.count.toLocaleString()}</span>
              </Tag>
            );
            const rest = patterns.slice(SHOWN_SHAPES);
            return (
              <Space size={[0, 4]} wrap>
                {patterns.slice(0, SHOWN_SHAPES).map(tag)}
                {rest.length > 0 && (
                  <Tooltip title={<Space wrap>{rest.map(tag)}</Space>}>
                    <Tag>+{rest.length}</Tag>
                  </Tooltip>
                )}
              </Space>
            );
          },
        },
      ]}
    />
  );
}

function Value({ v }: { v: string | null }) {
  if (v === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const short = v.length > 40 ? `${v.slice(0, 40)}…` : v;
  return (
    <Typography.Text code style={{ fontSize: 12 }} title={v}>
      {short}
    </Typography.Text>
  );
}

export function ClassificationTable({
  dataset,
  version,
  canOverride,
}: {
  dataset: DatasetDetail;
  version: DatasetVersion;
  canOverride: boolean;
}) {
  const { t } = useI18n();
  const names = useCatalogNames();
  const [editing, setEditing] = useState<ColumnClassification | undefined>();
  const c = version.classification;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('datasets.category')}:</span>
        <Tag data-testid="classification-category">{names.category(c.category)}</Tag>
        <Typography.Text type="secondary">
          {c.full
            ? t('classification.scannedAll', { n: c.rowsScanned.toLocaleString() })
            : t('classification.scannedSample', { n: c.rowsScanned.toLocaleString() })}
        </Typography.Text>
      </Space>
      <Table<ColumnClassification>
        rowKey="name"
        size="small"
        data-testid="classification"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={c.columns}
        onRow={(col) => ({ 'data-column': col.name }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('profile.column'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
          {
            title: t('classification.types'),
            dataIndex: 'types',
            render: (types: ColumnClassification['types']) =>
              types.length ? (
                <Space size={[0, 4]} wrap>
                  {types.map((x) => (
                    <PiiTag key={x.type} type={x.type} confidence={x.confidence} matches={x.matches} />
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('classification.none')}</Typography.Text>
              ),
          },
          {
            title: t('classification.detectedGrade'),
            dataIndex: 'detectedGrade',
            render: (g: DataGrade) => (
              <span data-testid="detected-grade">
                <GradeTag grade={g} />
              </span>
            ),
          },
          {
            title: t('classification.effectiveGrade'),
            dataIndex: 'grade',
            render: (g: DataGrade) => (
              <span data-testid="effective-grade">
                <GradeTag grade={g} />
              </span>
            ),
          },
          {
            title: t('classification.override'),
            dataIndex: 'override',
            render: (o: ColumnClassification['override']) =>
              o ? (
                <div data-testid="override">
                  <Typography.Text>{o.reason}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {time(o.at)}
                  </Typography.Text>
                </div>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          ...(canOverride
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, col: ColumnClassification) => (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      data-testid={`override-${col.name}`}
                      onClick={() => setEditing(col)}
                    >
                      {t('classification.overrideAction')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <OverrideModal dataset={dataset} column={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}

/** The select's value for "back to what was detected" (the API's grade: null). */
const DETECTED = 'detected';

function OverrideModal({
  dataset,
  column,
  onClose,
}: {
  dataset: DatasetDetail;
  column: ColumnClassification;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const names = useCatalogNames();
  const { message } = App.useApp();
  const override = useOverrideGrade();
  return (
    <FormModal<{ grade: DataGrade | typeof DETECTED; reason: string }>
      title={t('classification.overrideTitle', { column: column.name })}
      onClose={onClose}
      pending={override.isPending}
      initialValues={{ grade: column.override ? column.grade : undefined }}
      onSubmit={(values) =>
        override.mutateAsync({
          idOrSlug: dataset.id,
          column: column.name,
          body: { grade: values.grade === DETECTED ? null : values.grade, reason: values.reason.trim() },
        })
      }
      onSaved={() => {
        void message.success(t('classification.overridden', { column: column.name }));
        onClose();
      }}
    >
      <Typography.Paragraph type="secondary">
        {t('classification.overrideHint')} <GradeTag grade={column.detectedGrade} />
      </Typography.Paragraph>
      <Form.Item
        name="grade"
        label={t('classification.newGrade')}
        rules={[{ required: true, message: t('classification.gradeRequired') }]}
      >
        <Select
          data-testid="override-grade"
          options={[
            ...DATA_GRADES.map((g) => ({ value: g, label: names.grade(g) })),
            {
              value: DETECTED,
              label: t('classification.backToDetected', { grade: names.grade(column.detectedGrade) }),
              disabled: !column.override,
            },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('classification.reason')}
        rules={[
          { required: true, whitespace: true, message: t('classification.reasonRequired') },
          { min: 2, max: 1000, message: t('classification.reasonLength') },
        ]}
      >
        <Input.TextArea rows={3} data-testid="override-reason" />
      </Form.Item>
    </FormModal>
  );
}
