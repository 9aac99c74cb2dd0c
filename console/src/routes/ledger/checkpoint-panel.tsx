// The latest checkpoint: origin, size, root, who signed it and whether the signature holds, and the note itself.
import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Descriptions, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { toHex } from '../../ledger/bytes';
import type { SignatureCheck } from '../../ledger/note';
import { useI18n } from '../../i18n';
import type { CheckedCheckpoint } from './use-checkpoint';
import { HashText } from './verdict';

const SIGNATURE_TAG: Record<SignatureCheck, { color: string; icon: ReactNode }> = {
  valid: { color: 'success', icon: <CheckCircleFilled /> },
  invalid: { color: 'error', icon: <CloseCircleFilled /> },
  unsigned: { color: 'error', icon: <CloseCircleFilled /> },
  unsupported: { color: 'warning', icon: <QuestionCircleFilled /> },
};

export function CheckpointPanel({ checked }: { checked: CheckedCheckpoint }) {
  const { t } = useI18n();
  const { checkpoint, signature, signedBy } = checked;
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        bordered
        data-testid="checkpoint"
        styles={{ label: { width: 150 } }}
        items={[
          {
            key: 'origin',
            label: t('ledger.origin'),
            children: (
              <>
                <code data-testid="checkpoint-origin">{checkpoint.origin}</code>{' '}
                {!checked.originMatches && <Tag color="error">{t('ledger.originMismatch')}</Tag>}
              </>
            ),
          },
          {
            key: 'size',
            label: t('ledger.size'),
            children: <span data-testid="checkpoint-size">{checkpoint.size}</span>,
          },
          {
            key: 'root',
            label: t('ledger.root'),
            children: <HashText hash={checkpoint.root} testId="checkpoint-root" />,
          },
          {
            key: 'hash',
            label: t('ledger.hash'),
            children: checked.hash
              ? t(`ledger.hash.${checked.hash}`)
              : t('ledger.hash.unknown', { name: checked.hashName ?? '' }),
          },
          {
            key: 'signedBy',
            label: t('ledger.signedBy'),
            children: signedBy ? (
              <>
                <code>{signedBy.name}</code> <Tag>{signedBy.type}</Tag>
                <Typography.Text type="secondary">ID {toHex(signedBy.keyId)}</Typography.Text>
              </>
            ) : (
              '—'
            ),
          },
          {
            key: 'signature',
            label: t('ledger.signature'),
            children: (
              <Tag
                color={SIGNATURE_TAG[signature].color}
                icon={SIGNATURE_TAG[signature].icon}
                data-testid="checkpoint-signature"
                data-signature={signature}
              >
                {t(`ledger.signature.${signature}`)}
              </Tag>
            ),
          },
          {
            key: 'verifierKey',
            label: t('ledger.verifierKey'),
            children: (
              <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {checked.verifierKey}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 4px' }}>
        {t('ledger.rawNote')}
      </Typography.Text>
      <Typography.Paragraph copyable={{ text: checked.note }} style={{ marginBottom: 0 }}>
        <pre data-testid="checkpoint-note" style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
          {checked.note}
        </pre>
      </Typography.Paragraph>
    </>
  );
}
