// Rights registration (三权分置): the procedure, its refusals, consent, objections, and certificates anyone can
// verify offline.
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liutong } from '../server/src/app.ts';
import {
  FULL_CHECKLIST as CHECKS,
  verifyCertificate,
  type CertificateDocument,
} from '../server/src/modules/rights/index.ts';
import { bearer, createOrgWithUsers, problemOf, testApp, type TestOrg } from '../server/src/testing/index.ts';

const BIN = path.resolve(import.meta.dirname, '../server/bin/liutong.js');
const exec = promisify(execFile);
let lt: Liutong;
let a: TestOrg; // the holder
let b: TestOrg; // an operator, licensee and transferee
let gov: TestOrg; // the data authority
let url: string;
let dir: string;

beforeAll(async () => {
  lt = await testApp();
  [a, b, gov] = [
    await createOrgWithUsers(lt, 'holderA'),
    await createOrgWithUsers(lt, 'operatorB'),
    await createOrgWithUsers(lt, 'authority'),
  ];
  url = await lt.app.listen({ host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(path.join(tmpdir(), 'liutong-cert-'));
});
afterAll(async () => {
  await lt.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (token: string | undefined, url: string, payload: unknown) =>
  lt.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: token ? bearer(token) : {},
    payload: payload as object,
  });
const get = (token: string | undefined, url: string) =>
  lt.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: token ? bearer(token) : {} });
const hash = () => randomBytes(32).toString('hex');

async function cli(...args: string[]) {
  try {
    const r = await exec(process.execPath, [BIN, 'cert', ...args], { timeout: 60_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Applies, and with `through`, carries the application through review and notice to its certificate. */
async function register(
  org: TestOrg,
  body: Record<string, unknown>,
  role: 'holder' | 'operator' = 'holder',
): Promise<{
  id: string;
  number: string;
  status: string;
  subject: { id: string };
  issuedCertificateNumber: string | null;
}> {
  const res = await post(org.users[role].token, '/rights/applications', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function approveAndIssue(id: string) {
  const reviewed = await post(gov.users.authority.token, `/rights/applications/${id}/review`, {
    decision: 'approve',
    checklist: CHECKS,
  });
  expect(reviewed.statusCode, reviewed.body).toBe(200);
  if (reviewed.json().status !== 'in_notice') return reviewed.json();
  const issued = await post(gov.users.authority.token, `/rights/applications/${id}/issue`, {});
  expect(issued.statusCode, issued.body).toBe(200);
  return issued.json();
}

async function holding(org = a) {
  const app = await register(org, {
    kind: 'first',
    rightType: 'holding',
    subject: { kind: 'resource', title: `企业登记信息${Date.now()}`, contentHash: hash(), grade: 'general' },
    scope: '呼和浩特市企业登记数据，用于授权运营',
    validUntil: '2036-12-31',
  });
  const done = await approveAndIssue(app.id);
  expect(done.status).toBe('issued');
  return { subjectId: app.subject.id, number: done.issuedCertificateNumber as string };
}

describe('first registration of the holding right', () => {
  it('goes application → review with checklist → notice with objection → certificate on the ledger', async () => {
    const app = await register(a, {
      kind: 'first',
      rightType: 'holding',
      subject: {
        kind: 'resource',
        title: '市场主体登记数据',
        contentHash: hash(),
        grade: 'important',
        description: '年度全量',
      },
      scope: '授权运营机构加工使用',
      validFrom: '2026-01-01',
      validUntil: '2031-12-31',
      statement: '数据来源于法定职责履行过程。',
    });
    expect(app).toMatchObject({ status: 'under_review', kind: 'first', rightType: 'holding' });
    expect(app.number).toMatch(/^SQ\d{12}$/);

    const attached = await post(a.users.holder.token, `/rights/applications/${app.id}/attachments`, {
      name: '数据来源说明.txt',
      mediaType: 'text/plain',
      contentBase64: Buffer.from('来源：市场监管部门').toString('base64'),
    });
    expect(attached.statusCode, attached.body).toBe(201);
    const attachment = attached.json().attachments[0];
    const download = await get(
      gov.users.authority.token,
      `/rights/applications/${app.id}/attachments/${attachment.id}`,
    );
    expect(download.body).toBe('来源：市场监管部门');
    expect((await get(b.users.operator.token, `/rights/applications/${app.id}`)).statusCode).toBe(404);

    const partial = await post(gov.users.authority.token, `/rights/applications/${app.id}/review`, {
      decision: 'approve',
      checklist: { ...CHECKS, ownershipClear: false },
    });
    expect(problemOf(partial)).toMatchObject({ status: 422, code: 'RIGHTS_CHECKLIST_INCOMPLETE' });
    expect(
      (
        await post(a.users.holder.token, `/rights/applications/${app.id}/review`, {
          decision: 'approve',
          checklist: CHECKS,
        })
      ).statusCode,
    ).toBe(403);
    const approved = await post(gov.users.authority.token, `/rights/applications/${app.id}/review`, {
      decision: 'approve',
      checklist: CHECKS,
    });
    expect(approved.json()).toMatchObject({ status: 'in_notice' });

    const board = (await get(undefined, '/rights/notices?limit=200')).json();
    expect(board.items.map((n: { id: string }) => n.id)).toContain(app.id);
    const objection = await post(b.users.operator.token, '/rights/objections', {
      applicationId: app.id,
      reason: '该数据部分由我单位采集，权属存在争议。',
    });
    expect(objection.statusCode, objection.body).toBe(201);
    expect(
      problemOf(await post(gov.users.authority.token, `/rights/applications/${app.id}/issue`, {})),
    ).toMatchObject({
      status: 409,
      code: 'RIGHTS_OBJECTION_UNRESOLVED',
    });
    const dismissed = await post(
      gov.users.authority.token,
      `/rights/objections/${objection.json().id}/resolve`,
      {
        decision: 'dismissed',
        resolution: '经核查，数据由申请单位依法采集。',
      },
    );
    expect(dismissed.json()).toMatchObject({ status: 'dismissed' });
    const issued = await post(gov.users.authority.token, `/rights/applications/${app.id}/issue`, {});
    expect(issued.json()).toMatchObject({ status: 'issued' });
    const number = issued.json().issuedCertificateNumber as string;
    expect(number).toMatch(/^LT\d{4}H\d{8}$/);

    // Before the sequencer runs, the document says so; afterwards it carries its proof.
    const pending = (await get(undefined, `/certificates/${number}`)).json<CertificateDocument>();
    expect(verifyCertificate(pending).valid).toBe(false);
    await lt.ledger.service.integrate();
    const doc = (await get(undefined, `/certificates/${number}`)).json<CertificateDocument>();
    expect(doc.certificate).toMatchObject({
      number,
      rightType: 'holding',
      holder: { name: a.name },
      subject: { title: '市场主体登记数据', grade: 'important' },
      validFrom: '2026-01-01',
      validUntil: '2031-12-31',
    });
    expect(doc.status).toBe('valid');
    const verdict = verifyCertificate(doc);
    expect(verdict, JSON.stringify(verdict.checks)).toMatchObject({ valid: true, number });

    // The CLI, online and offline, and a forged copy.
    expect((await cli('verify', '--url', url, number)).code).toBe(0);
    const file = path.join(dir, `${number}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const offline = await cli('verify', file);
    expect(offline.code, offline.out).toBe(0);
    expect(offline.out).toMatch(/valid: certificate LT/);
    const forged = structuredClone(doc);
    forged.certificate.holder.name = '冒名单位';
    writeFileSync(file, JSON.stringify(forged));
    const refused = await cli('verify', file);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/the signed text is not this certificate/);
  });

  it('refuses core data, data already registered, and rights the applicant does not hold', async () => {
    const core = await post(a.users.holder.token, '/rights/applications', {
      kind: 'first',
      subject: { kind: 'resource', title: '核心数据', contentHash: hash(), grade: 'core' },
    });
    expect(problemOf(core)).toMatchObject({ status: 422, code: 'RIGHTS_CORE_DATA' });

    const contentHash = hash();
    const first = {
      kind: 'first',
      subject: { kind: 'resource', title: '重复数据', contentHash, grade: 'general' },
    };
    await register(a, first);
    expect(problemOf(await post(b.users.holder.token, '/rights/applications', first))).toMatchObject({
      status: 409,
      code: 'RIGHTS_CONTENT_REGISTERED',
    });

    const { subjectId } = await holding();
    const notHolder = await post(b.users.operator.token, '/rights/applications', {
      kind: 'first',
      rightType: 'processing',
      subjectId,
    });
    expect(problemOf(notHolder)).toMatchObject({ status: 422, code: 'RIGHTS_NOT_HOLDER' });
  });

  it('refuses applications on a subject under an unresolved objection, until it is resolved', async () => {
    const { subjectId, number } = await holding();
    const objection = await post(b.users.operator.token, '/rights/objections', {
      certificateNumber: number,
      reason: '持有权登记所依据的数据为我单位所有。',
    });
    expect(objection.statusCode).toBe(201);
    const disputed = await post(a.users.holder.token, '/rights/applications', {
      kind: 'first',
      rightType: 'processing',
      subjectId,
    });
    expect(problemOf(disputed)).toMatchObject({ status: 409, code: 'RIGHTS_SUBJECT_DISPUTED' });
    // Upheld: the certificate is revoked, and a verifier says so.
    await post(gov.users.authority.token, `/rights/objections/${objection.json().id}/resolve`, {
      decision: 'upheld',
      resolution: '异议成立，撤销登记。',
    });
    await lt.ledger.service.integrate();
    const doc = (await get(undefined, `/certificates/${number}`)).json<CertificateDocument>();
    expect(doc.status).toBe('revoked');
    expect(verifyCertificate(doc).valid).toBe(true); // authentic…
    const res = await cli('verify', '--url', url, number);
    expect(res.code).toBe(1); // …but no longer in force
    expect(res.out).toMatch(/authentic but revoked/);
    const history = (await get(undefined, `/rights/subjects/${subjectId}`)).json();
    expect(history.history.map((h: { kind: string }) => h.kind)).toEqual(
      expect.arrayContaining(['first', 'objection', 'revocation']),
    );
  });
});

describe('licence and transfer need the holder’s consent', () => {
  it('a licence of the processing right waits for the holder, then issues to the licensee', async () => {
    const { subjectId } = await holding();
    const app = await register(
      b,
      { kind: 'licence', rightType: 'processing', subjectId, scope: '仅限安全域内建模' },
      'operator',
    );
    expect(app.status).toBe('awaiting_consent');
    expect(
      problemOf(
        await post(gov.users.authority.token, `/rights/applications/${app.id}/review`, {
          decision: 'approve',
          checklist: CHECKS,
        }),
      ),
    ).toMatchObject({
      status: 409,
      code: 'RIGHTS_INVALID_STATE',
    });
    expect(
      problemOf(
        await post(b.users.operator.token, `/rights/applications/${app.id}/consent`, {
          decision: 'grant',
          statement: '同意',
        }),
      ),
    ).toMatchObject({
      status: 403,
      code: 'RIGHTS_CONSENT_NOT_YOURS',
    });
    const consented = await post(a.users.holder.token, `/rights/applications/${app.id}/consent`, {
      decision: 'grant',
      statement: '同意许可对方在安全域内加工使用。',
    });
    expect(consented.json()).toMatchObject({ status: 'under_review', consent: { decision: 'grant' } });
    expect(consented.json().consent.statementHash).toMatch(/^[0-9a-f]{64}$/);
    const done = await approveAndIssue(app.id);
    expect(done.issuedCertificateNumber).toMatch(/^LT\d{4}P\d{8}$/);
    const doc = (
      await get(undefined, `/certificates/${done.issuedCertificateNumber}`)
    ).json<CertificateDocument>();
    expect(doc.certificate.holder.name).toBe(b.name);
  });

  it('a refused consent ends the application', async () => {
    const { subjectId } = await holding();
    const app = await register(b, { kind: 'licence', rightType: 'operation', subjectId }, 'operator');
    const refused = await post(a.users.holder.token, `/rights/applications/${app.id}/consent`, {
      decision: 'refuse',
      statement: '不同意。',
    });
    expect(refused.json()).toMatchObject({ status: 'refused', decision: { code: 'RIGHTS_CONSENT_REFUSED' } });
  });

  it('a transfer moves the holding right: the old certificate is superseded, the history shows both', async () => {
    const { subjectId, number } = await holding();
    const app = await register(b, { kind: 'transfer', certificateNumber: number }, 'operator');
    await post(a.users.holder.token, `/rights/applications/${app.id}/consent`, {
      decision: 'grant',
      statement: '同意转让。',
    });
    const done = await approveAndIssue(app.id);
    await lt.ledger.service.integrate();
    const old = (await get(undefined, `/certificates/${number}`)).json<CertificateDocument>();
    expect(old.status).toBe('superseded');
    const fresh = (
      await get(undefined, `/certificates/${done.issuedCertificateNumber}`)
    ).json<CertificateDocument>();
    expect(fresh.certificate).toMatchObject({
      supersedes: number,
      holder: { name: b.name },
      registrationKind: 'transfer',
    });
    expect(verifyCertificate(fresh).valid).toBe(true);
    // A withdrawn application never reached the public notice: it stays out of the public history.
    const withdrawn = await register(
      b,
      { kind: 'change', certificateNumber: done.issuedCertificateNumber, scope: '未公示的变更' },
      'operator',
    );
    expect(withdrawn.status).toBe('under_review');
    await post(b.users.operator.token, `/rights/applications/${withdrawn.id}/withdraw`, {});
    const subject = (await get(undefined, `/rights/subjects/${subjectId}`)).json();
    expect(subject.history.map((h: { number: string }) => h.number)).not.toContain(withdrawn.number);
    expect(subject.certificates.map((c: { number: string; status: string }) => [c.number, c.status])).toEqual(
      [
        [number, 'superseded'],
        [done.issuedCertificateNumber, 'valid'],
      ],
    );
    // The old holder can no longer act on the right.
    const late = await post(a.users.holder.token, '/rights/applications', {
      kind: 'cancellation',
      certificateNumber: number,
    });
    expect(problemOf(late)).toMatchObject({ status: 409, code: 'RIGHTS_CERTIFICATE_NOT_VALID' });
  });

  it('a new data product is registered with its operation right, then renewed by its operator', async () => {
    const app = await register(
      b,
      {
        kind: 'first',
        rightType: 'operation',
        subject: { kind: 'product', title: '小微企业信用评估模型', contentHash: hash(), grade: 'general' },
        validUntil: '2028-06-30',
      },
      'operator',
    );
    const done = await approveAndIssue(app.id);
    expect(done.issuedCertificateNumber).toMatch(/^LT\d{4}O\d{8}$/);
    const early = await post(b.users.operator.token, '/rights/applications', {
      kind: 'renewal',
      certificateNumber: done.issuedCertificateNumber,
      validUntil: '2028-01-01',
    });
    expect(problemOf(early)).toMatchObject({ status: 400, code: 'RIGHTS_VALIDITY' });
    const renewal = await register(
      b,
      { kind: 'renewal', certificateNumber: done.issuedCertificateNumber, validUntil: '2030-06-30' },
      'operator',
    );
    const renewed = await approveAndIssue(renewal.id);
    const doc = (
      await get(undefined, `/certificates/${renewed.issuedCertificateNumber}`)
    ).json<CertificateDocument>();
    expect(doc.certificate).toMatchObject({
      rightType: 'operation',
      validUntil: '2030-06-30',
      supersedes: done.issuedCertificateNumber,
      registrationKind: 'renewal',
    });
  });

  it('the holder cancels its own certificate without a public notice', async () => {
    const { number } = await holding();
    expect(
      problemOf(
        await post(b.users.operator.token, '/rights/applications', {
          kind: 'cancellation',
          certificateNumber: number,
        }),
      ),
    ).toMatchObject({
      code: 'RIGHTS_NOT_HOLDER',
    });
    const app = await register(a, { kind: 'cancellation', certificateNumber: number });
    const done = await approveAndIssue(app.id);
    expect(done.status).toBe('completed');
    expect((await get(undefined, `/certificates/${number}`)).json().status).toBe('cancelled');
  });
});

describe('notices, bad input and unknown certificates', () => {
  it('does not issue before the public notice ends', async () => {
    const slow = await testApp({ rights: { noticeSeconds: 3600 } });
    try {
      const res = await slow.app.inject({
        method: 'POST',
        url: '/api/v1/rights/applications',
        headers: bearer(a.users.holder.token),
        payload: {
          kind: 'first',
          subject: { kind: 'resource', title: '公示期测试', contentHash: hash(), grade: 'general' },
        },
      });
      const id = res.json().id as string;
      const review = await slow.app.inject({
        method: 'POST',
        url: `/api/v1/rights/applications/${id}/review`,
        headers: bearer(gov.users.authority.token),
        payload: { decision: 'approve', checklist: CHECKS },
      });
      expect(Date.parse(review.json().noticeEndsAt) - Date.now()).toBeGreaterThan(3500_000);
      const early = await slow.app.inject({
        method: 'POST',
        url: `/api/v1/rights/applications/${id}/issue`,
        headers: bearer(gov.users.authority.token),
      });
      expect(problemOf(early)).toMatchObject({ status: 409, code: 'RIGHTS_NOTICE_RUNNING' });
      await slow.rights.service.finalizeDue();
      expect((await slow.rights.repo.application(id))?.status).toBe('in_notice');
    } finally {
      await slow.close();
    }
  });

  it('answers bad input and unknown numbers with problems, and the CLI with exit codes', async () => {
    for (const body of [
      { kind: 'first', subject: { kind: 'resource', title: 'x', contentHash: 'zz', grade: 'general' } },
      {
        kind: 'first',
        subject: { kind: 'resource', title: '<script>', contentHash: hash(), grade: 'general' },
      },
      { kind: 'transfer', certificateNumber: 'nope' },
      {
        kind: 'first',
        subject: { kind: 'resource', title: '日期', contentHash: hash(), grade: 'general' },
        validUntil: '2026-13-01',
      },
      {
        kind: 'first',
        subject: { kind: 'resource', title: '日期', contentHash: hash(), grade: 'general' },
        validFrom: '2030-01-02',
        validUntil: '2030-01-01',
      },
      { kind: 'revocation', certificateNumber: 'LT2026H00000001' },
      { kind: 'first' },
    ]) {
      const res = await post(a.users.holder.token, '/rights/applications', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(
      problemOf(
        await post(a.users.holder.token, '/rights/applications', {
          kind: 'transfer',
          certificateNumber: 'LT2099H99999999',
        }),
      ),
    ).toMatchObject({
      status: 404,
      code: 'CERTIFICATE_NOT_FOUND',
    });
    expect(problemOf(await get(undefined, '/certificates/LT2099H99999999'))).toMatchObject({
      status: 404,
      code: 'CERTIFICATE_NOT_FOUND',
    });
    expect(problemOf(await get(undefined, '/certificates/%00')).status).toBe(400);
    expect(problemOf(await get(undefined, '/certificates/LT2026X1')).status).toBe(400);
    expect((await cli('verify', '--url', url, 'LT2099H99999999')).code).toBe(1);
    expect((await cli('verify', '--url', url, 'not-a-number')).code).toBe(2);
    expect((await cli('verify', path.join(dir, 'missing.json'))).code).toBe(2);
    writeFileSync(path.join(dir, 'junk.json'), '{"certificate":{}}');
    expect((await cli('verify', path.join(dir, 'junk.json'))).code).toBe(1);
  });
});
