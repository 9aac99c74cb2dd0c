// Public surface of the rights module (数据权益登记, 三权分置): registrations, objections and certificates.
import type { Kysely } from 'kysely';
import { RightsRepository } from './rights.repository.ts';
import { createRightsService, type RightsDeps } from './rights.service.ts';

export {
  rightsMigrations,
  RIGHT_TYPES,
  APPLICATION_KINDS,
  CHECKLIST,
  FULL_CHECKLIST,
  type RightType,
} from './rights.tables.ts';
export { rightsRoutes } from './rights.routes.ts';
export { certCommand } from './rights.cli.ts';
export {
  verifyCertificate,
  certificateNoteText,
  CERTIFICATE_HEADER,
  type CertificateBody,
  type CertificateDocument,
  type Verdict,
} from './certificate.ts';
export type { RightsService } from './rights.service.ts';

export function createRightsModule(db: Kysely<any>, deps: RightsDeps) {
  const repo = new RightsRepository(db);
  const service = createRightsService(repo, deps);
  return { repo, service };
}
export type RightsModule = ReturnType<typeof createRightsModule>;
