// The proof viewer: an entry's audit path in the latest checkpoint, and its verification in this browser
// (leaf hash from the body, then RFC 9162 §2.1.3.2 up to the checkpoint's root).
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, InputNumber, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useInclusionProof, useLedgerEntry } from '../../hooks/api';
import { equalBytes, fromHex, utf8 } from '../../ledger/bytes';
import { rootFromInclusionProof, treeHasher, type PathStep } from '../../ledger/merkle';
import { useI18n } from '../../i18n';
import type { CheckedCheckpoint } from './use-checkpoint';
import { Compared, HashText, Verdict, type Check } from './verdict';

interface Result {
  index: number;
  size: number;
  checks: Check[];
  steps: PathStep[];
}

export function InclusionCheck({
  checked,
  index,
  onIndex,
}: {
  checked: CheckedCheckpoint;
  index: number | undefined;
  onIndex: (index: number) => void;
}) {
  const { t } = useI18n();
  const { checkpoint } = checked;
  const size = checkpoint.size;
  const [draft, setDraft] = useState<number | null>(null);
  const entry = useLedgerEntry(index);
  const proof = useInclusionProof(index, index === undefined ? undefined : size);
  const [result, setResult] = useState<Result>();
  const [verifying, setVerifying] = useState(false);
  // A result answers for one entry in one tree; another choice hides it.
  const shown = result?.index === index && result?.size === size ? result : undefined;
  const error = entry.error ?? proof.error;

  async function verify() {
    if (!entry.data || !proof.data || !checked.hash || index === undefined) return;
    setVerifying(true);
    try {
      const hasher = treeHasher(checked.hash);
      const leaf = await hasher.hashLeaf(utf8(entry.data.body));
      const recorded = fromHex(entry.data.leafHash);
      const path = proof.data.proof.map(fromHex);
      const computed = path.every((p) => p !== undefined)
        ? await rootFromInclusionProof(hasher, index, size, leaf, path)
        : undefined;
      setResult({
        index,
        size,
        steps: computed?.steps ?? [],
        checks: [
          {
            label: t('ledger.check.leaf'),
            ok: recorded !== undefined && equalBytes(leaf, recorded),
            detail: <Compared computed={leaf} expected={recorded} />,
          },
          { label: t('ledger.check.path'), ok: computed !== undefined },
          {
            label: t('ledger.check.root'),
            ok: computed !== undefined && equalBytes(computed.root, checkpoint.root),
            detail: (
              <Compared
                computed={computed?.root}
                expected={checkpoint.root}
                source={t('ledger.fromCheckpoint')}
              />
            ),
          },
          {
            label: t('ledger.check.signature'),
            ok: checked.signature === 'unsupported' ? undefined : checked.signature === 'valid',
          },
        ],
      });
    } finally {
      setVerifying(false);
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('ledger.inclusionHint', { size })}</Typography.Text>
      <Space.Compact>
        <InputNumber<number>
          min={0}
          max={Math.max(0, size - 1)}
          precision={0}
          disabled={size === 0}
          placeholder={t('ledger.index')}
          value={draft ?? index ?? null}
          onChange={setDraft}
          data-testid="inclusion-index"
          style={{ width: 160 }}
        />
        <Button
          icon={<SearchOutlined />}
          disabled={size === 0 || (draft ?? index) === undefined}
          data-testid="inclusion-fetch"
          onClick={() => {
            const chosen = draft ?? index;
            if (chosen !== undefined) onIndex(chosen);
            setDraft(null);
          }}
        >
          {t('ledger.fetchProof')}
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon title={error.message} />}
      {entry.data && proof.data && (
        <>
          <Typography.Text>
            {t('ledger.entry', { index: entry.data.index })} · {t('ledger.leafHash')}:{' '}
            <HashText hash={entry.data.leafHash} />
          </Typography.Text>
          <Table
            rowKey="level"
            size="small"
            pagination={false}
            data-testid="audit-path"
            title={() => t('ledger.auditPath', { n: proof.data.proof.length })}
            dataSource={proof.data.proof.map((sibling, level) => ({
              level,
              sibling,
              step: shown?.steps[level],
            }))}
            columns={[
              { title: t('ledger.step'), dataIndex: 'level', width: 60 },
              {
                title: t('ledger.sibling'),
                dataIndex: 'sibling',
                render: (h: string) => <code style={{ fontSize: 11, wordBreak: 'break-all' }}>{h}</code>,
              },
              {
                title: t('ledger.side'),
                key: 'side',
                width: 90,
                render: (_: unknown, r) => (r.step ? t(`ledger.side.${r.step.side}`) : '—'),
              },
            ]}
          />
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verifying}
            disabled={!checked.hash}
            data-testid="inclusion-verify"
            onClick={() => void verify()}
          >
            {t('ledger.verify')}
          </Button>
          {shown && (
            <Verdict
              checks={shown.checks}
              testId="inclusion-verdict"
              summary={{
                valid: t('ledger.inclusionValid', { index: shown.index, size: shown.size }),
                invalid: t('ledger.inclusionInvalid', { index: shown.index, size: shown.size }),
              }}
            />
          )}
        </>
      )}
    </Space>
  );
}
