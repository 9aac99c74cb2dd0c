// Consistency between two tree sizes: the proof, and its verification in this browser (RFC 9162 §2.1.4.2),
// against an earlier root the user kept (or the server's) and the signed checkpoint's root.
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useConsistencyProof } from '../../hooks/api';
import { equalBytes, fromBase64, fromHex, type Bytes } from '../../ledger/bytes';
import { rootsFromConsistencyProof, treeHasher } from '../../ledger/merkle';
import { useI18n } from '../../i18n';
import type { CheckedCheckpoint } from './use-checkpoint';
import { Compared, Verdict, type Check } from './verdict';

/** A 32-byte hash as 64 hex digits or as base64 (the spelling in checkpoints). */
function readHash(text: string): Bytes | undefined {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? fromHex(trimmed) : fromBase64(trimmed);
  return bytes?.length === 32 ? bytes : undefined;
}

interface Request {
  from: number;
  to: number;
  /** The earlier root as the user entered it; empty: take the server's. */
  oldRoot: string;
}

interface Result extends Request {
  checks: Check[];
}

export function ConsistencyCheck({ checked }: { checked: CheckedCheckpoint }) {
  const { t } = useI18n();
  const { checkpoint } = checked;
  const [form] = Form.useForm<Request>();
  const [request, setRequest] = useState<Request>();
  const proof = useConsistencyProof(request && { from: request.from, to: request.to });
  const [result, setResult] = useState<Result>();
  const [verifying, setVerifying] = useState(false);
  const shown =
    result && request && result.from === request.from && result.to === request.to ? result : undefined;
  const from = t('ledger.from');

  async function verify(current: Request) {
    if (!proof.data || !checked.hash) return;
    setVerifying(true);
    try {
      const hasher = treeHasher(checked.hash);
      const mine = current.oldRoot.trim() !== '';
      const oldRoot = mine ? readHash(current.oldRoot) : fromHex(proof.data.fromRoot);
      // The signed checkpoint's root when the later size is its size; otherwise only the server's word.
      const signed = current.to === checkpoint.size;
      const newRoot = signed ? checkpoint.root : fromHex(proof.data.toRoot);
      const path = proof.data.proof.map(fromHex);
      const computed =
        oldRoot && path.every((p) => p !== undefined)
          ? await rootsFromConsistencyProof(hasher, current.from, current.to, path, oldRoot)
          : undefined;
      const checks: Check[] = [
        { label: t('ledger.check.consistencyPath'), ok: computed !== undefined },
        {
          label: t('ledger.check.oldRoot'),
          ok: computed !== undefined && oldRoot !== undefined && equalBytes(computed.root1, oldRoot),
          detail: (
            <Compared
              computed={computed?.root1}
              expected={oldRoot}
              source={t(mine ? 'ledger.fromYou' : 'ledger.fromServer')}
            />
          ),
        },
        {
          label: t('ledger.check.newRoot'),
          ok: computed !== undefined && newRoot !== undefined && equalBytes(computed.root2, newRoot),
          detail: (
            <Compared
              computed={computed?.root2}
              expected={newRoot}
              source={t(signed ? 'ledger.fromCheckpoint' : 'ledger.fromServer')}
            />
          ),
        },
      ];
      if (signed)
        checks.push({
          label: t('ledger.check.signature'),
          ok: checked.signature === 'unsupported' ? undefined : checked.signature === 'valid',
        });
      setResult({ ...current, checks });
    } finally {
      setVerifying(false);
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('ledger.consistencyHint')}</Typography.Text>
      <Form<Request>
        form={form}
        layout="vertical"
        disabled={checkpoint.size === 0}
        initialValues={{
          from: Math.max(1, Math.floor(checkpoint.size / 2)),
          to: checkpoint.size,
          oldRoot: '',
        }}
        onFinish={(values) => setRequest({ ...values, oldRoot: values.oldRoot ?? '' })}
      >
        <Space wrap align="start">
          <Form.Item name="from" label={from} rules={[{ required: true, message: t('error.required') }]}>
            <InputNumber<number> min={1} max={checkpoint.size} precision={0} data-testid="consistency-from" />
          </Form.Item>
          <Form.Item
            name="to"
            label={t('ledger.to')}
            dependencies={['from']}
            rules={[
              { required: true, message: t('error.required') },
              ({ getFieldValue }) => ({
                validator: (_, to: number | null) =>
                  to === null || to >= (getFieldValue('from') as number)
                    ? Promise.resolve()
                    : Promise.reject(new Error(`≥ ${from}`)),
              }),
            ]}
          >
            <InputNumber<number> min={1} max={checkpoint.size} precision={0} data-testid="consistency-to" />
          </Form.Item>
        </Space>
        <Form.Item
          name="oldRoot"
          label={t('ledger.oldRoot')}
          extra={t('ledger.oldRootHint')}
          rules={[
            {
              validator: (_, text: string | undefined) =>
                !text?.trim() || readHash(text)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('ledger.badHash'))),
            },
          ]}
        >
          <Input allowClear style={{ fontFamily: 'monospace' }} data-testid="consistency-old-root" />
        </Form.Item>
        <Space>
          <Button htmlType="submit" icon={<SearchOutlined />} data-testid="consistency-fetch">
            {t('ledger.fetchProof')}
          </Button>
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verifying}
            disabled={!proof.data || !checked.hash}
            data-testid="consistency-verify"
            onClick={() =>
              void form.validateFields().then((values) => {
                const current = { ...values, oldRoot: values.oldRoot ?? '' };
                // Changed sizes need their own proof first; a changed root is checked against this one.
                if (current.from !== request?.from || current.to !== request?.to) setRequest(current);
                else return verify(current);
              })
            }
          >
            {t('ledger.verify')}
          </Button>
        </Space>
      </Form>
      {proof.error && <Alert type="error" showIcon title={proof.error.message} />}
      {proof.data && (
        <div data-testid="consistency-proof">
          <Typography.Text type="secondary">
            {t('ledger.proofNodes', { n: proof.data.proof.length })}
          </Typography.Text>
          <ol start={0} style={{ margin: '4px 0 0', paddingLeft: 28 }}>
            {proof.data.proof.map((h, i) => (
              <li key={i}>
                <code style={{ fontSize: 11, wordBreak: 'break-all' }}>{h}</code>
              </li>
            ))}
          </ol>
        </div>
      )}
      {shown && (
        <Verdict
          checks={shown.checks}
          testId="consistency-verdict"
          summary={{
            valid: t('ledger.consistencyValid', { from: shown.from, to: shown.to }),
            invalid: t('ledger.consistencyInvalid', { from: shown.from, to: shown.to }),
          }}
        />
      )}
    </Space>
  );
}
