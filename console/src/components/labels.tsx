// Small shared renderers: role tags, status badges, time.
import { Badge, Tag } from 'antd';
import dayjs from 'dayjs';
import type { Role } from '../hooks/api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';

export const ROLES: Role[] = [
  'platform_admin',
  'authority',
  'holder',
  'operator',
  'merchant',
  'service_provider',
  'regulator',
  'individual',
];
const ROLE_COLOR: Record<Role, string> = {
  platform_admin: 'magenta',
  authority: 'volcano',
  holder: 'green',
  operator: 'cyan',
  merchant: 'blue',
  service_provider: 'purple',
  regulator: 'red',
  individual: 'default',
};

export function RoleTags({ roles }: { roles: Role[] }) {
  const { t } = useI18n();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={ROLE_COLOR[r]}>
          {t(`role.${r}` as MessageKey)}
        </Tag>
      ))}
    </>
  );
}

export function StatusBadge({ status }: { status: 'active' | 'suspended' | 'disabled' }) {
  const { t } = useI18n();
  return (
    <Badge status={status === 'active' ? 'success' : 'default'} text={t(`status.${status}` as MessageKey)} />
  );
}

export const time = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
