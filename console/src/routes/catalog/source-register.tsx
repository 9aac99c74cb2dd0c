// The "one data item, one source" register (一数一源): each data item with the one organization that is its
// authoritative source and the registered resource it comes from. Public, with a search over items and sources.
import { Card, Input, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { offsetPagination } from '../../components/paging';
import { useCatalogSources, type SourceEntry, type SourceQuery } from '../../hooks/api';
import { useI18n } from '../../i18n';
import { day } from './catalog-labels';

export function SourceRegister() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const query: SourceQuery = {
    limit: Number(params.get('limit')) || 20,
    offset: Number(params.get('offset')) || 0,
    ...(params.get('q') && { q: params.get('q')! }),
  };
  const setQuery = (next: SourceQuery) => {
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.offset) p.set('offset', String(next.offset));
    if (next.limit !== 20) p.set('limit', String(next.limit));
    setParams(p);
  };
  const list = useCatalogSources(query);
  return (
    <Card title={t('sources.title')}>
      <Typography.Paragraph type="secondary">{t('sources.subtitle')}</Typography.Paragraph>
      <Input.Search
        key={query.q ?? ''}
        defaultValue={query.q}
        allowClear
        enterButton={t('common.search')}
        placeholder={t('sources.searchPlaceholder')}
        style={{ maxWidth: 480, marginBottom: 16 }}
        data-testid="sources-q"
        onSearch={(q) => setQuery({ ...query, q: q.trim() || undefined, offset: 0 })}
      />
      <Table<SourceEntry>
        rowKey={(e) => `${e.item}\u0000${e.resource.id}`}
        data-testid="sources"
        loading={list.isFetching}
        dataSource={list.data?.items}
        locale={{ emptyText: t('sources.empty') }}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          {
            title: t('sources.item'),
            dataIndex: 'item',
            render: (item: string) => <strong>{item}</strong>,
          },
          {
            title: t('sources.source'),
            key: 'source',
            render: (_: unknown, e) => (
              <>
                {e.source.name}
                {e.source.creditCode && (
                  <>
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.source.creditCode}
                    </Typography.Text>
                  </>
                )}
              </>
            ),
          },
          {
            title: t('sources.resource'),
            key: 'resource',
            render: (_: unknown, e) => (
              <>
                <Link to={`/catalog/${e.resource.code}`}>{e.resource.title}</Link>
                <br />
                <code style={{ fontSize: 12 }}>{e.resource.code}</code>
              </>
            ),
          },
          { title: t('sources.since'), dataIndex: 'since', render: day },
        ]}
      />
    </Card>
  );
}
