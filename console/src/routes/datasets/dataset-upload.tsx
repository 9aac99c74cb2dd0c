// Uploading a file as a dataset's next version: drop or pick it, watch the bytes go (XMLHttpRequest upload
// progress), then follow the server as it converts it to Parquet, profiles, classifies and scores it (the upload's
// record, polled by the id the console gave it). A file the server refuses shows the problem's detail, which names
// the row or cell (e.g. "line 3 has 2 fields where the header has 3"); a stored version refreshes the dataset.
import { CheckCircleOutlined, InboxOutlined, LoadingOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Progress, Space, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { UploadAborted, uploadVersion, type Upload as Sending, type UploadedVersion } from '../../api/upload';
import { datasetKeys, useUploadRecord } from '../../hooks/api';
import { useI18n } from '../../i18n';
import { bytes } from './dataset-labels';
import { UploadSteps } from './upload-progress';

type State =
  | { phase: 'idle' }
  | { phase: 'uploading'; name: string; sent: number; total: number }
  | { phase: 'processing'; name: string; total: number }
  | { phase: 'done'; name: string; total: number; version: UploadedVersion }
  | { phase: 'failed'; name: string; error: ApiError };

const ACCEPT = '.csv,.txt,.tsv,.xlsx,.json,.jsonl,.ndjson,.parquet';

export function DatasetUpload({ idOrSlug, onStored }: { idOrSlug: string; onStored?: (v: number) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [full, setFull] = useState(false);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [uploadId, setUploadId] = useState<string | undefined>();
  // The server's record of the upload: polled from the moment the bytes are sent until the answer arrives.
  const record = useUploadRecord(idOrSlug, uploadId, state.phase === 'processing');
  const sending = useRef<Sending | null>(null);
  // Leaving the page cancels an upload in flight.
  useEffect(() => () => sending.current?.abort(), []);
  const busy = state.phase === 'uploading' || state.phase === 'processing';
  const percent =
    state.phase !== 'uploading' ? 100 : state.total === 0 ? 0 : Math.floor((state.sent / state.total) * 100);

  const start = (file: File) => {
    const name = file.name;
    const id = crypto.randomUUID();
    setUploadId(undefined);
    setState({ phase: 'uploading', name, sent: 0, total: file.size });
    const upload = uploadVersion(idOrSlug, file, {
      full,
      uploadId: id,
      onProgress: (sent, total) => setState({ phase: 'uploading', name, sent, total }),
      onSent: () => {
        setUploadId(id);
        // The history shows the upload running (and polls it until it ends).
        void qc.invalidateQueries({ queryKey: ['datasets', 'uploads'] });
        setState({ phase: 'processing', name, total: file.size });
      },
    });
    sending.current = upload;
    upload.done.then(
      async (version) => {
        sending.current = null;
        setUploadId(id);
        setState({ phase: 'done', name, total: file.size, version });
        await Promise.all([
          qc.invalidateQueries({ queryKey: datasetKeys.upload(idOrSlug, id) }),
          qc.invalidateQueries({ queryKey: ['datasets'] }),
          qc.invalidateQueries({ queryKey: ['catalog'] }),
        ]);
        onStored?.(version.number);
      },
      (error: unknown) => {
        sending.current = null;
        void qc.invalidateQueries({ queryKey: ['datasets', 'uploads'] });
        void qc.invalidateQueries({ queryKey: datasetKeys.upload(idOrSlug, id) });
        if (error instanceof UploadAborted) setState({ phase: 'idle' });
        else
          setState({
            phase: 'failed',
            name,
            error:
              error instanceof ApiError
                ? error
                : new ApiError({
                    type: 'about:blank',
                    title: 'Error',
                    status: 0,
                    detail: String(error),
                    code: 'UPLOAD_FAILED',
                  }),
          });
      },
    );
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="upload" data-phase={state.phase}>
      <div data-testid="upload-drop">
        <Upload.Dragger
          accept={ACCEPT}
          multiple={false}
          showUploadList={false}
          disabled={busy}
          // The file goes through uploadVersion (XMLHttpRequest with progress); Ant Design only picks it.
          beforeUpload={(file) => {
            start(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('upload.drop')}</p>
          <p className="ant-upload-hint">{t('upload.hint')}</p>
        </Upload.Dragger>
      </div>
      <Checkbox
        checked={full}
        disabled={busy}
        data-testid="upload-full"
        onChange={(e) => setFull(e.target.checked)}
      >
        {t('upload.fullScan')}
      </Checkbox>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('upload.fullScanHint')}
      </Typography.Text>
      {state.phase !== 'idle' && state.phase !== 'failed' && (
        <div data-testid="upload-progress" data-percent={percent}>
          <Typography.Text>
            <span data-testid="upload-name">{state.name}</span>
          </Typography.Text>
          <Progress percent={percent} status={state.phase === 'done' ? 'success' : 'active'} />
          <Space wrap>
            <Typography.Text type="secondary" data-testid="upload-bytes">
              {t('upload.sent', {
                sent: bytes(state.phase === 'uploading' ? state.sent : state.total),
                total: bytes(state.total),
              })}
            </Typography.Text>
            {state.phase === 'uploading' && (
              <Button size="small" data-testid="upload-cancel" onClick={() => sending.current?.abort()}>
                {t('common.cancel')}
              </Button>
            )}
          </Space>
          {state.phase === 'processing' && (
            <Alert
              type="info"
              showIcon
              icon={<LoadingOutlined />}
              data-testid="upload-processing"
              title={t('upload.processing')}
              description={t(full ? 'upload.processingFull' : 'upload.processingSample')}
              style={{ marginTop: 8 }}
            />
          )}
          {(state.phase === 'processing' || state.phase === 'done') && record.data && (
            <div style={{ marginTop: 12 }}>
              <UploadSteps record={record.data} />
            </div>
          )}
          {state.phase === 'done' && (
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              data-testid="upload-done"
              title={t('upload.stored', {
                n: state.version.number,
                rows: state.version.rows.toLocaleString(),
              })}
              style={{ marginTop: 8 }}
            />
          )}
        </div>
      )}
      {state.phase === 'failed' && <UploadError name={state.name} error={state.error} />}
      {/* Where the server was when it refused the file (none when it was refused before it was read). */}
      {state.phase === 'failed' && uploadId && record.data && <UploadSteps record={record.data} />}
    </Space>
  );
}

/** The server's refusal: what was wrong (the detail names the row or cell), and its code. */
function UploadError({ name, error }: { name: string; error: ApiError }) {
  const { t } = useI18n();
  const p = error.problem;
  const title =
    p.status === 413
      ? t('upload.tooLarge')
      : p.status === 415
        ? t('upload.unsupported')
        : p.status === 422 || p.status === 400
          ? t('upload.refused')
          : p.code === 'NETWORK_ERROR'
            ? t('upload.network')
            : t('upload.failed');
  return (
    <Alert
      type="error"
      showIcon
      data-testid="upload-error"
      title={
        <>
          {title} <Typography.Text type="secondary">({name})</Typography.Text>
        </>
      }
      description={
        <>
          <div data-testid="upload-error-detail" style={{ fontWeight: 500, whiteSpace: 'pre-wrap' }}>
            {p.detail}
          </div>
          {/* Field errors that only repeat the detail (an ingestion error names its row in both) are left out. */}
          {p.errors
            ?.filter((e) => e.message !== p.detail)
            .map((e) => (
              <div key={`${e.field}:${e.message}`}>
                <code>{e.field}</code> {e.message}
              </div>
            ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('upload.code', { code: p.code, status: p.status })}
          </Typography.Text>
        </>
      }
    />
  );
}
