// The public certificate page (数据权益登记证书): a printable certificate with a QR code back to this page, the
// document as served for `liutong cert verify`, and the same verification done in this browser.
import { DownloadOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Spin, Typography } from 'antd';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { time } from '../../components/labels';
import { useCertificate, useLedgerPublicKey, type CertificateDocument } from '../../hooks/api';
import { verifyCertificateDocument, type CertificateCheckName } from '../../ledger/certificate';
import { useI18n } from '../../i18n';
import { Compared, Verdict, type Check } from '../ledger/verdict';
import { CertificateStatusTag, useRightsNames } from './rights-labels';

/** Only the certificate is printed: the console's frame and the buttons are hidden. */
const PRINT_CSS = `
@media print {
  .app-chrome, .no-print { display: none !important; }
  .ant-layout-content { margin: 0 !important; }
  .certificate-sheet { box-shadow: none !important; border: 2px solid #8a6d1f !important; }
  body { background: #fff !important; }
}`;

export function CertificatePage() {
  const { number } = useParams();
  const { t } = useI18n();
  const doc = useCertificate(number!);
  if (!doc.data) {
    if (doc.error)
      return <Alert type="error" showIcon data-testid="certificate-error" title={doc.error.message} />;
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  }
  const url = `${window.location.origin}/certificates/${doc.data.certificate.number}`;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 960, margin: '0 auto' }}>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" wrap>
        <Button icon={<PrinterOutlined />} data-testid="print" onClick={() => window.print()}>
          {t('cert.print')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          data-testid="download-json"
          onClick={() => void downloadDocument(doc.data.certificate.number)}
        >
          {t('cert.downloadJson')}
        </Button>
        <Typography.Text type="secondary">{t('cert.cliHint')}</Typography.Text>
      </Space>
      <CertificateSheet doc={doc.data} url={url} />
      <div className="no-print">
        <VerifyPanel doc={doc.data} />
      </div>
    </Space>
  );
}

/** The document exactly as served: what the CLI checks. */
async function downloadDocument(number: string) {
  const res = await fetch(`/api/v1/certificates/${encodeURIComponent(number)}`);
  const blob = new Blob([await res.text()], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${number}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

function CertificateSheet({ doc, url }: { doc: CertificateDocument; url: string }) {
  const { t } = useI18n();
  const names = useRightsNames();
  const c = doc.certificate;
  const row = (label: string, value: React.ReactNode, testId?: string) => (
    <tr>
      <th
        style={{
          textAlign: 'left',
          padding: '8px 16px 8px 0',
          width: 170,
          color: '#6b5a2e',
          fontWeight: 500,
        }}
      >
        {label}
      </th>
      <td style={{ padding: '8px 0' }} data-testid={testId}>
        {value}
      </td>
    </tr>
  );
  return (
    <div
      className="certificate-sheet"
      data-testid="certificate-sheet"
      style={{
        background: '#fffdf6',
        border: '6px double #b8963a',
        padding: '40px 48px',
        boxShadow: '0 2px 12px rgba(0,0,0,0.08)',
        position: 'relative',
      }}
    >
      {doc.status !== 'valid' && (
        <Alert
          type="error"
          showIcon
          data-testid="certificate-status-banner"
          style={{ marginBottom: 16 }}
          title={t('cert.notValid', { status: t(`cert.status.${doc.status}`) })}
          description={doc.statusReason}
        />
      )}
      <div style={{ textAlign: 'center', marginBottom: 24 }}>
        <Typography.Title
          level={2}
          style={{ margin: 0, letterSpacing: 6, color: '#7a5c12' }}
          data-testid="certificate-title"
        >
          {t('cert.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('cert.subtitle')}</Typography.Text>
      </div>
      <div style={{ display: 'flex', gap: 32, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <table style={{ flex: 1, minWidth: 420, borderCollapse: 'collapse' }}>
          <tbody>
            {row(
              t('cert.number'),
              <Typography.Text strong>{c.number}</Typography.Text>,
              'certificate-number',
            )}
            {row(t('rights.rightType'), names.rightType(c.rightType), 'certificate-right')}
            {row(t('cert.holder'), c.holder.name, 'certificate-holder')}
            {row(t('org.creditCode'), c.holder.creditCode ?? '—')}
            {row(
              t('rights.subject'),
              <Link to={`/rights/subjects/${c.subject.id}`} data-testid="certificate-subject">
                {c.subject.title}
              </Link>,
            )}
            {row(
              `${t('rights.subjectKind')} / ${t('rights.grade')}`,
              `${names.subjectKind(c.subject.kind)} / ${names.grade(c.subject.grade)}`,
            )}
            {row(
              t('rights.contentHash'),
              <code style={{ fontSize: 11, wordBreak: 'break-all' }}>{c.subject.contentHash}</code>,
            )}
            {row(t('rights.scope'), c.scope ?? '—')}
            {row(t('rights.validity'), `${c.validFrom} ~ ${c.validUntil ?? t('rights.indefinite')}`)}
            {row(t('rights.kind'), names.kind(c.registrationKind))}
            {row(t('cert.issuedAt'), time(c.issuedAt))}
            {row(t('cert.issuer'), c.issuer)}
            {row(t('cert.application'), c.applicationNumber)}
            {c.supersedes &&
              row(t('cert.supersedes'), <Link to={`/certificates/${c.supersedes}`}>{c.supersedes}</Link>)}
            {row(
              t('cert.ledgerIndex'),
              doc.ledger ? (
                <Link to="/ledger" data-testid="certificate-ledger-index">
                  #{doc.ledger.index}
                </Link>
              ) : (
                <Typography.Text type="secondary">{t('cert.ledgerPending')}</Typography.Text>
              ),
            )}
            {row(t('common.status'), <CertificateStatusTag status={doc.status} />, 'certificate-status')}
          </tbody>
        </table>
        <div style={{ textAlign: 'center', width: 180 }}>
          <QRCodeSVG value={url} size={160} level="M" data-testid="certificate-qr" data-url={url} />
          <div style={{ fontSize: 12, color: '#888', marginTop: 8 }}>{t('cert.scanToVerify')}</div>
        </div>
      </div>
    </div>
  );
}

const CHECK_LABEL: Record<
  CertificateCheckName,
  | 'cert.check.signature'
  | 'cert.check.signedText'
  | 'cert.check.ledgerEntry'
  | 'cert.check.leafHash'
  | 'cert.check.checkpoint'
  | 'cert.check.inclusion'
> = {
  signature: 'cert.check.signature',
  signedText: 'cert.check.signedText',
  ledgerEntry: 'cert.check.ledgerEntry',
  leafHash: 'cert.check.leafHash',
  checkpoint: 'cert.check.checkpoint',
  inclusion: 'cert.check.inclusion',
};

function VerifyPanel({ doc }: { doc: CertificateDocument }) {
  const { t } = useI18n();
  const published = useLedgerPublicKey();
  const [checks, setChecks] = useState<Check[]>();
  const [verifying, setVerifying] = useState(false);
  async function verify() {
    if (!published.data) return;
    setVerifying(true);
    try {
      // Trust the platform's published keys (current and earlier), never the key the document names.
      const trusted = [published.data.verifierKey, ...(published.data.keys ?? []).map((k) => k.verifierKey)];
      const result = await verifyCertificateDocument(doc, trusted);
      setChecks(
        result.checks.map((c) => ({
          label: `${t(CHECK_LABEL[c.name])}${c.detail ? ` (${c.detail === 'pending' ? t('cert.ledgerPending') : c.detail})` : ''}`,
          ok: c.ok,
          detail:
            c.computed || c.expected ? <Compared computed={c.computed} expected={c.expected} /> : undefined,
        })),
      );
    } finally {
      setVerifying(false);
    }
  }
  return (
    <Card title={t('cert.verifyTitle')} size="small">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('cert.verifyHint')}</Typography.Text>
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          loading={verifying}
          disabled={!published.data}
          data-testid="certificate-verify"
          onClick={() => void verify()}
        >
          {t('cert.verify')}
        </Button>
        {published.error && <Alert type="error" showIcon title={published.error.message} />}
        {checks && (
          <Verdict
            checks={checks}
            testId="certificate-verdict"
            summary={{
              valid: t('cert.verifyValid', { number: doc.certificate.number }),
              invalid: t('cert.verifyInvalid', { number: doc.certificate.number }),
            }}
          />
        )}
      </Space>
    </Card>
  );
}
