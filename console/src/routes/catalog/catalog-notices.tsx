// The catalog's public notice board (登记公示): registrations approved by the authority and in their notice period,
// open to anyone, with the time left before they take effect.
import { Card, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import { useCatalogNotices, type CatalogRegistration, type RegistrationKind } from '../../hooks/api';
import { useI18n } from '../../i18n';
import { Countdown } from '../rights/review-queue';
import { GradeTag, KindTag, OpenLevelTag, useCatalogNames } from './catalog-labels';

export function CatalogNotices() {
  const { t } = useI18n();
  const names = useCatalogNames();
  const [query, setQuery] = useState({ limit: 20, offset: 0 });
  const list = useCatalogNotices(query);
  return (
    <Card
      title={t('nav.catalogNotices')}
      extra={<Typography.Text type="secondary">{t('catalog.noticesSubtitle')}</Typography.Text>}
    >
      <Table<CatalogRegistration>
        rowKey="id"
        data-testid="catalog-notices"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          { title: t('catalog.number'), dataIndex: 'number' },
          {
            title: t('catalog.kind'),
            dataIndex: 'kind',
            render: (k: RegistrationKind) => <KindTag kind={k} />,
          },
          {
            title: t('catalog.resource'),
            key: 'resource',
            render: (_: unknown, g) => (
              <>
                {/* Only a registered resource has a public page; a first registration gets one at the end. */}
                {g.resource.status === 'registered' ? (
                  <Link to={`/catalog/${g.resource.code}`}>{g.resource.title}</Link>
                ) : (
                  (g.content?.title ?? g.resource.title)
                )}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {g.resource.code}
                    {g.content && ` · ${names.domain(g.content.domain)}`}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          {
            title: `${t('catalog.openLevel')} / ${t('catalog.grade')}`,
            key: 'levels',
            render: (_: unknown, g) =>
              g.content ? (
                <>
                  <OpenLevelTag level={g.content.openLevel} />
                  <GradeTag grade={g.content.grade} />
                </>
              ) : (
                '—'
              ),
          },
          {
            title: t('catalog.applicant'),
            key: 'applicant',
            render: (_: unknown, g) => (
              <>
                {g.applicant.name}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {g.applicant.creditCode}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          {
            title: t('catalog.reason'),
            dataIndex: 'reason',
            ellipsis: true,
            render: (r: string | null) => r ?? '—',
          },
          {
            title: t('rights.noticeEndsAt'),
            dataIndex: 'noticeEndsAt',
            render: (end: string | null) => (
              <>
                {time(end)}
                <div>
                  <Countdown end={end} />
                </div>
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
