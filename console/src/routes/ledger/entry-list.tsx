// The log's entries, newest first, a page at a time; a drawer shows one entry's canonical body.
import { Button, Descriptions, Drawer, Table, Typography } from 'antd';
import { useState } from 'react';
import { offsetPagination } from '../../components/paging';
import { time } from '../../components/labels';
import { useLedgerEntries, useOrganizations, type LedgerEntry } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import { abbreviate, readEventBody } from './entry-body';
import { HashText } from './verdict';

export function EntryList({ size, onProve }: { size: number; onProve: (index: number) => void }) {
  const { t } = useI18n();
  const { loggedIn } = useSession();
  const [query, setQuery] = useState({ limit: 10, offset: 0 });
  // Newest first: page 1 ends at the checkpoint's size.
  const end = Math.max(0, size - query.offset);
  const entries = useLedgerEntries(Math.max(0, end - query.limit), end);
  // Visitors see organization IDs; a signed-in user sees the names of the organizations visible to them.
  const orgs = useOrganizations({ limit: 200, offset: 0 }, loggedIn);
  const orgName = (id: string | null | undefined) =>
    id ? (orgs.data?.items.find((o) => o.id === id)?.name ?? abbreviate(id)) : '—';
  const [open, setOpen] = useState<LedgerEntry>();
  const rows = [...(entries.data ?? [])].reverse();

  return (
    <>
      <Table<LedgerEntry>
        rowKey="index"
        size="small"
        data-testid="ledger-entries"
        loading={entries.isFetching}
        dataSource={size === 0 ? [] : rows}
        locale={{ emptyText: t('ledger.empty') }}
        pagination={offsetPagination(query, setQuery, size, (n) => t('common.total', { n }))}
        tableLayout="fixed"
        scroll={{ x: 1040 }}
        columns={[
          { title: t('ledger.index'), dataIndex: 'index', width: 70 },
          {
            title: t('ledger.eventType'),
            key: 'type',
            width: 230,
            ellipsis: true,
            render: (_: unknown, e) => <code>{readEventBody(e.body).type ?? '?'}</code>,
          },
          {
            title: t('ledger.subject'),
            key: 'subject',
            width: 160,
            ellipsis: true,
            render: (_: unknown, e) => {
              const subject = readEventBody(e.body).subject;
              return subject ? `${subject.type ?? '?'}:${abbreviate(subject.id)}` : '—';
            },
          },
          {
            title: t('ledger.actorOrg'),
            key: 'actorOrg',
            width: 170,
            ellipsis: true,
            render: (_: unknown, e) => orgName(readEventBody(e.body).actorOrg),
          },
          {
            title: t('ledger.at'),
            key: 'at',
            width: 165,
            render: (_: unknown, e) => time(readEventBody(e.body).at),
          },
          {
            title: t('ledger.leafHash'),
            dataIndex: 'leafHash',
            width: 120,
            render: (h: string) => <code title={h}>{abbreviate(h, 10)}</code>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 125,
            fixed: 'right',
            render: (_: unknown, e) => (
              <>
                <Button type="link" size="small" onClick={() => setOpen(e)}>
                  {t('common.detail')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  data-testid={`prove-${e.index}`}
                  onClick={() => onProve(e.index)}
                >
                  {t('ledger.prove')}
                </Button>
              </>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== undefined}
        onClose={() => setOpen(undefined)}
        size={640}
        title={open && t('ledger.entry', { index: open.index })}
        extra={
          open && (
            <Button
              type="primary"
              onClick={() => {
                onProve(open.index);
                setOpen(undefined);
              }}
            >
              {t('ledger.prove')}
            </Button>
          )
        }
      >
        {open && <EntryDetail entry={open} orgName={orgName} />}
      </Drawer>
    </>
  );
}

function EntryDetail({
  entry,
  orgName,
}: {
  entry: LedgerEntry;
  orgName: (id: string | null | undefined) => string;
}) {
  const { t } = useI18n();
  const body = readEventBody(entry.body);
  let pretty = entry.body;
  try {
    pretty = JSON.stringify(JSON.parse(entry.body), null, 2);
  } catch {
    // Not JSON: the raw body above is all there is to show.
  }
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'type', label: t('ledger.eventType'), children: <code>{body.type ?? '?'}</code> },
          {
            key: 'subject',
            label: t('ledger.subject'),
            children: body.subject ? (
              <code>{`${body.subject.type ?? '?'}:${body.subject.id ?? '?'}`}</code>
            ) : (
              '—'
            ),
          },
          { key: 'actorOrg', label: t('ledger.actorOrg'), children: orgName(body.actorOrg) },
          { key: 'at', label: t('ledger.at'), children: time(body.at) },
          { key: 'integratedAt', label: t('ledger.integratedAt'), children: time(entry.integratedAt) },
          { key: 'leafHash', label: t('ledger.leafHash'), children: <HashText hash={entry.leafHash} /> },
          {
            key: 'contentHash',
            label: t('ledger.contentHash'),
            children: body.contentHash ? <HashText hash={body.contentHash} /> : '—',
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('ledger.body')}
      </Typography.Title>
      <Typography.Paragraph copyable={{ text: entry.body }}>
        <pre
          data-testid="entry-body"
          style={{ fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          {entry.body}
        </pre>
      </Typography.Paragraph>
      <Typography.Title level={5}>{t('ledger.bodyPretty')}</Typography.Title>
      <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{pretty}</pre>
    </>
  );
}
