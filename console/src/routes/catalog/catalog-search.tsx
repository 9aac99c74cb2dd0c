// The public catalog (资源目录): search registered resources by text with filters on region (and every division
// below it), domain, open level, grade, category and holder; a chart of resources by domain above the results.
// The query lives in the address bar, so a search can be shared and a holder's name links to its resources.
import { Button, Card, Col, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Chart } from '../../components/Chart';
import { RegionPicker } from '../../components/RegionPicker';
import { offsetPagination } from '../../components/paging';
import {
  useCatalogFacets,
  useCatalogSearch,
  type CatalogQuery,
  type CatalogResource,
  type DataCategory,
  type DataGrade,
  type Domain,
  type OpenLevel,
} from '../../hooks/api';
import { useI18n } from '../../i18n';
import {
  CATEGORIES,
  DATA_GRADES,
  DOMAINS,
  GradeTag,
  OPEN_LEVELS,
  OpenLevelTag,
  QualityScore,
  day,
  useCatalogNames,
} from './catalog-labels';

const FILTERS = ['q', 'region', 'domain', 'openLevel', 'grade', 'category', 'holder'] as const;
type Filter = (typeof FILTERS)[number];

/** The query in the address bar: filters, and the page as limit/offset. */
function readQuery(params: URLSearchParams): CatalogQuery {
  const query: CatalogQuery = {
    limit: Math.min(100, Math.max(1, Number(params.get('limit')) || 20)),
    offset: Math.max(0, Number(params.get('offset')) || 0),
  };
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) (query as Record<string, unknown>)[f] = v;
  }
  return query;
}

export function CatalogSearch() {
  const { t } = useI18n();
  const names = useCatalogNames();
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);
  const results = useCatalogSearch(query);
  const setQuery = (next: CatalogQuery) => {
    const out = new URLSearchParams();
    for (const f of FILTERS) if (next[f]) out.set(f, String(next[f]));
    if (next.offset) out.set('offset', String(next.offset));
    if (next.limit !== 20) out.set('limit', String(next.limit));
    setParams(out);
  };
  const filter = (f: Filter, v: string | undefined) => setQuery({ ...query, [f]: v || undefined, offset: 0 });
  const data = results.data;
  // A holder filter came from a result's link: its name is on the results.
  const holderName = query.holder && data?.items.find((r) => r.holder.id === query.holder)?.holder.name;
  // The server counts up to 1,000 matches: beyond, the total reads "1000+".
  const totalText = (n: number) =>
    data && !data.totalExact ? t('catalog.totalMore', { n }) : t('common.total', { n });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('nav.catalogBrowse')}
        extra={<Typography.Text type="secondary">{t('catalog.subtitle')}</Typography.Text>}
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={9}>
            <Typography.Text strong>{t('catalog.byDomain')}</Typography.Text>
            <DomainChart />
          </Col>
          <Col xs={24} xl={15}>
            <Space orientation="vertical" size="small" style={{ width: '100%' }}>
              <Input.Search
                // Remounts when the address bar's q changes, so going back shows the query searched.
                key={query.q ?? ''}
                defaultValue={query.q}
                allowClear
                enterButton={t('common.search')}
                size="large"
                placeholder={t('catalog.searchPlaceholder')}
                data-testid="catalog-q"
                onSearch={(q) => filter('q', q.trim())}
              />
              <Space wrap>
                <RegionPicker
                  value={query.region}
                  placeholder={t('catalog.region')}
                  style={{ width: 240 }}
                  testId="catalog-region"
                  onChange={(code) => filter('region', code)}
                />
                <Select<Domain>
                  allowClear
                  placeholder={t('catalog.domain')}
                  style={{ width: 170 }}
                  value={query.domain}
                  data-testid="catalog-domain"
                  onChange={(v) => filter('domain', v)}
                  options={DOMAINS.map((d) => ({ value: d, label: names.domain(d) }))}
                />
                <Select<OpenLevel>
                  allowClear
                  placeholder={t('catalog.openLevel')}
                  style={{ width: 150 }}
                  value={query.openLevel}
                  onChange={(v) => filter('openLevel', v)}
                  options={OPEN_LEVELS.map((o) => ({ value: o, label: names.openLevel(o) }))}
                />
                <Select<DataGrade>
                  allowClear
                  placeholder={t('catalog.grade')}
                  style={{ width: 150 }}
                  value={query.grade}
                  onChange={(v) => filter('grade', v)}
                  options={DATA_GRADES.filter((g) => g !== 'core').map((g) => ({
                    value: g,
                    label: names.grade(g),
                  }))}
                />
                <Select<DataCategory>
                  allowClear
                  placeholder={t('catalog.category')}
                  style={{ width: 130 }}
                  value={query.category}
                  onChange={(v) => filter('category', v)}
                  options={CATEGORIES.map((c) => ({ value: c, label: names.category(c) }))}
                />
                {query.holder && (
                  <Tag
                    closable
                    color="blue"
                    onClose={() => filter('holder', undefined)}
                    data-testid="holder-filter"
                  >
                    {t('catalog.holderFilter', { name: holderName || query.holder.slice(0, 8) })}
                  </Tag>
                )}
                {FILTERS.some((f) => query[f]) && (
                  <Button onClick={() => setQuery({ limit: query.limit, offset: 0 })}>
                    {t('common.reset')}
                  </Button>
                )}
              </Space>
            </Space>
          </Col>
        </Row>
      </Card>
      <Card>
        <Table<CatalogResource>
          rowKey="id"
          data-testid="catalog-results"
          loading={results.isFetching}
          dataSource={data?.items}
          locale={{ emptyText: t('catalog.empty') }}
          pagination={{
            ...offsetPagination(query, setQuery, data?.total, totalText),
            showTotal: (n) => <span data-testid="catalog-total">{totalText(n)}</span>,
          }}
          columns={[
            {
              title: t('catalog.title'),
              dataIndex: 'title',
              render: (title: string, r) => (
                <>
                  <Link to={`/catalog/${r.code}`} data-testid={`resource-${r.code}`}>
                    {title}
                  </Link>
                  <Typography.Paragraph
                    type="secondary"
                    ellipsis={{ rows: 1 }}
                    style={{ fontSize: 12, margin: 0, maxWidth: 300 }}
                  >
                    {r.description}
                  </Typography.Paragraph>
                </>
              ),
            },
            {
              title: t('catalog.code'),
              dataIndex: 'code',
              width: 170,
              render: (c: string) => <code style={{ fontSize: 12 }}>{c}</code>,
            },
            {
              title: t('catalog.holder'),
              key: 'holder',
              render: (_: unknown, r) => (
                <Typography.Link onClick={() => filter('holder', r.holder.id)}>
                  {r.holder.name}
                </Typography.Link>
              ),
            },
            { title: t('catalog.region'), dataIndex: 'regionName' },
            { title: t('catalog.domain'), dataIndex: 'domain', render: names.domain },
            {
              title: t('catalog.openLevel'),
              dataIndex: 'openLevel',
              render: (o: OpenLevel) => <OpenLevelTag level={o} />,
            },
            {
              title: t('catalog.grade'),
              dataIndex: 'grade',
              render: (g: DataGrade) => <GradeTag grade={g} />,
            },
            {
              title: t('catalog.qualityScore'),
              dataIndex: 'qualityScore',
              align: 'right',
              width: 100,
              render: (s: number | null) => <QualityScore score={s} />,
            },
            { title: t('catalog.registeredAt'), dataIndex: 'registeredAt', width: 110, render: day },
          ]}
        />
      </Card>
    </Space>
  );
}

/** Registered resources per domain (the facets), every domain shown, the largest on top. */
function DomainChart() {
  const names = useCatalogNames();
  const facets = useCatalogFacets();
  const counts = useMemo(() => {
    const by = new Map((facets.data?.domain ?? []).map((f) => [f.key, f.count]));
    return DOMAINS.map((d) => [d, by.get(d) ?? 0] as const).sort((a, b) => a[1] - b[1]);
  }, [facets.data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: counts.map(([d]) => names.domain(d)) },
      series: [
        {
          type: 'bar',
          data: counts.map(([, n]) => n),
          itemStyle: { color: '#1f4fd1' },
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [counts, names],
  );
  return <Chart option={option} height={220} testId="catalog-domain-chart" />;
}
