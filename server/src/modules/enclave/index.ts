// Public surface of the secure store (安全域): datasets and their versions as Parquet files, ingestion of uploads,
// classification of stored data, and the important-data catalog.
import type { Kysely } from 'kysely';
import { createDatasetService, type EnclaveDeps } from './datasets.service.ts';
import { EnclaveRepository } from './enclave.repository.ts';

export { enclaveMigrations } from './enclave.tables.ts';
export { enclaveRoutes } from './enclave.routes.ts';
export { ingestFile, IngestError, type IngestResult, type SourceFormat } from './ingest.ts';
export type { DatasetService, ResourceFacts } from './datasets.service.ts';
export type { ColumnSchema, ColumnProfile, DatasetProfile } from './types.ts';

export function createEnclaveModule(db: Kysely<any>, deps: EnclaveDeps) {
  const repo = new EnclaveRepository(db);
  const datasets = createDatasetService(repo, deps);
  return { repo, datasets };
}
export type EnclaveModule = ReturnType<typeof createEnclaveModule>;
