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
