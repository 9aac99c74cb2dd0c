// The green, red or amber verdict of a proof check in the browser, with each check and what it compared.
import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Alert, Typography } from 'antd';
import type { ReactNode } from 'react';
import { toHex } from '../../ledger/bytes';
import { useI18n } from '../../i18n';

export interface Check {
  label: string;
  /** Undefined: this browser could not check it. */
  ok: boolean | undefined;
  detail?: ReactNode;
}

export type Outcome = 'valid' | 'invalid' | 'inconclusive';

export const outcomeOf = (checks: readonly Check[]): Outcome =>
  checks.some((c) => c.ok === false)
    ? 'invalid'
    : checks.some((c) => c.ok === undefined)
      ? 'inconclusive'
      : 'valid';

const ALERT_TYPE = { valid: 'success', invalid: 'error', inconclusive: 'warning' } as const;
const TITLE = {
  valid: 'ledger.valid',
  invalid: 'ledger.invalid',
  inconclusive: 'ledger.inconclusive',
} as const;

export function Verdict({
  checks,
  summary,
  testId,
}: {
  checks: readonly Check[];
  /** What a valid result proves, and what an invalid one fails to. */
  summary: { valid: string; invalid: string };
  testId: string;
}) {
  const { t } = useI18n();
  const outcome = outcomeOf(checks);
  return (
    <Alert
      showIcon
      type={ALERT_TYPE[outcome]}
      data-testid={testId}
      data-outcome={outcome}
      title={
        <>
          <Typography.Text strong>{t(TITLE[outcome])}</Typography.Text>{' '}
          {outcome === 'valid' ? summary.valid : summary.invalid}
        </>
      }
      description={
        <ul style={{ listStyle: 'none', paddingLeft: 0, margin: 0 }}>
          {checks.map((c) => (
            <li key={c.label} style={{ marginTop: 6 }}>
              {c.ok === true ? (
                <CheckCircleFilled style={{ color: '#52c41a' }} />
              ) : c.ok === false ? (
                <CloseCircleFilled style={{ color: '#f5222d' }} />
              ) : (
                <QuestionCircleFilled style={{ color: '#faad14' }} />
              )}{' '}
              {c.label}
              {c.detail && <div style={{ marginLeft: 20 }}>{c.detail}</div>}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** A hash in full, in a small monospace font, copyable. */
export function HashText({ hash, testId }: { hash: Uint8Array | string; testId?: string }) {
  const text = typeof hash === 'string' ? hash : toHex(hash);
  return (
    <Typography.Text
      code
      copyable={{ text }}
      data-testid={testId}
      style={{ fontSize: 12, wordBreak: 'break-all' }}
    >
      {text}
    </Typography.Text>
  );
}

/** "computed … / expected …" under a check that compares two hashes; `source` says where the expected one is from. */
export function Compared({
  computed,
  expected,
  source,
}: {
  computed?: Uint8Array | undefined;
  expected?: Uint8Array | undefined;
  source?: string;
}) {
  const { t } = useI18n();
  return (
    <div style={{ fontSize: 12 }}>
      <div>
        {t('ledger.computed')}: {computed ? <HashText hash={computed} /> : '—'}
      </div>
      <div>
        {t('ledger.expected')}
        {source && ` (${source})`}: {expected ? <HashText hash={expected} /> : '—'}
      </div>
    </div>
  );
}
