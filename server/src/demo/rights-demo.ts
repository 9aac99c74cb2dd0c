// Demo rights registrations: certificates issued, a licence with consent, one application under review and one in
// public notice, so that every rights page of the console has something to show on first start.
import { createHash } from 'node:crypto';
import type { Liutong } from '../app.ts';
import { createRightsModule, FULL_CHECKLIST as CHECKS } from '../modules/rights/index.ts';
import { demoActor, type SeededIds } from './context.ts';

/** A stand-in content hash for a demo dataset: the hash of its name (the data itself is not in the demo). */
const contentHash = (name: string) =>
  createHash('sha256').update(`liutong demo dataset: ${name}`).digest('hex');

export async function seedRightsDemo(
  liutong: Pick<Liutong, 'rights' | 'ledger' | 'identity' | 'database'>,
  ids: SeededIds,
): Promise<void> {
  const as = demoActor(ids, 'rights');
  const holder = as('holder', 'market', 'holder');
  const holder2 = as('holder2', 'hrss', 'holder');
  const operator = as('operator', 'operator', 'operator');
  const authority = as('authority', 'authority', 'authority');
  // The history is seeded as if its notices had ended; the live application below keeps the configured period.
  const past = createRightsModule(liutong.database.kysely, {
    orgCard: liutong.identity.orgCard,
    orgCards: liutong.identity.orgCards,
    ledger: liutong.ledger.service,
    noticeSeconds: 0,
  }).service;
  const year = new Date().getUTCFullYear();

  const market = await past.apply(holder, {
    kind: 'first',
    rightType: 'holding',
    subject: {
      kind: 'resource',
      title: '呼和浩特市市场主体登记信息',
      contentHash: contentHash('market-entities'),
      grade: 'important',
      description: '全市企业、个体工商户登记、变更、注销信息，按日更新。',
    },
    scope: '依法履职采集的市场主体登记数据，用于公共数据授权运营',
    validUntil: `${year + 5}-12-31`,
    statement: '数据来源于市场主体登记法定职责，已完成分类分级。',
  });
  await past.addAttachment(holder, market.id, {
    name: '数据来源说明.txt',
    mediaType: 'text/plain',
    contentBase64: Buffer.from('数据来源：市场主体登记系统（依法履职采集）。').toString('base64'),
  });
  await past.review(authority, market.id, {
    decision: 'approve',
    checklist: CHECKS,
    comment: '材料齐全，准予登记。',
  });
  await past.issue(authority, market.id);

  const social = await past.apply(holder2, {
    kind: 'first',
    rightType: 'holding',
    subject: {
      kind: 'resource',
      title: '社会保险参保缴费汇总数据',
      contentHash: contentHash('social-insurance'),
      grade: 'important',
    },
    scope: '按单位汇总的参保与缴费数据，不含个人明细',
    validUntil: `${year + 3}-12-31`,
  });
  await past.review(authority, social.id, { decision: 'approve', checklist: CHECKS });
  await past.issue(authority, social.id);

  // The operator licenses the processing right of the market data, with the holder's consent.
  const licence = await past.apply(operator, {
    kind: 'licence',
    rightType: 'processing',
    subjectId: market.subject.id,
    scope: '仅限在安全域内加工，用于小微企业信用评估产品',
    validUntil: `${year + 2}-12-31`,
  });
  await past.consent(holder, licence.id, {
    decision: 'grant',
    statement: '同意在安全域内加工使用，原始数据不出域。',
  });
  await past.review(authority, licence.id, { decision: 'approve', checklist: CHECKS });
  await past.issue(authority, licence.id);

  // Live work for the console: one application waiting for review, one in public notice.
  const live = liutong.rights.service;
  await live.apply(holder2, {
    kind: 'first',
    rightType: 'holding',
    subject: {
      kind: 'resource',
      title: '就业登记与失业登记数据',
      contentHash: contentHash('employment'),
      grade: 'general',
    },
    scope: '就业服务与统计分析',
  });
  const notice = await live.apply(holder, {
    kind: 'first',
    rightType: 'holding',
    subject: {
      kind: 'resource',
      title: '食品生产经营许可数据',
      contentHash: contentHash('food-licences'),
      grade: 'general',
    },
    scope: '食品安全监管与公众查询',
    validUntil: `${year + 5}-12-31`,
  });
  await live.review(authority, notice.id, { decision: 'approve', checklist: CHECKS });
}
