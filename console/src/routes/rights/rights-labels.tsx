// Shared renderers of rights registration: status tags, the names of kinds, right types and grades, file reading.
import { Tag } from 'antd';
import type { ApplicationStatus, CertificateStatus, RightType } from '../../hooks/api';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';

export const APPLICATION_STATUSES: ApplicationStatus[] = [
  'awaiting_consent',
  'under_review',
  'in_notice',
  'issued',
  'completed',
  'refused',
  'withdrawn',
];
/** What an applicant may apply for; revocation is the authority's act on a certificate. */
export const APPLICATION_KINDS = [
  'first',
  'licence',
  'transfer',
  'change',
  'renewal',
  'cancellation',
] as const;
export const RIGHT_TYPES: RightType[] = ['holding', 'processing', 'operation'];
export const GRADES = ['general', 'important', 'core'] as const;
export const CHECKLIST = [
  'sourceLawful',
  'ownershipClear',
  'gradeConfirmed',
  'personalInfoCompliant',
  'materialsComplete',
] as const;
export type ChecklistItem = (typeof CHECKLIST)[number];

const APPLICATION_COLOR: Record<ApplicationStatus, string> = {
  awaiting_consent: 'gold',
  under_review: 'processing',
  in_notice: 'purple',
  issued: 'success',
  completed: 'success',
  refused: 'error',
  withdrawn: 'default',
};
const CERTIFICATE_COLOR: Record<CertificateStatus, string> = {
  valid: 'success',
  expired: 'warning',
  superseded: 'default',
  cancelled: 'default',
  revoked: 'error',
};

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={APPLICATION_COLOR[status]} data-status={status}>
      {t(`rights.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function CertificateStatusTag({ status }: { status: CertificateStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={CERTIFICATE_COLOR[status]} data-status={status}>
      {t(`cert.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** Translators for the enumerations the server sends as codes. */
export function useRightsNames() {
  const { t } = useI18n();
  return {
    kind: (k: string) => t(`rights.kind.${k}` as MessageKey),
    rightType: (r: string | null) => (r ? t(`rights.right.${r}` as MessageKey) : '—'),
    grade: (g: string) => t(`rights.grade.${g}` as MessageKey),
    subjectKind: (k: string) => t(`rights.subjectKind.${k}` as MessageKey),
  };
}

export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // Chunks keep String.fromCharCode within the argument limit for files of megabytes.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
