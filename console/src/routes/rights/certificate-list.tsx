// Certificates (登记证书): the organization's, or all for the authority, who may revoke one (撤销登记).
import { Button, Card, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormModal } from '../../components/FormModal';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import { useCertificates, useRevokeCertificate, type CertificateSummary } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import { CertificateStatusTag, useRightsNames } from './rights-labels';

const FILTERS = ['valid', 'superseded', 'cancelled', 'revoked'] as const;

export function CertificateList() {
  const { t } = useI18n();
  const names = useRightsNames();
  const session = useSession();
  const [query, setQuery] = useState<{ limit: number; offset: number; status?: (typeof FILTERS)[number] }>({
    limit: 20,
    offset: 0,
  });
  const list = useCertificates(query);
  const [revoking, setRevoking] = useState<string>();
  const authority = session.can('authority');
  return (
    <Card
      title={t('nav.rightsCertificates')}
      extra={
        <Select
          allowClear
          placeholder={t('common.status')}
          style={{ width: 160 }}
          value={query.status}
          onChange={(status) => setQuery({ ...query, offset: 0, status })}
          options={FILTERS.map((s) => ({ value: s, label: t(`cert.status.${s}`) }))}
        />
      }
    >
      <Table<CertificateSummary>
        rowKey="number"
        data-testid="certificates"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          {
            title: t('cert.number'),
            dataIndex: 'number',
            render: (n: string) => <Link to={`/certificates/${n}`}>{n}</Link>,
          },
          { title: t('rights.rightType'), dataIndex: 'rightType', render: names.rightType },
          { title: t('cert.holder'), key: 'holder', render: (_: unknown, c) => c.holder.name },
          {
            title: t('rights.subject'),
            key: 'subject',
            render: (_: unknown, c) => <Link to={`/rights/subjects/${c.subject.id}`}>{c.subject.title}</Link>,
          },
          {
            title: t('rights.validity'),
            key: 'validity',
            render: (_: unknown, c) => `${c.validFrom} ~ ${c.validUntil ?? t('rights.indefinite')}`,
          },
          { title: t('cert.issuedAt'), dataIndex: 'issuedAt', render: time },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: CertificateSummary['status'], c) => (
              <span title={c.statusReason ?? undefined}>
                <CertificateStatusTag status={s} />
              </span>
            ),
          },
          ...(authority
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, c: CertificateSummary) =>
                    c.status === 'valid' && (
                      <Button size="small" danger onClick={() => setRevoking(c.number)}>
                        {t('cert.revoke')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {revoking && <RevokeModal number={revoking} onClose={() => setRevoking(undefined)} />}
    </Card>
  );
}

function RevokeModal({ number, onClose }: { number: string; onClose: () => void }) {
  const { t } = useI18n();
  const revoke = useRevokeCertificate();
  return (
    <FormModal<{ reason: string }>
      title={`${t('cert.revoke')} · ${number}`}
      onClose={onClose}
      pending={revoke.isPending}
      onSubmit={(v) => revoke.mutateAsync({ number, reason: v.reason })}
    >
      <Form.Item name="reason" label={t('cert.revokeReason')} rules={[{ required: true, max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
