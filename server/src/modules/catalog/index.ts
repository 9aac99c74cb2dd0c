// Public surface of the catalog module (资源目录, "one ledger"): regions, information systems, data resources and
// their registrations, search, the source register and the demand list.
import type { Kysely } from 'kysely';
import { CatalogRepository } from './catalog.repository.ts';
import { createCatalogService, type CatalogDeps } from './catalog.service.ts';

export { catalogRoutes } from './catalog.routes.ts';
export { documentVector, facetTerms, queryText } from './search.ts';
export {
  catalogMigrations,
  DOMAINS,
  UPDATE_FREQUENCIES,
  OPEN_LEVELS,
  CATEGORIES,
  type Domain,
  type UpdateFrequency,
  type OpenLevel,
  type FieldSpec,
} from './catalog.tables.ts';
export type { CatalogService, CatalogResourceView } from './catalog.service.ts';

export function createCatalogModule(db: Kysely<any>, deps: CatalogDeps) {
  const repo = new CatalogRepository(db);
  const service = createCatalogService(repo, deps);
  return { repo, service };
}
export type CatalogModule = ReturnType<typeof createCatalogModule>;
