// One resource of the inventory (资源详情): its content, the history of its registrations, and what its status
// allows: edit a draft (also once refused or withdrawn), submit it for registration and keep the query code (查询码),
// apply to change or cancel a registered resource, or withdraw a registration still under review.
import {
  EditOutlined,
  FileSearchOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { FormModal } from '../../components/FormModal';
import { showProblem } from '../../components/forms';
import { time } from '../../components/labels';
import {
  useInventoryResource,
  useRequestCancellation,
  useRequestChange,
  useSubmitResource,
  useUpdateResource,
  useWithdrawRegistration,
  type CatalogRegistration,
  type CatalogResource,
  type InventoryResource,
  type RegistrationKind,
  type RegistrationStatus,
  type ResourceContent,
} from '../../hooks/api';
import { useSession } from '../../hooks/session';
import { useI18n } from '../../i18n';
import {
  GradeTag,
  KindTag,
  OpenLevelTag,
  QualityScore,
  RegionName,
  RegistrationStatusTag,
  ResourceStatusTag,
  day,
  useCatalogNames,
} from './catalog-labels';
import { ContentDiff } from './content-diff';
import { SchemaTable, Tags } from './resource-page';
import { ResourceFields, toResourceForm, toResourceInput, type ResourceForm } from './resource-form';

const EDITABLE = ['draft', 'refused', 'withdrawn'];
const OPEN: RegistrationStatus[] = ['under_review', 'in_notice'];

/** The content of a resource, as a registration carries it. */
export function contentOf(r: CatalogResource): ResourceContent {
  return {
    title: r.title,
    description: r.description,
    regionCode: r.regionCode,
    domain: r.domain,
    theme: r.theme,
    systemId: r.systemId,
    fields: r.fields,
    keywords: r.keywords,
    updateFrequency: r.updateFrequency,
    openLevel: r.openLevel,
    category: r.category,
    grade: r.grade,
    sourceItems: r.sourceItems,
  };
}

type Dialog = 'edit' | 'change' | 'cancel';

export function InventoryDetail() {
  const { id } = useParams();
  const { t } = useI18n();
  const names = useCatalogNames();
  const { message } = App.useApp();
  const session = useSession();
  const resource = useInventoryResource(id!);
  const submit = useSubmitResource();
  const withdraw = useWithdrawRegistration();
  const [dialog, setDialog] = useState<Dialog>();
  const [receipt, setReceipt] = useState<CatalogRegistration>();
  if (!resource.data) {
    if (resource.error) return <Alert type="error" showIcon title={resource.error.message} />;
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  }
  const r = resource.data;
  const own = session.can('holder') && r.holder.id === session.me?.organization.id;
  const open = r.registrations.find((g) => OPEN.includes(g.status));
  // The newest registration is first: if the resource was refused, that one says why.
  const refusal = r.status === 'refused' ? (r.registrations[0]?.review as { comment?: string } | null) : null;
  const onError = (e: unknown) => showProblem(e, undefined, (x) => void message.error(x));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="inventory-detail">
      <Card
        title={
          <Space wrap>
            <span data-testid="inventory-title">{r.title}</span>
            <ResourceStatusTag status={r.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {r.status === 'registered' && (
              <Link to={`/catalog/${r.code}`}>
                <Button icon={<FileSearchOutlined />}>{t('catalog.publicPage')}</Button>
              </Link>
            )}
            {own && EDITABLE.includes(r.status) && (
              <>
                <Button icon={<EditOutlined />} data-testid="edit-resource" onClick={() => setDialog('edit')}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('catalog.submitConfirm')}
                  onConfirm={() => submit.mutate(r.id, { onSuccess: setReceipt, onError })}
                  okButtonProps={{ 'data-testid': 'submit-confirm' }}
                >
                  <Button
                    type="primary"
                    icon={<SendOutlined />}
                    loading={submit.isPending}
                    disabled={r.grade === 'core'}
                    data-testid="submit-resource"
                  >
                    {t('catalog.submit')}
                  </Button>
                </Popconfirm>
              </>
            )}
            {own && r.status === 'registered' && !open && (
              <>
                <Button
                  icon={<SwapOutlined />}
                  data-testid="apply-change"
                  onClick={() => setDialog('change')}
                >
                  {t('catalog.applyChange')}
                </Button>
                <Button
                  danger
                  icon={<StopOutlined />}
                  data-testid="apply-cancel"
                  onClick={() => setDialog('cancel')}
                >
                  {t('catalog.applyCancel')}
                </Button>
              </>
            )}
            {own && open?.status === 'under_review' && (
              <Popconfirm
                title={t('catalog.withdrawConfirm')}
                onConfirm={() =>
                  withdraw.mutate(open.id, {
                    onSuccess: () => void message.success(t('catalog.withdrawDone')),
                    onError,
                  })
                }
              >
                <Button danger icon={<RollbackOutlined />} data-testid="withdraw-registration">
                  {t('catalog.withdraw')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        {open && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="open-registration"
            title={
              <Space wrap>
                {t('catalog.inProgress', { number: open.number })}
                <KindTag kind={open.kind} />
                <RegistrationStatusTag status={open.status} />
                {open.queryCode && (
                  <>
                    {t('catalog.queryCode')}
                    <Typography.Text code copyable>
                      {open.queryCode}
                    </Typography.Text>
                  </>
                )}
              </Space>
            }
          />
        )}
        {refusal && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="refusal"
            title={t('catalog.refusedBecause', { comment: refusal.comment ?? '—' })}
          />
        )}
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.description}</Typography.Paragraph>
        <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }}>
          <Descriptions.Item label={t('catalog.code')}>
            <Typography.Text code copyable data-testid="inventory-code">
              {r.code}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.holder')}>{r.holder.name}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.region')}>{r.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.domain')}>
            {names.domain(r.domain)}
            {r.theme && <Typography.Text type="secondary"> · {r.theme}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.system')}>{r.system?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.updateFrequency')}>
            {names.frequency(r.updateFrequency)}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.openLevel')}>
            <OpenLevelTag level={r.openLevel} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.category')}>{names.category(r.category)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.grade')}>
            <GradeTag grade={r.grade} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.qualityScore')}>
            <QualityScore score={r.qualityScore} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.registeredAt')}>{day(r.registeredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.updatedAt')}>{time(r.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.keywords')} span={2}>
            <Tags values={r.keywords} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.sourceItems')} span={2}>
            <Tags values={r.sourceItems} color="green" />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('catalog.schema')} size="small">
        <SchemaTable fields={r.fields} testId="inventory-schema" />
      </Card>
      <Card title={t('catalog.registrations')} size="small">
        <RegistrationTable resource={r} />
      </Card>
      {dialog === 'edit' && <EditResource resource={r} onClose={() => setDialog(undefined)} />}
      {dialog === 'change' && (
        <ChangeResource resource={r} onClose={() => setDialog(undefined)} onSubmitted={setReceipt} />
      )}
      {dialog === 'cancel' && (
        <CancelResource resource={r} onClose={() => setDialog(undefined)} onSubmitted={setReceipt} />
      )}
      {receipt && <QueryCodeReceipt registration={receipt} onClose={() => setReceipt(undefined)} />}
    </Space>
  );
}

function RegistrationTable({ resource }: { resource: InventoryResource }) {
  const { t } = useI18n();
  const current = contentOf(resource);
  return (
    <Table<CatalogRegistration>
      rowKey="id"
      size="small"
      pagination={false}
      data-testid="registrations"
      dataSource={resource.registrations}
      expandable={{
        rowExpandable: (g) => g.content !== null,
        // An open change is shown against what is on record; a past one as it was proposed.
        expandedRowRender: (g) => (
          <ContentDiff
            proposed={g.content!}
            current={g.kind === 'change' && OPEN.includes(g.status) ? current : undefined}
          />
        ),
      }}
      columns={[
        { title: t('catalog.number'), dataIndex: 'number' },
        {
          title: t('catalog.kind'),
          dataIndex: 'kind',
          render: (k: RegistrationKind) => <KindTag kind={k} />,
        },
        {
          title: t('common.status'),
          dataIndex: 'status',
          render: (s: RegistrationStatus) => <RegistrationStatusTag status={s} />,
        },
        {
          title: t('catalog.queryCode'),
          dataIndex: 'queryCode',
          render: (c: string | null) =>
            c ? (
              <Space size={4}>
                <Typography.Text code copyable>
                  {c}
                </Typography.Text>
                <Link to={`/catalog/lookup?code=${c}`}>{t('catalog.followProgress')}</Link>
              </Space>
            ) : (
              '—'
            ),
        },
        { title: t('catalog.reason'), dataIndex: 'reason', render: (x: string | null) => x ?? '—' },
        {
          title: t('catalog.reviewComment'),
          key: 'review',
          render: (_: unknown, g) => {
            const review = g.review as { decision?: string; comment?: string | null } | null;
            if (!review) return '—';
            return (
              <>
                {t(review.decision === 'approve' ? 'catalog.decision.approve' : 'catalog.decision.reject')}
                {review.comment && <Typography.Text type="secondary"> · {review.comment}</Typography.Text>}
              </>
            );
          },
        },
        { title: t('catalog.submittedAt'), dataIndex: 'createdAt', render: time },
        { title: t('catalog.updatedAt'), dataIndex: 'updatedAt', render: time },
      ]}
    />
  );
}

/** After a submission: the registration number and, prominently, the query code to follow it with. */
export function QueryCodeReceipt({
  registration: g,
  onClose,
}: {
  registration: CatalogRegistration;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="receipt-close">
          {t('catalog.gotIt')}
        </Button>
      }
      data-testid="query-code-receipt"
    >
      <Result
        status="success"
        title={t('catalog.submitted', { number: g.number })}
        subTitle={t('catalog.queryCodeHint')}
        extra={
          <Space orientation="vertical" align="center">
            <Typography.Text type="secondary">{t('catalog.queryCode')}</Typography.Text>
            <Typography.Text
              copyable
              strong
              data-testid="query-code"
              style={{ fontSize: 30, fontFamily: 'monospace', letterSpacing: 2 }}
            >
              {g.queryCode}
            </Typography.Text>
            <Link to={`/catalog/lookup?code=${g.queryCode}`} onClick={onClose}>
              {t('catalog.followProgress')}
            </Link>
          </Space>
        }
      />
    </Modal>
  );
}

function EditResource({ resource, onClose }: { resource: CatalogResource; onClose: () => void }) {
  const { t } = useI18n();
  const update = useUpdateResource();
  return (
    <FormModal<ResourceForm>
      title={`${t('catalog.editResource')} · ${resource.code}`}
      width={920}
      onClose={onClose}
      pending={update.isPending}
      initialValues={toResourceForm(resource)}
      onSubmit={(values) => update.mutateAsync({ id: resource.id, body: toResourceInput(values) })}
    >
      <ResourceFields />
    </FormModal>
  );
}

function ChangeResource({
  resource,
  onClose,
  onSubmitted,
}: {
  resource: CatalogResource;
  onClose: () => void;
  onSubmitted: (g: CatalogRegistration) => void;
}) {
  const { t } = useI18n();
  const change = useRequestChange();
  return (
    <FormModal<ResourceForm & { reason: string }>
      title={`${t('catalog.applyChange')} · ${resource.code}`}
      width={920}
      onClose={onClose}
      pending={change.isPending}
      initialValues={toResourceForm(resource)}
      onSubmit={({ reason, ...values }) =>
        change.mutateAsync({ id: resource.id, body: { ...toResourceInput(values), reason: reason.trim() } })
      }
      onSaved={(g) => {
        onClose();
        onSubmitted(g as CatalogRegistration);
      }}
    >
      <ResourceFields registering />
      <Form.Item
        name="reason"
        label={t('catalog.changeReason')}
        rules={[{ required: true, min: 2, max: 1000 }]}
      >
        <Input.TextArea rows={2} data-testid="change-reason" />
      </Form.Item>
    </FormModal>
  );
}

function CancelResource({
  resource,
  onClose,
  onSubmitted,
}: {
  resource: CatalogResource;
  onClose: () => void;
  onSubmitted: (g: CatalogRegistration) => void;
}) {
  const { t } = useI18n();
  const cancel = useRequestCancellation();
  return (
    <FormModal<{ reason: string }>
      title={`${t('catalog.applyCancel')} · ${resource.code}`}
      onClose={onClose}
      pending={cancel.isPending}
      onSubmit={({ reason }) => cancel.mutateAsync({ id: resource.id, reason: reason.trim() })}
      onSaved={(g) => {
        onClose();
        onSubmitted(g as CatalogRegistration);
      }}
    >
      <Typography.Paragraph type="secondary">
        {resource.title} · <RegionName code={resource.regionCode} />
      </Typography.Paragraph>
      <Form.Item
        name="reason"
        label={t('catalog.cancelReason')}
        rules={[{ required: true, min: 2, max: 1000 }]}
      >
        <Input.TextArea rows={3} data-testid="cancel-reason" />
      </Form.Item>
    </FormModal>
  );
}
