// The workbench: who you are, the platform at a glance, and activity over time.
import { Card, Col, Descriptions, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from '../../components/Chart';
import { RoleTags } from '../../components/labels';
import { useApiKeys, useAuditStats, useOrganizations, useUsers } from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';

export function Home() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const supervises = can('regulator', 'platform_admin');
  const orgs = useOrganizations({ limit: 1, offset: 0 });
  const users = useUsers({ limit: 1, offset: 0 });
  const keys = useApiKeys();
  const stats = useAuditStats(14, supervises);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {
        top: 0,
        data: [t('audit.outcome.success'), t('audit.outcome.refused'), t('audit.outcome.failed')],
      },
      grid: { left: 40, right: 16, top: 40, bottom: 30, containLabel: true },
      xAxis: { type: 'category', data: (stats.data ?? []).map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['success', 'refused', 'failed'] as const).map((k, i) => ({
        name: t(`audit.outcome.${k}` as MessageKey),
        type: 'bar',
        stack: 'all',
        itemStyle: { color: ['#52c41a', '#faad14', '#f5222d'][i] },
        data: (stats.data ?? []).map((d) => d[k]),
      })),
    }),
    [stats.data, t],
  );
  if (!me) return null;
  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: me.user.displayName })}
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('home.org')}>{me.organization.name}</Descriptions.Item>
          <Descriptions.Item label={t('org.region')}>
            {me.organization.regionName ?? me.organization.regionCode}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            <RoleTags roles={me.roles} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('home.orgCount')} value={orgs.data?.total ?? '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('home.userCount')} value={users.data?.total ?? '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic
              title={t('home.keyCount')}
              value={keys.data?.filter((k) => !k.revokedAt).length ?? '—'}
            />
          </Card>
        </Col>
        {supervises && (
          <Col xs={12} md={6}>
            <Card>
              <Statistic
                title={t('home.auditCount')}
                value={(stats.data ?? []).reduce((s, d) => s + d.success + d.refused + d.failed, 0)}
                suffix="/14d"
              />
            </Card>
          </Col>
        )}
      </Row>
      {supervises ? (
        <Card title={t('home.activity')}>
          <Chart option={option} testId="activity-chart" />
        </Card>
      ) : (
        <Card title={t('home.principles')}>
          <Typography.Paragraph>{t('app.subtitle')}</Typography.Paragraph>
        </Card>
      )}
    </div>
  );
}
