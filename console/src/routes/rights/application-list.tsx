// My applications (我的申请): the organization's rights applications, and the form for a new one whose fields
// follow its kind. A new subject's content hash is computed here from a file the user picks; the file stays here.
import { FileSearchOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { FormModal } from '../../components/FormModal';
import { time } from '../../components/labels';
import { offsetPagination } from '../../components/paging';
import {
  useApplications,
  useApply,
  useCertificates,
  type ApplicationInput,
  type ApplicationStatus,
  type RightsApplication,
} from '../../hooks/api';
import { toHex } from '../../ledger/bytes';
import { digest } from '../../ledger/merkle';
import { useI18n } from '../../i18n';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  ApplicationStatusTag,
  GRADES,
  useRightsNames,
} from './rights-labels';

export function ApplicationList() {
  const { t } = useI18n();
  const names = useRightsNames();
  const [query, setQuery] = useState<{ limit: number; offset: number; status?: ApplicationStatus }>({
    limit: 20,
    offset: 0,
  });
  const list = useApplications(query);
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={t('nav.rightsApplications')}
      extra={
        <Space>
          <Select<ApplicationStatus>
            allowClear
            placeholder={t('common.status')}
            style={{ width: 160 }}
            value={query.status}
            onChange={(status) => setQuery({ ...query, offset: 0, status })}
            options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`rights.status.${s}`) }))}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="new-application"
            onClick={() => setCreating(true)}
          >
            {t('rights.newApplication')}
          </Button>
        </Space>
      }
    >
      <Table<RightsApplication>
        rowKey="id"
        data-testid="applications"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={offsetPagination(query, setQuery, list.data?.total, (n) => t('common.total', { n }))}
        columns={[
          {
            title: t('rights.number'),
            dataIndex: 'number',
            render: (n: string, a) => <Link to={`/rights/applications/${a.id}`}>{n}</Link>,
          },
          { title: t('rights.kind'), dataIndex: 'kind', render: names.kind },
          { title: t('rights.rightType'), dataIndex: 'rightType', render: names.rightType },
          {
            title: t('rights.subject'),
            key: 'subject',
            render: (_: unknown, a) => <Link to={`/rights/subjects/${a.subject.id}`}>{a.subject.title}</Link>,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: ApplicationStatus) => <ApplicationStatusTag status={s} />,
          },
          { title: t('rights.updatedAt'), dataIndex: 'updatedAt', render: time },
        ]}
      />
      {creating && <NewApplication onClose={() => setCreating(false)} />}
    </Card>
  );
}

interface ApplicationForm {
  kind: ApplicationInput['kind'];
  target: 'new' | 'registered';
  rightType?: ApplicationInput['rightType'];
  subject?: NonNullable<ApplicationInput['subject']>;
  subjectId?: string;
  certificateNumber?: string;
  scope?: string;
  validFrom?: Dayjs;
  validUntil?: Dayjs;
  statement?: string;
}

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

function toInput(v: ApplicationForm): ApplicationInput {
  const common = {
    scope: blank(v.scope),
    validFrom: v.validFrom?.format('YYYY-MM-DD'),
    validUntil: v.validUntil?.format('YYYY-MM-DD'),
    statement: blank(v.statement),
  };
  switch (v.kind) {
    case 'first':
      return v.target === 'new'
        ? {
            kind: 'first',
            rightType: v.rightType,
            subject: { ...v.subject!, description: blank(v.subject?.description) },
            ...common,
          }
        : { kind: 'first', rightType: v.rightType, subjectId: v.subjectId, ...common };
    case 'licence':
      return { kind: 'licence', rightType: v.rightType, subjectId: blank(v.subjectId), ...common };
    case 'transfer':
    case 'change':
    case 'renewal':
    case 'cancellation':
    case 'revocation':
      return { kind: v.kind, certificateNumber: blank(v.certificateNumber), ...common };
  }
}

export function NewApplication({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const apply = useApply();
  return (
    <FormModal<ApplicationForm>
      title={t('rights.newApplication')}
      onClose={onClose}
      pending={apply.isPending}
      initialValues={{
        kind: 'first',
        target: 'new',
        rightType: 'holding',
        subject: { kind: 'resource', grade: 'general', title: '', contentHash: '' },
      }}
      onSubmit={(values) => apply.mutateAsync(toInput(values))}
      onSaved={(created) => {
        void message.success(t('rights.submitted', { number: (created as RightsApplication).number }));
        onClose();
      }}
    >
      <ApplicationFields />
    </FormModal>
  );
}

function ApplicationFields() {
  const { t } = useI18n();
  const names = useRightsNames();
  const kind = Form.useWatch<ApplicationForm['kind']>('kind');
  const target = Form.useWatch<ApplicationForm['target']>('target');
  const subjectKind = Form.useWatch<string>(['subject', 'kind']);
  // The org's own valid certificates: the subjects it holds, and the numbers it may act on.
  const own = useCertificates({ limit: 100, offset: 0, status: 'valid' });
  const held = (own.data?.items ?? []).filter((c) => c.rightType === 'holding');
  const rightTypes: ApplicationInput['rightType'][] =
    kind === 'licence'
      ? ['processing', 'operation']
      : target === 'new'
        ? subjectKind === 'product'
          ? ['holding', 'operation']
          : ['holding']
        : ['processing', 'operation'];
  // Switching kind, target or subject kind can leave a right type the new choice does not allow: reset it.
  const form = Form.useFormInstance<ApplicationForm>();
  const rightType = Form.useWatch<ApplicationForm['rightType']>('rightType');
  const allowed = rightTypes.join(',');
  useEffect(() => {
    if (rightType && !allowed.split(',').includes(rightType))
      form.setFieldValue('rightType', allowed.split(',')[0]);
  }, [allowed, rightType, form]);
  return (
    <>
      <Form.Item name="kind" label={t('rights.kind')} rules={[{ required: true }]}>
        <Select
          data-testid="application-kind"
          options={APPLICATION_KINDS.map((k) => ({ value: k, label: names.kind(k) }))}
        />
      </Form.Item>
      {kind === 'first' && (
        <Form.Item name="target" label={t('rights.target')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'new', label: t('rights.target.new') },
              { value: 'registered', label: t('rights.target.registered') },
            ]}
          />
        </Form.Item>
      )}
      {(kind === 'first' || kind === 'licence') && (
        <Form.Item name="rightType" label={t('rights.rightType')} rules={[{ required: true }]}>
          <Select options={rightTypes.map((r) => ({ value: r, label: names.rightType(r!) }))} />
        </Form.Item>
      )}
      {kind === 'first' && target === 'new' && <NewSubjectFields />}
      {kind === 'first' && target === 'registered' && (
        <Form.Item
          name="subjectId"
          label={t('rights.subject')}
          extra={t('rights.heldSubjectHint')}
          rules={[{ required: true }]}
        >
          <Select
            loading={own.isLoading}
            options={held.map((c) => ({ value: c.subject.id, label: `${c.subject.title} (${c.number})` }))}
          />
        </Form.Item>
      )}
      {kind === 'licence' && (
        <Form.Item
          name="subjectId"
          label={t('rights.subjectId')}
          extra={t('rights.subjectIdHint')}
          rules={[{ required: true, pattern: /^[0-9a-f-]{36}$/i, message: t('rights.subjectIdInvalid') }]}
        >
          <Input placeholder="00000000-0000-0000-0000-000000000000" />
        </Form.Item>
      )}
      {kind !== 'first' && kind !== 'licence' && (
        <Form.Item
          name="certificateNumber"
          label={t('cert.number')}
          extra={kind === 'transfer' ? t('rights.transferHint') : undefined}
          rules={[{ required: true, pattern: /^LT\d{4}[HPO]\d{8}$/, message: t('cert.numberInvalid') }]}
        >
          <AutoComplete
            data-testid="certificate-number"
            placeholder="LT2026H00000001"
            // A transfer names another organization's certificate: the suggestions are only the org's own.
            options={(own.data?.items ?? []).map((c) => ({
              value: c.number,
              label: `${c.number} · ${c.subject.title}`,
            }))}
          />
        </Form.Item>
      )}
      <Form.Item name="scope" label={t('rights.scope')} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} placeholder={t('rights.scopeHint')} data-testid="scope" />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="validFrom" label={t('rights.validFrom')} style={{ flex: 1 }}>
          <DatePicker style={{ width: '100%' }} data-testid="valid-from" />
        </Form.Item>
        <Form.Item
          name="validUntil"
          label={t('rights.validUntil')}
          style={{ flex: 1, marginLeft: 12 }}
          rules={[{ required: kind === 'renewal' }]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="valid-until" />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="statement" label={t('rights.statement')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} placeholder={t('rights.statementHint')} />
      </Form.Item>
    </>
  );
}

/** Title, kind, grade and content hash of a subject registered for the first time. */
function NewSubjectFields() {
  const { t } = useI18n();
  const names = useRightsNames();
  const form = Form.useFormInstance<ApplicationForm>();
  const [hashing, setHashing] = useState<string>();
  return (
    <>
      <Form.Item name={['subject', 'kind']} label={t('rights.subjectKind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={(['resource', 'product'] as const).map((k) => ({ value: k, label: names.subjectKind(k) }))}
        />
      </Form.Item>
      <Form.Item
        name={['subject', 'title']}
        label={t('rights.subjectTitle')}
        rules={[{ required: true, max: 200 }]}
      >
        <Input data-testid="subject-title" />
      </Form.Item>
      <Form.Item name={['subject', 'grade']} label={t('rights.grade')} rules={[{ required: true }]}>
        <Select
          options={GRADES.map((g) => ({
            value: g,
            label: g === 'core' ? `${names.grade(g)} (${t('rights.coreRefused')})` : names.grade(g),
            disabled: g === 'core',
          }))}
        />
      </Form.Item>
      <Form.Item
        label={t('rights.contentHash')}
        extra={hashing ? t('rights.hashedFile', { name: hashing }) : t('rights.contentHashHint')}
        required
      >
        <Space.Compact block>
          <Form.Item
            name={['subject', 'contentHash']}
            noStyle
            normalize={(v: string) => v.trim().toLowerCase()}
            rules={[{ required: true, pattern: /^[0-9a-f]{64}$/, message: t('rights.contentHashInvalid') }]}
          >
            <Input
              placeholder="sha256 hex"
              data-testid="content-hash"
              style={{ fontFamily: 'monospace', fontSize: 12 }}
            />
          </Form.Item>
          <Upload
            showUploadList={false}
            data-testid="content-file"
            beforeUpload={(file) => {
              void file
                .arrayBuffer()
                .then((buf) => digest('sha256', new Uint8Array(buf)))
                .then((hash) => {
                  form.setFieldValue(['subject', 'contentHash'], toHex(hash));
                  void form.validateFields([['subject', 'contentHash']]);
                  setHashing(file.name);
                });
              // Only the hash leaves this browser.
              return false;
            }}
          >
            <Button icon={<FileSearchOutlined />}>{t('rights.pickFile')}</Button>
          </Upload>
        </Space.Compact>
      </Form.Item>
      <Form.Item name={['subject', 'description']} label={t('rights.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
        {t('rights.gradeHint')}
      </Typography.Text>
    </>
  );
}
