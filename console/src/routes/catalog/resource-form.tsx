// The fields of a data resource, shared by the new-resource form, editing a draft and applying for a change:
// description, region, domain, information system, a dynamic list of fields (name, type, description), keywords,
// update frequency, open level, category, grade and the data items it is the authoritative source of (一数一源).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Col, Form, Input, Row, Select, Typography } from 'antd';
import { RegionPicker } from '../../components/RegionPicker';
import {
  useSystems,
  type CatalogResource,
  type DataCategory,
  type DataGrade,
  type Domain,
  type OpenLevel,
  type ResourceContent,
  type ResourceInput,
  type UpdateFrequency,
} from '../../hooks/api';
import { useI18n } from '../../i18n';
import {
  CATEGORIES,
  DATA_GRADES,
  DOMAINS,
  FIELD_TYPES,
  FREQUENCIES,
  OPEN_LEVELS,
  useCatalogNames,
} from './catalog-labels';

export interface ResourceForm {
  title: string;
  description: string;
  regionCode: string;
  domain: Domain;
  theme?: string;
  systemId?: string;
  fields: { name: string; type: string; description?: string }[];
  keywords?: string[];
  updateFrequency: UpdateFrequency;
  openLevel: OpenLevel;
  category: DataCategory;
  grade: DataGrade;
  sourceItems?: string[];
}

const words = (list: string[] | undefined) => [...new Set((list ?? []).map((w) => w.trim()).filter(Boolean))];

export function toResourceInput(v: ResourceForm): ResourceInput {
  const theme = v.theme?.trim();
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    regionCode: v.regionCode,
    domain: v.domain,
    ...(theme && { theme }),
    ...(v.systemId && { systemId: v.systemId }),
    fields: (v.fields ?? []).map((f) => ({
      name: f.name.trim(),
      type: f.type.trim(),
      ...(f.description?.trim() && { description: f.description.trim() }),
    })),
    keywords: words(v.keywords),
    updateFrequency: v.updateFrequency,
    openLevel: v.openLevel,
    category: v.category,
    grade: v.grade,
    sourceItems: words(v.sourceItems),
  };
}

/** A resource (or a registration's content) as the form's values. */
export function toResourceForm(r: CatalogResource | ResourceContent): ResourceForm {
  return {
    title: r.title,
    description: r.description,
    regionCode: r.regionCode,
    domain: r.domain,
    theme: r.theme ?? undefined,
    systemId: r.systemId ?? undefined,
    fields: r.fields.map((f) => ({ ...f })),
    keywords: [...r.keywords],
    updateFrequency: r.updateFrequency,
    openLevel: r.openLevel,
    category: r.category,
    grade: r.grade,
    sourceItems: [...r.sourceItems],
  };
}

export const blankResource = (regionCode: string | undefined): Partial<ResourceForm> => ({
  regionCode,
  fields: [{ name: '', type: 'VARCHAR(64)' }],
  keywords: [],
  sourceItems: [],
  updateFrequency: 'daily',
  openLevel: 'conditional',
  category: 'public',
  grade: 'general_2',
});

const TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_() ,]{0,63}$/;
// The API's own pattern for a field name: no control characters, no < > `, not blank.
// eslint-disable-next-line no-control-regex
const NAME_PATTERN = /^[^<>`\u0000-\u001F\u007F]*\S[^<>`\u0000-\u001F\u007F]*$/;

/** The form items; `registering` marks a change application, where core data cannot be chosen. */
export function ResourceFields({ registering = false }: { registering?: boolean }) {
  const { t } = useI18n();
  const names = useCatalogNames();
  const systems = useSystems({ limit: 200, offset: 0 });
  const systemId = Form.useWatch<string | undefined>('systemId');
  const fields = Form.useWatch<ResourceForm['fields'] | undefined>('fields');
  const fieldNames = words((fields ?? []).map((f) => f?.name ?? ''));
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="title" label={t('catalog.title')} rules={[{ required: true, min: 2, max: 200 }]}>
            <Input data-testid="resource-title-input" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="domain" label={t('catalog.domain')} rules={[{ required: true }]}>
            <Select
              data-testid="resource-domain"
              options={DOMAINS.map((d) => ({ value: d, label: names.domain(d) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="description"
        label={t('catalog.description')}
        rules={[{ required: true, min: 2, max: 4000 }]}
      >
        <Input.TextArea rows={3} data-testid="resource-description-input" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="regionCode" label={t('catalog.region')} rules={[{ required: true }]}>
            <RegionPicker testId="resource-region" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="theme" label={t('catalog.theme')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="systemId" label={t('catalog.system')} tooltip={t('catalog.systemHint')}>
            <Select
              allowClear
              loading={systems.isLoading}
              data-testid="resource-system"
              options={(systems.data?.items ?? [])
                .filter((s) => s.status === 'active' || s.id === systemId)
                .map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('catalog.schema')} required>
        <Form.List name="fields">
          {(items, { add, remove }) => (
            <div data-testid="resource-fields">
              {items.map((item, i) => (
                <Row gutter={8} key={item.key} align="top">
                  <Col span={7}>
                    <Form.Item
                      name={[item.name, 'name']}
                      rules={[
                        { required: true, message: t('catalog.fieldNameInvalid') },
                        { pattern: NAME_PATTERN, max: 128, message: t('catalog.fieldNameInvalid') },
                      ]}
                    >
                      <Input placeholder={t('catalog.fieldName')} data-testid={`field-name-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item
                      name={[item.name, 'type']}
                      rules={[
                        { required: true, pattern: TYPE_PATTERN, message: t('catalog.fieldTypeInvalid') },
                      ]}
                    >
                      <AutoComplete
                        placeholder={t('catalog.fieldType')}
                        data-testid={`field-type-${i}`}
                        options={FIELD_TYPES.map((v) => ({ value: v }))}
                        filterOption={(input, o) => !!o?.value.toLowerCase().startsWith(input.toLowerCase())}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={9}>
                    <Form.Item name={[item.name, 'description']} rules={[{ max: 500 }]}>
                      <Input placeholder={t('catalog.fieldDescription')} data-testid={`field-desc-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('catalog.removeField')}
                      data-testid={`field-remove-${i}`}
                      onClick={() => remove(item.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                data-testid="add-field"
                disabled={items.length >= 500}
                onClick={() => add({ name: '', type: 'VARCHAR(64)' })}
              >
                {t('catalog.addField')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="keywords" label={t('catalog.keywords')} extra={t('catalog.keywordsHint')}>
            <Select
              mode="tags"
              maxCount={20}
              tokenSeparators={[',', '，', '、']}
              suffixIcon={null}
              data-testid="resource-keywords"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="sourceItems" label={t('catalog.sourceItems')} extra={t('catalog.sourceItemsHint')}>
            <Select
              mode="tags"
              maxCount={100}
              tokenSeparators={[',', '，', '、']}
              data-testid="resource-sources-input"
              options={fieldNames.map((n) => ({ value: n }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name="updateFrequency" label={t('catalog.updateFrequency')} rules={[{ required: true }]}>
            <Select options={FREQUENCIES.map((f) => ({ value: f, label: names.frequency(f) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="openLevel" label={t('catalog.openLevel')} rules={[{ required: true }]}>
            <Select
              data-testid="resource-open-level"
              options={OPEN_LEVELS.map((o) => ({ value: o, label: names.openLevel(o) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="category" label={t('catalog.category')} rules={[{ required: true }]}>
            <Select options={CATEGORIES.map((c) => ({ value: c, label: names.category(c) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="grade" label={t('catalog.grade')} rules={[{ required: true }]}>
            <Select
              data-testid="resource-grade"
              options={DATA_GRADES.map((g) => ({
                value: g,
                label: g === 'core' ? `${names.grade(g)} (${t('catalog.coreRefused')})` : names.grade(g),
                disabled: registering && g === 'core',
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
        {t('catalog.gradeHint')}
      </Typography.Text>
    </>
  );
}
