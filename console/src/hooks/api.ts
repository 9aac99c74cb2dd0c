// React Query hooks over the typed client, with one query-key factory per resource.
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components, paths } from '../api/schema';

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;
type Body<P extends keyof paths, M extends 'post' | 'patch' | 'put'> =
  paths[P] extends Record<M, { requestBody?: { content: { 'application/json': infer B } } }> ? B : never;

export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];
export type Organization =
  paths['/api/v1/organizations/{id}']['get']['responses'][200]['content']['application/json'];
export type User = paths['/api/v1/users/{id}']['get']['responses'][200]['content']['application/json'];
export type ApiKey =
  paths['/api/v1/api-keys']['get']['responses'][200]['content']['application/json'][number];
export type AuditRecord =
  paths['/api/v1/audit']['get']['responses'][200]['content']['application/json']['items'][number];
export type Role = Me['roles'][number];
export type LedgerEntry =
  paths['/api/v1/ledger/entries/{index}']['get']['responses'][200]['content']['application/json'];
/** The checkpoint key; servers with the national suite and key rotation add `suite` and the earlier keys. */
export type LedgerPublicKey =
  paths['/api/v1/ledger/public-key']['get']['responses'][200]['content']['application/json'] & {
    suite?: string;
    keys?: { verifierKey: string }[];
  };
export type InclusionProof =
  paths['/api/v1/ledger/proofs/inclusion']['get']['responses'][200]['content']['application/json'];
export type ConsistencyProof =
  paths['/api/v1/ledger/proofs/consistency']['get']['responses'][200]['content']['application/json'];
export type Problem = components['schemas']['Problem'];
export type RightsApplication =
  paths['/api/v1/rights/applications/{id}']['get']['responses'][200]['content']['application/json'];
export type ApplicationStatus = RightsApplication['status'];
export type ApplicationKind = RightsApplication['kind'];
export type RightType = RightsApplication['rightType'];
export type ApplicationInput = Body<'/api/v1/rights/applications', 'post'>;
export type RightsNotice =
  paths['/api/v1/rights/notices']['get']['responses'][200]['content']['application/json']['items'][number];
export type RightsObjection =
  paths['/api/v1/rights/objections']['get']['responses'][200]['content']['application/json']['items'][number];
export type CertificateSummary =
  paths['/api/v1/rights/certificates']['get']['responses'][200]['content']['application/json']['items'][number];
export type CertificateStatus = CertificateSummary['status'];
export type CertificateDocument =
  paths['/api/v1/certificates/{number}']['get']['responses'][200]['content']['application/json'];
export type RightsSubject =
  paths['/api/v1/rights/subjects/{id}']['get']['responses'][200]['content']['application/json'];

export const keys = {
  me: ['me'] as const,
  organizations: (q?: object) => ['organizations', q ?? {}] as const,
  organization: (id: string) => ['organizations', 'one', id] as const,
  members: (id: string) => ['organizations', 'members', id] as const,
  users: (q?: object) => ['users', q ?? {}] as const,
  apiKeys: ['api-keys'] as const,
  audit: (q?: object) => ['audit', q ?? {}] as const,
  auditStats: (days: number) => ['audit', 'stats', days] as const,
  regions: (parent?: string) => ['regions', parent ?? 'root'] as const,
  ledgerCheckpoint: ['ledger', 'checkpoint'] as const,
  ledgerKey: ['ledger', 'public-key'] as const,
  ledgerEntries: (start: number, end: number) => ['ledger', 'entries', start, end] as const,
  ledgerEntry: (index: number) => ['ledger', 'entry', index] as const,
  checkedCheckpoint: (note: string, verifierKey: string) => ['ledger', 'checked', note, verifierKey] as const,
  inclusionProof: (index: number, treeSize: number) => ['ledger', 'inclusion', index, treeSize] as const,
  consistencyProof: (from: number, to: number) => ['ledger', 'consistency', from, to] as const,
  applications: (q?: object) => ['rights', 'applications', q ?? {}] as const,
  application: (id: string) => ['rights', 'application', id] as const,
  notices: (q?: object) => ['rights', 'notices', q ?? {}] as const,
  objections: (q?: object) => ['rights', 'objections', q ?? {}] as const,
  certificates: (q?: object) => ['rights', 'certificates', q ?? {}] as const,
  certificate: (number: string) => ['certificate', number] as const,
  subject: (id: string) => ['rights', 'subject', id] as const,
};

export const useMe = (enabled = true) =>
  useQuery({
    queryKey: keys.me,
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    enabled,
    retry: false,
    staleTime: 30_000,
  });

export const useOrganizations = (query: Query<'/api/v1/organizations'>, enabled = true) =>
  useQuery({
    queryKey: keys.organizations(query),
    queryFn: () => unwrap(api.GET('/api/v1/organizations', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useOrganization = (id: string) =>
  useQuery({
    queryKey: keys.organization(id),
    queryFn: () => unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })),
  });

export const useMembers = (id: string) =>
  useQuery({
    queryKey: keys.members(id),
    queryFn: () => unwrap(api.GET('/api/v1/organizations/{id}/members', { params: { path: { id } } })),
  });

export const useUsers = (query: Query<'/api/v1/users'>) =>
  useQuery({
    queryKey: keys.users(query),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useApiKeys = () =>
  useQuery({ queryKey: keys.apiKeys, queryFn: () => unwrap(api.GET('/api/v1/api-keys')) });

export const useRegions = (parent?: string) =>
  useQuery({
    queryKey: keys.regions(parent),
    queryFn: () => unwrap(api.GET('/api/v1/regions', { params: { query: parent ? { parent } : {} } })),
    staleTime: Infinity,
  });

export const useAudit = (query: Omit<Query<'/api/v1/audit'>, 'before'>, enabled = true) =>
  useInfiniteQuery({
    queryKey: keys.audit(query),
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/audit', {
          params: { query: { ...query, ...(pageParam && { before: pageParam }) } },
        }),
      ),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });

export const useAuditStats = (days: number, enabled: boolean) =>
  useQuery({
    queryKey: keys.auditStats(days),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/audit/stats', { params: { query: { days } } })),
  });

// The public ledger: no login needed. Proofs and entries of a fixed size never change, so they never go stale.
export const useLedgerCheckpoint = () =>
  useQuery({
    queryKey: keys.ledgerCheckpoint,
    queryFn: () => unwrap(api.GET('/api/v1/ledger/checkpoint', { parseAs: 'text' })),
  });

export const useLedgerPublicKey = () =>
  useQuery({
    queryKey: keys.ledgerKey,
    queryFn: (): Promise<LedgerPublicKey> => unwrap(api.GET('/api/v1/ledger/public-key')),
    staleTime: 60_000,
  });

export const useLedgerEntries = (start: number, end: number, enabled = true) =>
  useQuery({
    queryKey: keys.ledgerEntries(start, end),
    enabled: enabled && end > start,
    queryFn: () => unwrap(api.GET('/api/v1/ledger/entries', { params: { query: { start, end } } })),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });

export const useLedgerEntry = (index: number | undefined) =>
  useQuery({
    queryKey: keys.ledgerEntry(index ?? -1),
    enabled: index !== undefined,
    queryFn: () => unwrap(api.GET('/api/v1/ledger/entries/{index}', { params: { path: { index: index! } } })),
    staleTime: Infinity,
  });

export const useInclusionProof = (index: number | undefined, treeSize: number | undefined) =>
  useQuery({
    queryKey: keys.inclusionProof(index ?? -1, treeSize ?? -1),
    enabled: index !== undefined && treeSize !== undefined,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/ledger/proofs/inclusion', {
          params: { query: { index: index!, treeSize: treeSize! } },
        }),
      ),
    staleTime: Infinity,
  });

export const useConsistencyProof = (sizes: { from: number; to: number } | undefined) =>
  useQuery({
    queryKey: keys.consistencyProof(sizes?.from ?? -1, sizes?.to ?? -1),
    enabled: sizes !== undefined,
    queryFn: () => unwrap(api.GET('/api/v1/ledger/proofs/consistency', { params: { query: sizes! } })),
    staleTime: Infinity,
  });

function useInvalidating<TVars, TData>(fn: (vars: TVars) => Promise<TData>, ...prefixes: string[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all(prefixes.map((p) => qc.invalidateQueries({ queryKey: [p] }))),
  });
}

export const useCreateOrganization = () =>
  useInvalidating(
    (body: Body<'/api/v1/organizations', 'post'>) => unwrap(api.POST('/api/v1/organizations', { body })),
    'organizations',
  );

export const useUpdateOrganization = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: Body<'/api/v1/organizations/{id}', 'patch'> }) =>
      unwrap(api.PATCH('/api/v1/organizations/{id}', { params: { path: { id } }, body })),
    'organizations',
  );

export const useCreateUser = () =>
  useInvalidating(
    (body: Body<'/api/v1/users', 'post'>) => unwrap(api.POST('/api/v1/users', { body })),
    'users',
    'organizations',
  );

export const useUpdateUser = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: Body<'/api/v1/users/{id}', 'patch'> }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    'users',
  );

export const useSetMembership = () =>
  useInvalidating(
    (body: Body<'/api/v1/memberships', 'put'>) => unwrap(api.PUT('/api/v1/memberships', { body })),
    'users',
    'organizations',
  );

export const useRemoveMembership = () =>
  useInvalidating(
    (id: string) => unwrap(api.DELETE('/api/v1/memberships/{id}', { params: { path: { id } } })),
    'users',
    'organizations',
  );

export const useCreateApiKey = () =>
  useInvalidating(
    (body: Body<'/api/v1/api-keys', 'post'>) => unwrap(api.POST('/api/v1/api-keys', { body })),
    'api-keys',
  );

export const useRevokeApiKey = () =>
  useInvalidating(
    (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    'api-keys',
  );

export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: Body<'/api/v1/me/password', 'post'>) =>
      unwrap(api.POST('/api/v1/me/password', { body })),
  });

// Rights registration (三权分置登记): every change invalidates the rights queries and the certificate pages.
export const useApplications = (query: Query<'/api/v1/rights/applications'>, enabled = true) =>
  useQuery({
    queryKey: keys.applications(query),
    queryFn: () => unwrap(api.GET('/api/v1/rights/applications', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useApplication = (id: string | undefined) =>
  useQuery({
    queryKey: keys.application(id ?? ''),
    enabled: id !== undefined,
    queryFn: () => unwrap(api.GET('/api/v1/rights/applications/{id}', { params: { path: { id: id! } } })),
  });

export const useNotices = (query: Query<'/api/v1/rights/notices'>) =>
  useQuery({
    queryKey: keys.notices(query),
    queryFn: () => unwrap(api.GET('/api/v1/rights/notices', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useObjections = (query: Query<'/api/v1/rights/objections'>, enabled = true) =>
  useQuery({
    queryKey: keys.objections(query),
    queryFn: () => unwrap(api.GET('/api/v1/rights/objections', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useCertificates = (query: Query<'/api/v1/rights/certificates'>, enabled = true) =>
  useQuery({
    queryKey: keys.certificates(query),
    queryFn: () => unwrap(api.GET('/api/v1/rights/certificates', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useCertificate = (number: string) =>
  useQuery({
    queryKey: keys.certificate(number),
    queryFn: () => unwrap(api.GET('/api/v1/certificates/{number}', { params: { path: { number } } })),
    retry: false,
  });

export const useSubject = (id: string) =>
  useQuery({
    queryKey: keys.subject(id),
    queryFn: () => unwrap(api.GET('/api/v1/rights/subjects/{id}', { params: { path: { id } } })),
    retry: false,
  });

export const useApply = () =>
  useInvalidating(
    (body: ApplicationInput) => unwrap(api.POST('/api/v1/rights/applications', { body })),
    'rights',
  );

export const useAddAttachment = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: Body<'/api/v1/rights/applications/{id}/attachments', 'post'> }) =>
      unwrap(api.POST('/api/v1/rights/applications/{id}/attachments', { params: { path: { id } }, body })),
    'rights',
  );

export const useConsent = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: Body<'/api/v1/rights/applications/{id}/consent', 'post'> }) =>
      unwrap(api.POST('/api/v1/rights/applications/{id}/consent', { params: { path: { id } }, body })),
    'rights',
  );

export type ReviewInput = Body<'/api/v1/rights/applications/{id}/review', 'post'>;
export const useReview = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: ReviewInput }) =>
      unwrap(api.POST('/api/v1/rights/applications/{id}/review', { params: { path: { id } }, body })),
    'rights',
  );

export const useWithdraw = () =>
  useInvalidating(
    (id: string) =>
      unwrap(api.POST('/api/v1/rights/applications/{id}/withdraw', { params: { path: { id } } })),
    'rights',
  );

export const useIssue = () =>
  useInvalidating(
    (id: string) => unwrap(api.POST('/api/v1/rights/applications/{id}/issue', { params: { path: { id } } })),
    'rights',
    'certificate',
  );

export const useFileObjection = () =>
  useInvalidating(
    (body: Body<'/api/v1/rights/objections', 'post'>) =>
      unwrap(api.POST('/api/v1/rights/objections', { body })),
    'rights',
  );

export const useResolveObjection = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: Body<'/api/v1/rights/objections/{id}/resolve', 'post'> }) =>
      unwrap(api.POST('/api/v1/rights/objections/{id}/resolve', { params: { path: { id } }, body })),
    'rights',
  );

export const useRevokeCertificate = () =>
  useInvalidating(
    ({ number, reason }: { number: string; reason: string }) =>
      unwrap(
        api.POST('/api/v1/rights/certificates/{number}/revoke', {
          params: { path: { number } },
          body: { reason },
        }),
      ),
    'rights',
    'certificate',
  );

// The resource catalog (资源目录): public search and resource pages, the holder's inventory and information systems,
// registrations (review, notice, query code) and the demand list. Every change invalidates the catalog queries.
type Json<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch', S extends number = 200> =
  paths[P] extends Record<M, { responses: Record<S, { content: { 'application/json': infer R } }> }>
    ? R
    : never;

export type CatalogResource = Json<'/api/v1/catalog/resources/{idOrCode}', 'get'>;
export type CatalogSearchResult = Json<'/api/v1/catalog/resources', 'get'>;
export type CatalogFacets = Json<'/api/v1/catalog/facets', 'get'>;
export type CatalogQuery = Query<'/api/v1/catalog/resources'>;
export type InventoryResource = Json<'/api/v1/catalog/inventory/{id}', 'get'>;
export type InventoryQuery = Query<'/api/v1/catalog/inventory'>;
export type CatalogRegistration = InventoryResource['registrations'][number];
export type RegistrationQuery = Query<'/api/v1/catalog/registrations'>;
export type ResourceContent = NonNullable<CatalogRegistration['content']>;
export type ResourceInput = Body<'/api/v1/catalog/inventory', 'post'>;
export type ResourceStatus = CatalogResource['status'];
export type RegistrationStatus = CatalogRegistration['status'];
export type RegistrationKind = CatalogRegistration['kind'];
export type Domain = CatalogResource['domain'];
export type OpenLevel = CatalogResource['openLevel'];
export type DataCategory = CatalogResource['category'];
export type DataGrade = CatalogResource['grade'];
export type UpdateFrequency = CatalogResource['updateFrequency'];
export type InfoSystem = Json<'/api/v1/catalog/systems', 'get'>['items'][number];
export type SystemInput = Body<'/api/v1/catalog/systems', 'post'>;
export type Demand = Json<'/api/v1/catalog/demands', 'get'>['items'][number];
export type DemandQuery = Query<'/api/v1/catalog/demands'>;
export type DemandInput = Body<'/api/v1/catalog/demands', 'post'>;
export type DemandDetail = Json<'/api/v1/catalog/demands/{id}', 'get'>;
export type Region = Json<'/api/v1/regions/{code}', 'get'>;

export const catalogKeys = {
  search: (q: object) => ['catalog', 'search', q] as const,
  facets: ['catalog', 'facets'] as const,
  resource: (idOrCode: string) => ['catalog', 'resource', idOrCode] as const,
  inventory: (q: object) => ['catalog', 'inventory', q] as const,
  inventoryResource: (id: string) => ['catalog', 'inventory-resource', id] as const,
  systems: (q: object) => ['catalog', 'systems', q] as const,
  registrations: (q: object) => ['catalog', 'registrations', q] as const,
  notices: (q: object) => ['catalog', 'notices', q] as const,
  lookup: (code: string) => ['catalog', 'lookup', code] as const,
  demands: (q: object) => ['catalog', 'demands', q] as const,
  demand: (id: string) => ['catalog', 'demand', id] as const,
  matching: (limit: number) => ['catalog', 'matching', limit] as const,
  region: (code: string) => ['region', code] as const,
};

/** A division with the chain above it, for showing a stored code by name. */
export const useRegion = (code: string | null | undefined) =>
  useQuery({
    queryKey: catalogKeys.region(code ?? ''),
    enabled: !!code,
    queryFn: () => unwrap(api.GET('/api/v1/regions/{code}', { params: { path: { code: code! } } })),
    staleTime: Infinity,
    retry: false,
  });

export const useCatalogSearch = (query: CatalogQuery) =>
  useQuery({
    queryKey: catalogKeys.search(query),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/resources', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useCatalogFacets = () =>
  useQuery({
    queryKey: catalogKeys.facets,
    queryFn: () => unwrap(api.GET('/api/v1/catalog/facets')),
    staleTime: 60_000,
  });

export const useCatalogResource = (idOrCode: string) =>
  useQuery({
    queryKey: catalogKeys.resource(idOrCode),
    queryFn: () =>
      unwrap(api.GET('/api/v1/catalog/resources/{idOrCode}', { params: { path: { idOrCode } } })),
    retry: false,
  });

export const useInventory = (query: InventoryQuery, enabled = true) =>
  useQuery({
    queryKey: catalogKeys.inventory(query),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/inventory', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useInventoryResource = (id: string) =>
  useQuery({
    queryKey: catalogKeys.inventoryResource(id),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/inventory/{id}', { params: { path: { id } } })),
    retry: false,
  });

export const useSystems = (query: Query<'/api/v1/catalog/systems'>, enabled = true) =>
  useQuery({
    queryKey: catalogKeys.systems(query),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/systems', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useCatalogRegistrations = (query: RegistrationQuery) =>
  useQuery({
    queryKey: catalogKeys.registrations(query),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/registrations', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useCatalogNotices = (query: Query<'/api/v1/catalog/notices'>) =>
  useQuery({
    queryKey: catalogKeys.notices(query),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/notices', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useRegistrationLookup = (code: string | undefined) =>
  useQuery({
    queryKey: catalogKeys.lookup(code ?? ''),
    enabled: !!code,
    queryFn: () =>
      unwrap(api.GET('/api/v1/catalog/registrations/lookup', { params: { query: { code: code! } } })),
    retry: false,
  });

export const useDemands = (query: DemandQuery) =>
  useQuery({
    queryKey: catalogKeys.demands(query),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/demands', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useDemand = (id: string) =>
  useQuery({
    queryKey: catalogKeys.demand(id),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/demands/{id}', { params: { path: { id } } })),
    retry: false,
  });

export const useMatchingDemands = (limit: number, enabled = true) =>
  useQuery({
    queryKey: catalogKeys.matching(limit),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/catalog/demands/matching', { params: { query: { limit } } })),
  });

export const useCreateResource = () =>
  useInvalidating(
    (body: ResourceInput) => unwrap(api.POST('/api/v1/catalog/inventory', { body })),
    'catalog',
  );

export const useUpdateResource = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: ResourceInput }) =>
      unwrap(api.PUT('/api/v1/catalog/inventory/{id}', { params: { path: { id } }, body })),
    'catalog',
  );

export const useSubmitResource = () =>
  useInvalidating(
    (id: string) => unwrap(api.POST('/api/v1/catalog/inventory/{id}/register', { params: { path: { id } } })),
    'catalog',
  );

export const useRequestChange = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: Body<'/api/v1/catalog/inventory/{id}/change', 'post'> }) =>
      unwrap(api.POST('/api/v1/catalog/inventory/{id}/change', { params: { path: { id } }, body })),
    'catalog',
  );

export const useRequestCancellation = () =>
  useInvalidating(
    ({ id, reason }: { id: string; reason: string }) =>
      unwrap(
        api.POST('/api/v1/catalog/inventory/{id}/cancel', { params: { path: { id } }, body: { reason } }),
      ),
    'catalog',
  );

export type RegistrationReview = Body<'/api/v1/catalog/registrations/{id}/review', 'post'>;
export const useReviewRegistration = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: RegistrationReview }) =>
      unwrap(api.POST('/api/v1/catalog/registrations/{id}/review', { params: { path: { id } }, body })),
    'catalog',
  );

export const useWithdrawRegistration = () =>
  useInvalidating(
    (id: string) =>
      unwrap(api.POST('/api/v1/catalog/registrations/{id}/withdraw', { params: { path: { id } } })),
    'catalog',
  );

export const useCreateSystem = () =>
  useInvalidating((body: SystemInput) => unwrap(api.POST('/api/v1/catalog/systems', { body })), 'catalog');

export const useUpdateSystem = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: Body<'/api/v1/catalog/systems/{id}', 'patch'> }) =>
      unwrap(api.PATCH('/api/v1/catalog/systems/{id}', { params: { path: { id } }, body })),
    'catalog',
  );

export const usePostDemand = () =>
  useInvalidating((body: DemandInput) => unwrap(api.POST('/api/v1/catalog/demands', { body })), 'catalog');

export const useAnswerDemand = () =>
  useInvalidating(
    ({ id, body }: { id: string; body: Body<'/api/v1/catalog/demands/{id}/answers', 'post'> }) =>
      unwrap(api.POST('/api/v1/catalog/demands/{id}/answers', { params: { path: { id } }, body })),
    'catalog',
  );

export const useCloseDemand = () =>
  useInvalidating(
    ({ id, reason }: { id: string; reason?: string }) =>
      unwrap(
        api.POST('/api/v1/catalog/demands/{id}/close', {
          params: { path: { id } },
          body: reason ? { reason } : {},
        }),
      ),
    'catalog',
  );

// The secure store (数据安全存储): datasets with their versions (schema, profile, classification, quality), the
// holder's grade overrides and quality rules, the important-data catalog; and what the public catalog shows of them.
// Every change invalidates the dataset queries and the catalog's (a resource page shows its data and score).
export type Dataset = Json<'/api/v1/datasets', 'get'>['items'][number];
export type DatasetDetail = Json<'/api/v1/datasets/{idOrSlug}', 'get'>;
export type DatasetVersion = DatasetDetail['versions'][number];
export type DatasetQuery = Query<'/api/v1/datasets'>;
export type DatasetInput = Body<'/api/v1/datasets', 'post'>;
export type ColumnClassification = DatasetVersion['classification']['columns'][number];
export type ColumnProfile = DatasetVersion['profile']['columns'][number];
export type QualityReport = NonNullable<DatasetVersion['quality']>;
export type ImportantData = Json<'/api/v1/datasets/important', 'get'>[number];
export type ResourceData = Json<'/api/v1/catalog/resources/{id}/data', 'get'>[number];
export type SourceEntry = Json<'/api/v1/catalog/sources', 'get'>['items'][number];
export type SourceQuery = Query<'/api/v1/catalog/sources'>;
export type UploadRecord = Json<'/api/v1/datasets/{idOrSlug}/uploads/{uploadId}', 'get'>;
export type UploadPhase = UploadRecord['phase'];

export const datasetKeys = {
  list: (q: object) => ['datasets', 'list', q] as const,
  one: (idOrSlug: string) => ['datasets', 'one', idOrSlug] as const,
  uploads: (idOrSlug: string, q: object) => ['datasets', 'uploads', idOrSlug, q] as const,
  upload: (idOrSlug: string, uploadId: string) => ['datasets', 'upload', idOrSlug, uploadId] as const,
  important: ['datasets', 'important'] as const,
  resourceData: (id: string) => ['catalog', 'resource-data', id] as const,
  sources: (q: object) => ['catalog', 'sources', q] as const,
};

export const useDatasets = (query: DatasetQuery) =>
  useQuery({
    queryKey: datasetKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/datasets', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useDataset = (idOrSlug: string) =>
  useQuery({
    queryKey: datasetKeys.one(idOrSlug),
    queryFn: () => unwrap(api.GET('/api/v1/datasets/{idOrSlug}', { params: { path: { idOrSlug } } })),
    retry: false,
  });

/** How often a running upload is asked for its progress. */
const UPLOAD_POLL_MS = 700;

/** One upload's record; polled while `live` (its request is still running). */
export const useUploadRecord = (idOrSlug: string, uploadId: string | undefined, live: boolean) =>
  useQuery({
    queryKey: datasetKeys.upload(idOrSlug, uploadId ?? ''),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/datasets/{idOrSlug}/uploads/{uploadId}', {
          params: { path: { idOrSlug, uploadId: uploadId! } },
        }),
      ),
    enabled: uploadId !== undefined,
    refetchInterval: live ? UPLOAD_POLL_MS : false,
    retry: false,
  });

/** A dataset's uploads, newest first; polled while any of them runs (an upload from another tab or person). */
export const useUploads = (idOrSlug: string, query: { limit: number; offset: number }) =>
  useQuery({
    queryKey: datasetKeys.uploads(idOrSlug, query),
    queryFn: () =>
      unwrap(api.GET('/api/v1/datasets/{idOrSlug}/uploads', { params: { path: { idOrSlug }, query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((u) => u.status === 'running') ? 2000 : false),
  });

export const useImportantData = () =>
  useQuery({
    queryKey: datasetKeys.important,
    queryFn: () => unwrap(api.GET('/api/v1/datasets/important')),
  });

/** Public: what anyone may know of a registered resource's data (no values). */
export const useResourceData = (id: string | undefined) =>
  useQuery({
    queryKey: datasetKeys.resourceData(id ?? ''),
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/catalog/resources/{id}/data', { params: { path: { id: id! } } })),
    retry: false,
  });

/** Public: the "one data item, one source" register (一数一源). */
export const useCatalogSources = (query: SourceQuery) =>
  useQuery({
    queryKey: datasetKeys.sources(query),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/sources', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useCreateDataset = () =>
  useInvalidating((body: DatasetInput) => unwrap(api.POST('/api/v1/datasets', { body })), 'datasets');

export type GradeOverride = Body<'/api/v1/datasets/{idOrSlug}/columns/{column}/grade', 'put'>;
export const useOverrideGrade = () =>
  useInvalidating(
    ({ idOrSlug, column, body }: { idOrSlug: string; column: string; body: GradeOverride }) =>
      unwrap(
        api.PUT('/api/v1/datasets/{idOrSlug}/columns/{column}/grade', {
          params: { path: { idOrSlug, column } },
          body,
        }),
      ),
    'datasets',
    'catalog',
  );

export type QualitySettings = Body<'/api/v1/datasets/{idOrSlug}/quality', 'put'>;
export const useSetQuality = () =>
  useInvalidating(
    ({ idOrSlug, body }: { idOrSlug: string; body: QualitySettings }) =>
      unwrap(api.PUT('/api/v1/datasets/{idOrSlug}/quality', { params: { path: { idOrSlug } }, body })),
    'datasets',
    'catalog',
  );
