// The ledger explorer (账本浏览器), public: the latest signed checkpoint, the entries, and inclusion and consistency
// proofs that this browser verifies by itself rather than taking the server's word.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { CheckpointPanel } from './checkpoint-panel';
import { ConsistencyCheck } from './consistency-check';
import { EntryList } from './entry-list';
import { chartWindow, EventTypeChart } from './event-type-chart';
import { InclusionCheck } from './inclusion-check';
import { useCheckedCheckpoint } from './use-checkpoint';

export function LedgerExplorer() {
  const { t } = useI18n();
  const checked = useCheckedCheckpoint();
  const [proving, setProving] = useState<number>();
  const proofCard = useRef<HTMLDivElement>(null);
  const prove = (index: number) => {
    setProving(index);
    proofCard.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  if (!checked.data) {
    if (checked.error)
      return (
        <Alert
          type="error"
          showIcon
          data-testid="checkpoint-error"
          title={t('ledger.noteError', { detail: checked.error.message })}
        />
      );
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  }
  const { checkpoint } = checked.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('ledger.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('ledger.subtitle')}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title={t('ledger.checkpoint')}
            extra={
              <Button
                icon={<ReloadOutlined />}
                loading={checked.isFetching}
                data-testid="checkpoint-refresh"
                onClick={() => void checked.refetch()}
              >
                {t('common.refresh')}
              </Button>
            }
          >
            <CheckpointPanel checked={checked.data} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('ledger.byType', { n: chartWindow(checkpoint.size) })}>
            <EventTypeChart size={checkpoint.size} />
          </Card>
        </Col>
      </Row>
      <Card title={t('ledger.entries')}>
        <EntryList size={checkpoint.size} onProve={prove} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <div ref={proofCard}>
            <Card title={t('ledger.inclusion')} data-testid="inclusion-card">
              <InclusionCheck checked={checked.data} index={proving} onIndex={setProving} />
            </Card>
          </div>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('ledger.consistency')} data-testid="consistency-card">
            <ConsistencyCheck checked={checked.data} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
