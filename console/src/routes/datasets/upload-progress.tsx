// What the server does with an upload, phase by phase (receive, convert to Parquet, profile, classify, score,
// store), from the upload's record: the phase under way with its progress while the request runs, how long each
// phase took once it ended; and the dataset's upload history, failed attempts with the reason they were refused.
import { Card, Progress, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { time } from '../../components/labels';
import { useUploads, type UploadPhase, type UploadRecord } from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { bytes } from './dataset-labels';

export const UPLOAD_PHASES: readonly UploadPhase[] = [
  'receiving',
  'converting',
  'profiling',
  'classifying',
  'scoring',
  'storing',
];

/** Seconds with one decimal under a minute, else minutes and seconds. */
function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** How long each phase of the record took: from its start to the next one's, the last to the end. */
function phaseDurations(u: UploadRecord): Map<UploadPhase, number> {
  const out = new Map<UploadPhase, number>();
  u.timeline.forEach((step, i) => {
    const next = u.timeline[i + 1]?.at ?? u.finishedAt;
    if (next) out.set(step.phase, Date.parse(next) - Date.parse(step.at));
  });
  return out;
}

/** The progress within a phase, as people read it: bytes or rows done of all. */
function ProgressText({ progress }: { progress: NonNullable<UploadRecord['progress']> }) {
  const { t } = useI18n();
  return progress.unit === 'bytes'
    ? t('uploadPhase.bytes', { done: bytes(progress.done), total: bytes(progress.total) })
    : t('uploadPhase.rows', { done: progress.done.toLocaleString(), total: progress.total.toLocaleString() });
}

/** The six phases as steps: finished ones with their time, the current one with its progress or its failure. */
export function UploadSteps({ record }: { record: UploadRecord }) {
  const { t } = useI18n();
  const current = UPLOAD_PHASES.indexOf(record.phase);
  const took = phaseDurations(record);
  const ended = record.status !== 'running';
  const percent =
    record.progress && record.progress.total > 0
      ? Math.floor((record.progress.done / record.progress.total) * 100)
      : undefined;
  return (
    <div data-testid="upload-steps" data-phase={record.phase} data-status={record.status}>
      <Steps
        size="small"
        current={current}
        status={
          record.status === 'stored'
            ? 'finish'
            : record.status === 'failed' || record.status === 'interrupted'
              ? 'error'
              : 'process'
        }
        items={UPLOAD_PHASES.map((phase, i) => {
          const ms = took.get(phase);
          const here = i === current && !ended;
          return {
            title: t(`uploadPhase.${phase}` as MessageKey),
            content: (
              <span data-testid={`upload-step-${phase}`}>
                {here && record.progress ? (
                  <ProgressText progress={record.progress} />
                ) : ms !== undefined && (i < current || record.status === 'stored') ? (
                  duration(ms)
                ) : here ? (
                  t('uploadPhase.working')
                ) : null}
              </span>
            ),
          };
        })}
      />
      {/* Receiving has the browser's own bar above; the phases after it have only this one. */}
      {!ended && percent !== undefined && record.phase !== 'receiving' && (
        <Progress
          percent={percent}
          size="small"
          status="active"
          data-testid="upload-phase-progress"
          style={{ marginTop: 8 }}
        />
      )}
    </div>
  );
}

const STATUS_COLOR: Record<UploadRecord['status'], string> = {
  running: 'processing',
  stored: 'success',
  failed: 'error',
  interrupted: 'warning',
};

export function UploadStatusTag({ record }: { record: UploadRecord }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[record.status]} data-testid="upload-status">
      {record.status === 'running'
        ? t('uploadPhase.runningIn', { phase: t(`uploadPhase.${record.phase}` as MessageKey) })
        : record.status === 'stored'
          ? t('uploadStatus.stored', { n: record.version ?? 0 })
          : t(`uploadStatus.${record.status}` as MessageKey)}
    </Tag>
  );
}

/** The dataset's uploads, newest first, for its holder: outcome, size, rows, time taken, and why one failed. */
export function UploadHistory({ idOrSlug }: { idOrSlug: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const pageSize = 10;
  const uploads = useUploads(idOrSlug, { limit: pageSize, offset: (page - 1) * pageSize });
  return (
    <Card title={t('uploadHistory.title')} size="small">
      <Table<UploadRecord>
        size="small"
        rowKey="id"
        data-testid="upload-history"
        loading={uploads.isLoading}
        dataSource={uploads.data?.items ?? []}
        locale={{ emptyText: t('uploadHistory.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: uploads.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
        expandable={{
          rowExpandable: (u) => u.timeline.length > 0,
          expandedRowRender: (u) => <UploadSteps record={u} />,
        }}
        columns={[
          { title: t('uploadHistory.at'), dataIndex: 'createdAt', render: (v: string) => time(v) },
          { title: t('uploadHistory.file'), dataIndex: 'fileName' },
          {
            title: t('uploadHistory.status'),
            key: 'status',
            render: (_: unknown, u) => <UploadStatusTag record={u} />,
          },
          {
            title: t('uploadHistory.size'),
            dataIndex: 'bytes',
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : bytes(v)),
          },
          {
            title: t('uploadHistory.rows'),
            dataIndex: 'rows',
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : v.toLocaleString()),
          },
          {
            title: t('uploadHistory.took'),
            key: 'took',
            align: 'right',
            render: (_: unknown, u) =>
              u.finishedAt ? duration(Date.parse(u.finishedAt) - Date.parse(u.createdAt)) : '—',
          },
          {
            title: t('uploadHistory.reason'),
            key: 'error',
            render: (_: unknown, u) =>
              u.error ? (
                <Space orientation="vertical" size={0}>
                  <Typography.Text data-testid="upload-history-error">{u.error.detail}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <code>{u.error.code}</code> · {t(`uploadPhase.${u.phase}` as MessageKey)}
                  </Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
