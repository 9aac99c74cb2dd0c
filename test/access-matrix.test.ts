// Walks every API route with every role (and no credentials), aimed at another organization's records.
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import { FULL_CHECKLIST as CHECKS } from '../server/src/modules/rights/index.ts';
import type { Role, RequestContext } from '../server/src/platform/context.ts';
import {
  ALL_ROLES,
  bearer,
  createOrgWithUsers,
  login,
  randomCreditCode,
  testApp,
  TEST_PASSWORD,
  type TestOrg,
} from '../server/src/testing/index.ts';

type Caller = Role | 'anonymous';
type Outcome = 'ok' | 'unauthenticated' | 'forbidden' | 'not_found' | 'session_required';

/** Routes that act for the person, not the organization: an API key may not call them. */
const SESSION_ONLY = ['POST /api/v1/auth/logout', 'POST /api/v1/me/password', 'POST /api/v1/api-keys'];

/** The access matrix: who may call each route. `*` = any authenticated caller. */
const MATRIX: Record<string, 'public' | '*' | Role[]> = {
  'GET /api/v1/health': 'public',
  'GET /api/v1/regions': 'public',
  'GET /api/v1/regions/{code}': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/logout': '*',
  'GET /api/v1/me': '*',
  'POST /api/v1/me/password': '*',
  'GET /api/v1/organizations': '*',
  'POST /api/v1/organizations': ['platform_admin', 'authority'],
  'GET /api/v1/organizations/{id}': '*',
  'PATCH /api/v1/organizations/{id}': ['platform_admin', 'authority'],
  'GET /api/v1/organizations/{id}/members': '*',
  'GET /api/v1/users': '*',
  'POST /api/v1/users': ['platform_admin'],
  'GET /api/v1/users/{id}': '*',
  'PATCH /api/v1/users/{id}': ['platform_admin'],
  'PUT /api/v1/memberships': ['platform_admin'],
  'DELETE /api/v1/memberships/{id}': ['platform_admin'],
  'GET /api/v1/api-keys': '*',
  'POST /api/v1/api-keys': '*',
  'DELETE /api/v1/api-keys/{id}': '*',
  'GET /api/v1/audit': ['regulator', 'platform_admin'],
  'GET /api/v1/audit/stats': ['regulator', 'platform_admin'],
  'GET /api/v1/ledger/checkpoint': 'public',
  'GET /api/v1/ledger/public-key': 'public',
  'GET /api/v1/ledger/entries': 'public',
  'GET /api/v1/ledger/entries/{index}': 'public',
  'GET /api/v1/ledger/proofs/inclusion': 'public',
  'GET /api/v1/ledger/proofs/consistency': 'public',
  'GET /api/v1/ledger/tile/entries/{*}': 'public',
  'GET /api/v1/ledger/tile/{level}/{*}': 'public',
  'POST /api/v1/rights/applications': ['holder', 'operator', 'merchant'],
  'GET /api/v1/rights/applications': '*',
  'GET /api/v1/rights/applications/{id}': '*',
  'POST /api/v1/rights/applications/{id}/attachments': ['holder', 'operator', 'merchant'],
  'GET /api/v1/rights/applications/{id}/attachments/{attachmentId}': '*',
  'POST /api/v1/rights/applications/{id}/consent': ['holder', 'operator', 'merchant'],
  'POST /api/v1/rights/applications/{id}/review': ['authority'],
  'POST /api/v1/rights/applications/{id}/withdraw': ['holder', 'operator', 'merchant'],
  'POST /api/v1/rights/applications/{id}/issue': ['authority'],
  'GET /api/v1/rights/notices': 'public',
  'POST /api/v1/rights/objections': '*',
  'GET /api/v1/rights/objections': '*',
  'POST /api/v1/rights/objections/{id}/resolve': ['authority'],
  'GET /api/v1/rights/certificates': '*',
  'POST /api/v1/rights/certificates/{number}/revoke': ['authority'],
  'GET /api/v1/rights/subjects/{id}': 'public',
  'GET /api/v1/certificates/{number}': 'public',
  'GET /api/v1/catalog/resources': 'public',
  'GET /api/v1/catalog/facets': 'public',
  'GET /api/v1/catalog/resources/{idOrCode}': 'public',
  'GET /api/v1/catalog/notices': 'public',
  'GET /api/v1/catalog/registrations/lookup': 'public',
  'GET /api/v1/catalog/sources': 'public',
  'GET /api/v1/catalog/dcat': 'public',
  'GET /api/v1/catalog/systems': '*',
  'POST /api/v1/catalog/systems': ['holder'],
  'PATCH /api/v1/catalog/systems/{id}': ['holder'],
  'GET /api/v1/catalog/inventory': '*',
  'POST /api/v1/catalog/inventory': ['holder'],
  'GET /api/v1/catalog/inventory/{id}': '*',
  'PUT /api/v1/catalog/inventory/{id}': ['holder'],
  'POST /api/v1/catalog/inventory/{id}/register': ['holder'],
  'POST /api/v1/catalog/inventory/{id}/change': ['holder'],
  'POST /api/v1/catalog/inventory/{id}/cancel': ['holder'],
  'GET /api/v1/catalog/registrations': '*',
  'GET /api/v1/catalog/registrations/{id}': '*',
  'POST /api/v1/catalog/registrations/{id}/review': ['authority'],
  'POST /api/v1/catalog/registrations/{id}/withdraw': ['holder'],
  'GET /api/v1/catalog/demands': '*',
  'POST /api/v1/catalog/demands': '*',
  'GET /api/v1/catalog/demands/matching': ['holder'],
  'GET /api/v1/catalog/demands/{id}': '*',
  'POST /api/v1/catalog/demands/{id}/answers': ['holder'],
  'POST /api/v1/catalog/demands/{id}/close': '*',
  'GET /api/v1/catalog/resources/{id}/data': 'public',
  'GET /api/v1/datasets': '*',
  'POST /api/v1/datasets': ['holder'],
  'GET /api/v1/datasets/{idOrSlug}': '*',
  'POST /api/v1/datasets/{idOrSlug}/versions': ['holder'],
  'GET /api/v1/datasets/{idOrSlug}/versions/{number}/raw': ['holder'],
  'GET /api/v1/datasets/{idOrSlug}/uploads': ['holder'],
  'GET /api/v1/datasets/{idOrSlug}/uploads/{uploadId}': ['holder'],
  'PUT /api/v1/datasets/{idOrSlug}/columns/{column}/grade': ['holder'],
  'PUT /api/v1/datasets/{idOrSlug}/quality': ['holder'],
  'GET /api/v1/datasets/important': '*',
};

/** Rights actions on organization B's applications that only B's own members may take: others do not see them. */
const PARTY_ONLY = [
  'POST /api/v1/rights/applications/{id}/attachments',
  'POST /api/v1/rights/applications/{id}/consent',
  'POST /api/v1/rights/applications/{id}/withdraw',
  'PATCH /api/v1/catalog/systems/{id}',
  'PUT /api/v1/catalog/inventory/{id}',
  'POST /api/v1/catalog/inventory/{id}/register',
  'POST /api/v1/catalog/inventory/{id}/change',
  'POST /api/v1/catalog/inventory/{id}/cancel',
  'POST /api/v1/catalog/registrations/{id}/withdraw',
  'POST /api/v1/datasets/{idOrSlug}/versions',
  'GET /api/v1/datasets/{idOrSlug}/versions/{number}/raw',
  'GET /api/v1/datasets/{idOrSlug}/uploads',
  'GET /api/v1/datasets/{idOrSlug}/uploads/{uploadId}',
  'PUT /api/v1/datasets/{idOrSlug}/columns/{column}/grade',
  'PUT /api/v1/datasets/{idOrSlug}/quality',
];

/** Records every member of the platform reads, whoever owns them. */
const SHARED_READS = ['GET /api/v1/catalog/demands/{id}'];
/** Changes only the owner's organization or a cross-organization role may make. */
const OWNER_OR_CROSS_ORG = ['POST /api/v1/catalog/demands/{id}/close'];

/** Roles that read every organization's records; the others see only their own. */
const CROSS_ORG_READERS: Caller[] = ['platform_admin', 'authority', 'regulator'];

let lt: Liutong;
let a: TestOrg; // the callers' organization
let b: TestOrg; // the organization whose records they aim at
const apiKeys: Partial<Record<Role, string>> = {}; // one key per role in A, for the same walk by machine

const unique = () => randomBytes(4).toString('hex');

function systemCtx(orgId: string, role: Role): RequestContext {
  return {
    principal: { kind: 'user', userId: b.users[role].id, username: 'fixture', orgId, roles: [role] },
    requestId: `fixture-${unique()}`,
    ip: '127.0.0.1',
    userAgent: 'vitest',
  };
}

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Replace the caller's token by a fresh session (for logout, which would end the shared one). */
  freshSession?: boolean;
  /** After a refused call: prove nothing changed. */
  unchanged?: () => Promise<void>;
}

async function freshMembership() {
  const user = await lt.identity.identity.createUser(systemCtx(b.id, 'platform_admin'), {
    username: `m${unique()}`,
    displayName: 'target',
    password: TEST_PASSWORD,
    orgId: b.id,
    roles: ['holder'],
  });
  return user.memberships[0]!;
}

/** A fresh application of organization B (holding right of a new subject), under review. */
const bApplication = () =>
  lt.rights.service.apply(systemCtx(b.id, 'holder'), {
    kind: 'first',
    rightType: 'holding',
    subject: {
      kind: 'resource',
      title: `矩阵数据${unique()}`,
      contentHash: randomBytes(32).toString('hex'),
      grade: 'general',
    },
  });
/** …approved into public notice (tests run with a notice period of zero). */
async function bNotice() {
  const app = await bApplication();
  return lt.rights.service.review(systemCtx(b.id, 'authority'), app.id, {
    decision: 'approve',
    checklist: CHECKS,
  });
}
/** …and issued. */
async function bCertificate() {
  const app = await bNotice();
  return (await lt.rights.service.issue(systemCtx(b.id, 'authority'), app.id)).issuedCertificateNumber!;
}
/** A licence application by a third organization C, waiting for B's consent as the holder. */
async function bLicence() {
  const certNo = await bCertificate();
  const subjectId = (await lt.rights.service.certificate(certNo)).certificate.subject.id;
  const c = await createOrgWithUsers(lt, 'matrixC');
  return lt.rights.service.apply(systemCtx(c.id, 'operator'), {
    kind: 'licence',
    rightType: 'processing',
    subjectId,
  });
}
const applicationStatus = async (id: string) => (await lt.rights.repo.application(id))?.status;

/** A draft resource of organization B. */
const bResource = () =>
  lt.catalog.service.createResource(systemCtx(b.id, 'holder'), {
    title: `矩阵资源${unique()}`,
    description: '用于访问矩阵测试的数据资源',
    regionCode: '150102',
    domain: 'theme',
    fields: [{ name: '编号', type: 'VARCHAR' }],
    updateFrequency: 'monthly',
    openLevel: 'conditional',
    category: 'public',
    grade: 'general_2',
  });
/** …submitted for registration (under review). */
async function bRegistration() {
  const r = await bResource();
  return lt.catalog.service.submit(systemCtx(b.id, 'holder'), r.id);
}
/** …registered (tests run with a notice period of zero). */
async function bRegistered() {
  const reg = await bRegistration();
  await lt.catalog.service.review(systemCtx(b.id, 'authority'), reg.id, { decision: 'approve' });
  return reg.resource;
}
/** A dataset of organization B with one version. */
async function bDataset() {
  const d = await lt.enclave.datasets.create(systemCtx(b.id, 'holder'), {
    slug: `m-${unique()}`,
    title: '矩阵数据集',
  });
  const file = path.join(lt.enclave.datasets.uploadsDir, `${unique()}.upload`);
  writeFileSync(file, '编号,数量\nA1,3\n');
  await lt.enclave.datasets.upload(
    systemCtx(b.id, 'holder'),
    d.id,
    { path: file, name: 'm.csv', bytes: 14, sha256: '0'.repeat(64) },
    { full: false },
  );
  return d;
}
const versionCount = async (id: string) => (await lt.enclave.repo.versions(id)).length;
const BOUNDARY = '----matrix';
const resourceStatus = async (id: string) => (await lt.catalog.repo.resource(id))?.status;
const registrationStatus = async (id: string) => (await lt.catalog.repo.registration(id))?.status;
const bDemand = () =>
  lt.catalog.service.postDemand(systemCtx(b.id, 'operator'), {
    title: `矩阵需求${unique()}`,
    fields: ['编号'],
    purpose: '访问矩阵测试',
  });
const resourcePayload = (title: string) => ({
  title,
  description: '矩阵测试改写的说明',
  regionCode: '150102',
  domain: 'theme',
  fields: [{ name: '编号', type: 'VARCHAR' }],
  updateFrequency: 'monthly',
  openLevel: 'conditional',
  category: 'public',
  grade: 'general_2',
});

/** Builds the request for one route, creating a fresh target in organization B when it needs one. */
const CASES: Record<string, (caller: Caller) => Promise<Case>> = {
  'GET /api/v1/health': async () => ({ method: 'GET', url: '/api/v1/health' }),
  'GET /api/v1/regions': async () => ({ method: 'GET', url: '/api/v1/regions?parent=150100' }),
  'GET /api/v1/regions/{code}': async () => ({ method: 'GET', url: '/api/v1/regions/150102' }),
  'POST /api/v1/auth/login': async () => ({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: b.users.holder.username, password: TEST_PASSWORD },
  }),
  'POST /api/v1/auth/refresh': async () => ({
    method: 'POST',
    url: '/api/v1/auth/refresh',
    payload: { refreshToken: (await login(lt, b.users.holder.username)).refreshToken },
  }),
  'POST /api/v1/auth/logout': async () => ({
    method: 'POST',
    url: '/api/v1/auth/logout',
    freshSession: true,
  }),
  'GET /api/v1/me': async () => ({ method: 'GET', url: '/api/v1/me' }),
  'POST /api/v1/me/password': async () => ({
    method: 'POST',
    url: '/api/v1/me/password',
    payload: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD },
  }),
  'GET /api/v1/organizations': async () => ({ method: 'GET', url: '/api/v1/organizations' }),
  'POST /api/v1/organizations': async () => {
    const name = `新组织${unique()}`;
    return {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name, kind: 'enterprise', creditCode: randomCreditCode(), regionCode: '150105' },
      unchanged: async () => {
        const found = await lt.identity.repo.listOrganizations({ q: name, limit: 5, offset: 0 });
        expect(found.total).toBe(0);
      },
    };
  },
  'GET /api/v1/organizations/{id}': async () => ({ method: 'GET', url: `/api/v1/organizations/${b.id}` }),
  'PATCH /api/v1/organizations/{id}': async () => {
    const contactName = `联系人${unique()}`;
    return {
      method: 'PATCH',
      url: `/api/v1/organizations/${b.id}`,
      payload: { contactName },
      unchanged: async () =>
        expect((await lt.identity.repo.findOrganization(b.id))?.contact_name).not.toBe(contactName),
    };
  },
  'GET /api/v1/organizations/{id}/members': async () => ({
    method: 'GET',
    url: `/api/v1/organizations/${b.id}/members`,
  }),
  'GET /api/v1/users': async () => ({ method: 'GET', url: '/api/v1/users' }),
  'POST /api/v1/users': async () => {
    const username = `n${unique()}`;
    return {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username, displayName: '新用户', password: TEST_PASSWORD, orgId: b.id, roles: ['holder'] },
      unchanged: async () => expect(await lt.identity.repo.findUserByUsername(username)).toBeUndefined(),
    };
  },
  'GET /api/v1/users/{id}': async () => ({ method: 'GET', url: `/api/v1/users/${b.users.holder.id}` }),
  'PATCH /api/v1/users/{id}': async () => {
    const displayName = `改名${unique()}`;
    return {
      method: 'PATCH',
      url: `/api/v1/users/${b.users.operator.id}`,
      payload: { displayName },
      unchanged: async () =>
        expect((await lt.identity.repo.findUser(b.users.operator.id))?.display_name).not.toBe(displayName),
    };
  },
  'PUT /api/v1/memberships': async () => {
    const m = await freshMembership();
    return {
      method: 'PUT',
      url: '/api/v1/memberships',
      payload: { userId: m.userId, orgId: b.id, roles: ['platform_admin'] },
      unchanged: async () => expect((await lt.identity.repo.findMembership(m.id))?.roles).toEqual(['holder']),
    };
  },
  'DELETE /api/v1/memberships/{id}': async () => {
    const m = await freshMembership();
    return {
      method: 'DELETE',
      url: `/api/v1/memberships/${m.id}`,
      unchanged: async () => expect(await lt.identity.repo.findMembership(m.id)).toBeDefined(),
    };
  },
  'GET /api/v1/api-keys': async () => ({ method: 'GET', url: '/api/v1/api-keys' }),
  'POST /api/v1/api-keys': async (caller) => ({
    method: 'POST',
    url: '/api/v1/api-keys',
    payload: { name: `key ${unique()}`, roles: [caller === 'anonymous' ? 'holder' : caller] },
  }),
  'DELETE /api/v1/api-keys/{id}': async () => {
    const key = await lt.identity.identity.createApiKey(systemCtx(b.id, 'merchant'), {
      name: `b key ${unique()}`,
      roles: ['merchant'],
    });
    return {
      method: 'DELETE',
      url: `/api/v1/api-keys/${key.id}`,
      unchanged: async () => expect((await lt.identity.repo.findApiKey(key.id))?.revoked_at).toBeNull(),
    };
  },
  'GET /api/v1/audit': async () => ({ method: 'GET', url: '/api/v1/audit?limit=5' }),
  'GET /api/v1/audit/stats': async () => ({ method: 'GET', url: '/api/v1/audit/stats?days=7' }),
  'GET /api/v1/ledger/checkpoint': async () => ({ method: 'GET', url: '/api/v1/ledger/checkpoint' }),
  'POST /api/v1/rights/applications': async () => {
    const title = `矩阵申请${unique()}`;
    return {
      method: 'POST',
      url: '/api/v1/rights/applications',
      payload: {
        kind: 'first',
        subject: { kind: 'resource', title, contentHash: randomBytes(32).toString('hex'), grade: 'general' },
      },
      unchanged: async () =>
        expect(
          await lt.database.kysely
            .selectFrom('rights.subjects')
            .select('id')
            .where('title', '=', title)
            .execute(),
        ).toEqual([]),
    };
  },
  'GET /api/v1/rights/applications': async () => ({ method: 'GET', url: '/api/v1/rights/applications' }),
  'GET /api/v1/rights/applications/{id}': async () => ({
    method: 'GET',
    url: `/api/v1/rights/applications/${(await bApplication()).id}`,
  }),
  'POST /api/v1/rights/applications/{id}/attachments': async () => {
    const app = await bApplication();
    return {
      method: 'POST',
      url: `/api/v1/rights/applications/${app.id}/attachments`,
      payload: {
        name: '说明.txt',
        mediaType: 'text/plain',
        contentBase64: Buffer.from('x').toString('base64'),
      },
      unchanged: async () => expect(await lt.rights.repo.attachments(app.id)).toEqual([]),
    };
  },
  'GET /api/v1/rights/applications/{id}/attachments/{attachmentId}': async () => {
    const app = await bApplication();
    const withFile = await lt.rights.service.addAttachment(systemCtx(b.id, 'holder'), app.id, {
      name: '说明.txt',
      mediaType: 'text/plain',
      contentBase64: Buffer.from('证明材料').toString('base64'),
    });
    return {
      method: 'GET',
      url: `/api/v1/rights/applications/${app.id}/attachments/${withFile.attachments[0]!.id}`,
    };
  },
  'POST /api/v1/rights/applications/{id}/consent': async () => {
    const app = await bLicence();
    return {
      method: 'POST',
      url: `/api/v1/rights/applications/${app.id}/consent`,
      payload: { decision: 'grant', statement: '同意' },
      unchanged: async () => expect(await applicationStatus(app.id)).toBe('awaiting_consent'),
    };
  },
  'POST /api/v1/rights/applications/{id}/review': async () => {
    const app = await bApplication();
    return {
      method: 'POST',
      url: `/api/v1/rights/applications/${app.id}/review`,
      payload: { decision: 'approve', checklist: CHECKS },
      unchanged: async () => expect(await applicationStatus(app.id)).toBe('under_review'),
    };
  },
  'POST /api/v1/rights/applications/{id}/withdraw': async () => {
    const app = await bApplication();
    return {
      method: 'POST',
      url: `/api/v1/rights/applications/${app.id}/withdraw`,
      unchanged: async () => expect(await applicationStatus(app.id)).toBe('under_review'),
    };
  },
  'POST /api/v1/rights/applications/{id}/issue': async () => {
    const app = await bNotice();
    return {
      method: 'POST',
      url: `/api/v1/rights/applications/${app.id}/issue`,
      unchanged: async () => expect(await applicationStatus(app.id)).toBe('in_notice'),
    };
  },
  'GET /api/v1/rights/notices': async () => ({ method: 'GET', url: '/api/v1/rights/notices' }),
  'POST /api/v1/rights/objections': async () => {
    const app = await bNotice();
    return {
      method: 'POST',
      url: '/api/v1/rights/objections',
      payload: { applicationId: app.id, reason: '对该登记的权属有异议，请核查。' },
      unchanged: async () =>
        expect(
          (await lt.rights.repo.listObjections({ applicationId: app.id, limit: 1, offset: 0 })).total,
        ).toBe(0),
    };
  },
  'GET /api/v1/rights/objections': async () => ({ method: 'GET', url: '/api/v1/rights/objections' }),
  'POST /api/v1/rights/objections/{id}/resolve': async () => {
    const app = await bNotice();
    const objection = await lt.rights.service.fileObjection(systemCtx(a.id, 'operator'), {
      applicationId: app.id,
      reason: '对该登记的权属有异议，请核查。',
    });
    return {
      method: 'POST',
      url: `/api/v1/rights/objections/${objection.id}/resolve`,
      payload: { decision: 'dismissed', resolution: '异议不成立' },
      unchanged: async () => expect((await lt.rights.repo.objection(objection.id))?.status).toBe('open'),
    };
  },
  'GET /api/v1/rights/certificates': async () => ({ method: 'GET', url: '/api/v1/rights/certificates' }),
  'POST /api/v1/rights/certificates/{number}/revoke': async () => {
    const number = await bCertificate();
    return {
      method: 'POST',
      url: `/api/v1/rights/certificates/${number}/revoke`,
      payload: { reason: '登记依据不实' },
      unchanged: async () => expect((await lt.rights.repo.certificateByNumber(number))?.status).toBe('valid'),
    };
  },
  'GET /api/v1/rights/subjects/{id}': async () => ({
    method: 'GET',
    url: `/api/v1/rights/subjects/${(await bApplication()).subject.id}`,
  }),
  'GET /api/v1/certificates/{number}': async () => ({
    method: 'GET',
    url: `/api/v1/certificates/${await bCertificate()}`,
  }),
  'GET /api/v1/catalog/resources': async () => ({ method: 'GET', url: '/api/v1/catalog/resources?q=矩阵' }),
  'GET /api/v1/catalog/facets': async () => ({ method: 'GET', url: '/api/v1/catalog/facets' }),
  'GET /api/v1/catalog/resources/{idOrCode}': async () => ({
    method: 'GET',
    url: `/api/v1/catalog/resources/${(await bRegistered()).code}`,
  }),
  'GET /api/v1/catalog/notices': async () => ({ method: 'GET', url: '/api/v1/catalog/notices' }),
  'GET /api/v1/catalog/registrations/lookup': async () => ({
    method: 'GET',
    url: `/api/v1/catalog/registrations/lookup?code=${(await bRegistration()).queryCode}`,
  }),
  'GET /api/v1/catalog/sources': async () => ({ method: 'GET', url: '/api/v1/catalog/sources' }),
  'GET /api/v1/catalog/dcat': async () => ({ method: 'GET', url: '/api/v1/catalog/dcat?format=turtle' }),
  'GET /api/v1/catalog/systems': async () => ({ method: 'GET', url: '/api/v1/catalog/systems' }),
  'POST /api/v1/catalog/systems': async () => {
    const name = `矩阵系统${unique()}`;
    return {
      method: 'POST',
      url: '/api/v1/catalog/systems',
      payload: { name, regionCode: '150102' },
      unchanged: async () =>
        expect(
          await lt.database.kysely
            .selectFrom('catalog.systems')
            .select('id')
            .where('name', '=', name)
            .execute(),
        ).toEqual([]),
    };
  },
  'PATCH /api/v1/catalog/systems/{id}': async () => {
    const system = await lt.catalog.service.createSystem(systemCtx(b.id, 'holder'), {
      name: `矩阵系统${unique()}`,
      regionCode: '150102',
    });
    return {
      method: 'PATCH',
      url: `/api/v1/catalog/systems/${system.id}`,
      payload: { status: 'retired' },
      unchanged: async () => expect((await lt.catalog.repo.system(system.id))?.status).toBe('active'),
    };
  },
  'GET /api/v1/catalog/inventory': async () => ({ method: 'GET', url: '/api/v1/catalog/inventory' }),
  'POST /api/v1/catalog/inventory': async () => {
    const title = `矩阵资源${unique()}`;
    return {
      method: 'POST',
      url: '/api/v1/catalog/inventory',
      payload: resourcePayload(title),
      unchanged: async () =>
        expect(
          await lt.database.kysely
            .selectFrom('catalog.resources')
            .select('id')
            .where('title', '=', title)
            .execute(),
        ).toEqual([]),
    };
  },
  'GET /api/v1/catalog/inventory/{id}': async () => ({
    method: 'GET',
    url: `/api/v1/catalog/inventory/${(await bResource()).id}`,
  }),
  'PUT /api/v1/catalog/inventory/{id}': async () => {
    const r = await bResource();
    return {
      method: 'PUT',
      url: `/api/v1/catalog/inventory/${r.id}`,
      payload: resourcePayload(r.title),
      unchanged: async () => expect((await lt.catalog.repo.resource(r.id))?.description).toBe(r.description),
    };
  },
  'POST /api/v1/catalog/inventory/{id}/register': async () => {
    const r = await bResource();
    return {
      method: 'POST',
      url: `/api/v1/catalog/inventory/${r.id}/register`,
      unchanged: async () => expect(await resourceStatus(r.id)).toBe('draft'),
    };
  },
  'POST /api/v1/catalog/inventory/{id}/change': async () => {
    const r = await bRegistered();
    return {
      method: 'POST',
      url: `/api/v1/catalog/inventory/${r.id}/change`,
      payload: { ...resourcePayload(r.title), reason: '矩阵测试变更' },
      unchanged: async () =>
        expect((await lt.catalog.repo.registrations({ resourceId: r.id, limit: 5, offset: 0 })).total).toBe(
          1,
        ),
    };
  },
  'POST /api/v1/catalog/inventory/{id}/cancel': async () => {
    const r = await bRegistered();
    return {
      method: 'POST',
      url: `/api/v1/catalog/inventory/${r.id}/cancel`,
      payload: { reason: '矩阵测试注销' },
      unchanged: async () =>
        expect((await lt.catalog.repo.registrations({ resourceId: r.id, limit: 5, offset: 0 })).total).toBe(
          1,
        ),
    };
  },
  'GET /api/v1/catalog/registrations': async () => ({ method: 'GET', url: '/api/v1/catalog/registrations' }),
  'GET /api/v1/catalog/registrations/{id}': async () => ({
    method: 'GET',
    url: `/api/v1/catalog/registrations/${(await bRegistration()).id}`,
  }),
  'POST /api/v1/catalog/registrations/{id}/review': async () => {
    const reg = await bRegistration();
    return {
      method: 'POST',
      url: `/api/v1/catalog/registrations/${reg.id}/review`,
      payload: { decision: 'approve' },
      unchanged: async () => expect(await registrationStatus(reg.id)).toBe('under_review'),
    };
  },
  'POST /api/v1/catalog/registrations/{id}/withdraw': async () => {
    const reg = await bRegistration();
    return {
      method: 'POST',
      url: `/api/v1/catalog/registrations/${reg.id}/withdraw`,
      unchanged: async () => expect(await registrationStatus(reg.id)).toBe('under_review'),
    };
  },
  'GET /api/v1/catalog/demands': async () => ({ method: 'GET', url: '/api/v1/catalog/demands' }),
  'POST /api/v1/catalog/demands': async () => ({
    method: 'POST',
    url: '/api/v1/catalog/demands',
    payload: { title: `矩阵需求${unique()}`, fields: ['编号'], purpose: '访问矩阵测试' },
  }),
  'GET /api/v1/catalog/demands/matching': async () => ({
    method: 'GET',
    url: '/api/v1/catalog/demands/matching',
  }),
  'GET /api/v1/catalog/demands/{id}': async () => ({
    method: 'GET',
    url: `/api/v1/catalog/demands/${(await bDemand()).id}`,
  }),
  'POST /api/v1/catalog/demands/{id}/answers': async () => {
    const d = await bDemand();
    return {
      method: 'POST',
      url: `/api/v1/catalog/demands/${d.id}/answers`,
      payload: { message: '可以提供' },
      unchanged: async () => expect(await lt.catalog.repo.answers(d.id)).toEqual([]),
    };
  },
  'POST /api/v1/catalog/demands/{id}/close': async () => {
    const d = await bDemand();
    return {
      method: 'POST',
      url: `/api/v1/catalog/demands/${d.id}/close`,
      payload: {},
      unchanged: async () => expect((await lt.catalog.repo.demand(d.id))?.status).toBe('open'),
    };
  },
  'GET /api/v1/catalog/resources/{id}/data': async () => ({
    method: 'GET',
    url: `/api/v1/catalog/resources/${(await bRegistered()).id}/data`,
  }),
  'GET /api/v1/datasets': async () => ({ method: 'GET', url: '/api/v1/datasets' }),
  'POST /api/v1/datasets': async () => {
    const slug = `m-${unique()}`;
    return {
      method: 'POST',
      url: '/api/v1/datasets',
      payload: { slug, title: '矩阵数据集' },
      unchanged: async () => expect(await lt.enclave.repo.dataset(slug)).toBeUndefined(),
    };
  },
  'GET /api/v1/datasets/{idOrSlug}': async () => ({
    method: 'GET',
    url: `/api/v1/datasets/${(await bDataset()).slug}`,
  }),
  'POST /api/v1/datasets/{idOrSlug}/versions': async () => {
    const d = await bDataset();
    return {
      method: 'POST',
      url: `/api/v1/datasets/${d.id}/versions`,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\n\r\n编号\nB2\n\r\n--${BOUNDARY}--\r\n`,
      ),
      unchanged: async () => expect(await versionCount(d.id)).toBe(1),
    };
  },
  'GET /api/v1/datasets/{idOrSlug}/versions/{number}/raw': async () => ({
    method: 'GET',
    url: `/api/v1/datasets/${(await bDataset()).id}/versions/1/raw`,
  }),
  'GET /api/v1/datasets/{idOrSlug}/uploads': async () => ({
    method: 'GET',
    url: `/api/v1/datasets/${(await bDataset()).id}/uploads`,
  }),
  'GET /api/v1/datasets/{idOrSlug}/uploads/{uploadId}': async () => {
    const d = await bDataset();
    const { items } = await lt.enclave.repo.uploads(d.id, { limit: 1, offset: 0 });
    return { method: 'GET', url: `/api/v1/datasets/${d.id}/uploads/${items[0]!.id}` };
  },
  'PUT /api/v1/datasets/{idOrSlug}/columns/{column}/grade': async () => {
    const d = await bDataset();
    return {
      method: 'PUT',
      url: `/api/v1/datasets/${d.id}/columns/${encodeURIComponent('数量')}/grade`,
      payload: { grade: 'important', reason: '矩阵测试' },
      unchanged: async () => expect(await lt.enclave.repo.overrides(d.id)).toEqual([]),
    };
  },
  'PUT /api/v1/datasets/{idOrSlug}/quality': async () => {
    const d = await bDataset();
    return {
      method: 'PUT',
      url: `/api/v1/datasets/${d.id}/quality`,
      payload: { rules: [], threshold: 50 },
      unchanged: async () => expect((await lt.enclave.repo.dataset(d.id))?.quality_threshold).toBeNull(),
    };
  },
  'GET /api/v1/datasets/important': async () => ({ method: 'GET', url: '/api/v1/datasets/important' }),
  'GET /api/v1/ledger/public-key': async () => ({ method: 'GET', url: '/api/v1/ledger/public-key' }),
  'GET /api/v1/ledger/entries': async () => ({ method: 'GET', url: '/api/v1/ledger/entries?start=0&end=2' }),
  'GET /api/v1/ledger/entries/{index}': async () => ({ method: 'GET', url: '/api/v1/ledger/entries/0' }),
  'GET /api/v1/ledger/proofs/inclusion': async () => ({
    method: 'GET',
    url: '/api/v1/ledger/proofs/inclusion?index=0&treeSize=1',
  }),
  'GET /api/v1/ledger/proofs/consistency': async () => ({
    method: 'GET',
    url: '/api/v1/ledger/proofs/consistency?from=1&to=1',
  }),
  'GET /api/v1/ledger/tile/entries/{*}': async () => ({
    method: 'GET',
    url: '/api/v1/ledger/tile/entries/000.p/1',
  }),
  'GET /api/v1/ledger/tile/{level}/{*}': async () => ({
    method: 'GET',
    url: '/api/v1/ledger/tile/0/000.p/1',
  }),
};

/** What each caller must get when aiming at organization B's records. */
function expected(route: string, caller: Caller): Outcome {
  const access = MATRIX[route]!;
  if (access === 'public') return 'ok';
  if (caller === 'anonymous') return 'unauthenticated';
  if (access !== '*' && !access.includes(caller)) return 'forbidden';
  const crossOrgRead = /^GET .*\{(id|idOrSlug)\}/.test(route) && !SHARED_READS.includes(route);
  if (crossOrgRead && !CROSS_ORG_READERS.includes(caller)) return 'not_found';
  if (route === 'DELETE /api/v1/api-keys/{id}' && caller !== 'platform_admin') return 'not_found';
  if (PARTY_ONLY.includes(route)) return 'not_found';
  if (OWNER_OR_CROSS_ORG.includes(route) && !CROSS_ORG_READERS.includes(caller)) return 'not_found';
  return 'ok';
}

const STATUS: Record<Outcome, (s: number) => boolean> = {
  ok: (s) => s >= 200 && s < 300,
  unauthenticated: (s) => s === 401,
  forbidden: (s) => s === 403,
  not_found: (s) => s === 404,
  session_required: (s) => s === 400 || s === 403,
};

beforeAll(async () => {
  lt = await testApp();
  a = await createOrgWithUsers(lt, 'matrixA');
  b = await createOrgWithUsers(lt, 'matrixB');
  await lt.ledger.service.integrate(); // the ledger's read routes need entries to read
  for (const role of ALL_ROLES) {
    const res = await lt.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(a.users[role].token),
      payload: { name: `matrix ${role}`, roles: [role] },
    });
    apiKeys[role] = res.json().key;
  }
});
afterAll(() => lt.close());

describe('access matrix', () => {
  it('covers exactly the routes the API documents, with the roles it documents', async () => {
    const spec = lt.app.swagger() as { paths: Record<string, Record<string, { 'x-roles'?: string[] }>> };
    const documented: Record<string, 'public' | '*' | string[]> = {};
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!path.startsWith('/api/v1')) continue;
        const roles = op['x-roles'];
        documented[`${method.toUpperCase()} ${path}`] = !roles ? 'public' : roles[0] === '*' ? '*' : roles;
      }
    }
    expect(documented).toEqual(MATRIX);
  });

  /** Each role calls by session and by API key; the anonymous caller has no credentials. */
  const callers: [Caller, 'none' | 'session' | 'api_key'][] = [
    ['anonymous', 'none'],
    ...ALL_ROLES.flatMap((role): [Caller, 'session' | 'api_key'][] => [
      [role, 'session'],
      [role, 'api_key'],
    ]),
  ];
  for (const route of Object.keys(MATRIX)) {
    it(`${route}: every caller, by session and by API key, gets what the matrix allows; refusals change nothing`, async () => {
      const failures: string[] = [];
      for (const [caller, via] of callers) {
        const c = await CASES[route]!(caller);
        let headers: Record<string, string> = {};
        if (caller !== 'anonymous') {
          const token = c.freshSession
            ? (await login(lt, a.users[caller].username)).accessToken
            : a.users[caller].token;
          headers = via === 'api_key' ? { 'x-api-key': apiKeys[caller]! } : bearer(token);
        }
        headers = { ...headers, ...c.headers };
        const res = await lt.app.inject({
          method: c.method,
          url: c.url,
          ...(c.payload !== undefined && { payload: c.payload as object }),
          headers,
        });
        const want =
          via === 'api_key' && SESSION_ONLY.includes(route) ? 'session_required' : expected(route, caller);
        if (!STATUS[want](res.statusCode))
          failures.push(
            `${caller} (${via}): expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
        if (want !== 'ok' && res.statusCode >= 400) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          if (c.unchanged) await c.unchanged();
          const audit = await lt.database.kysely
            .selectFrom('platform.audit_log')
            .select(['outcome', 'code'])
            .where('request_id', '=', String(res.headers['x-request-id']))
            .execute();
          if (audit.length !== 1 || audit[0]!.outcome !== 'refused')
            failures.push(`${caller} (${via}): refusal not audited`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('lists only the caller organization for roles without cross-organization reads', async () => {
    for (const role of ALL_ROLES) {
      const res = await lt.app.inject({
        method: 'GET',
        url: '/api/v1/organizations?limit=200',
        headers: bearer(a.users[role].token),
      });
      const ids = res.json().items.map((o: { id: string }) => o.id);
      if (CROSS_ORG_READERS.includes(role)) expect(ids).toContain(b.id);
      else expect(ids).toEqual([a.id]);
      const users = await lt.app.inject({
        method: 'GET',
        url: `/api/v1/users?limit=200`,
        headers: bearer(a.users[role].token),
      });
      const orgsSeen = new Set(
        users
          .json()
          .items.flatMap((u: { memberships: { orgId: string }[] }) => u.memberships.map((m) => m.orgId)),
      );
      if (!CROSS_ORG_READERS.includes(role)) expect([...orgsSeen]).toEqual([a.id]);
      const keys = await lt.app.inject({
        method: 'GET',
        url: '/api/v1/api-keys',
        headers: bearer(a.users[role].token),
      });
      if (!CROSS_ORG_READERS.includes(role))
        expect(keys.json().every((k: { orgId: string }) => k.orgId === a.id)).toBe(true);
    }
  });

  it('an unknown id answers 404, not 500 or 403', async () => {
    const res = await lt.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${randomUUID()}`,
      headers: bearer(a.users.platform_admin.token),
    });
    expect(res.statusCode).toBe(404);
  });
});
