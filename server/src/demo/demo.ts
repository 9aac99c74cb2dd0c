// The demo: a municipal data-circulation ecosystem in Hohhot (呼和浩特), seeded into an empty database.
import type { SeedOrganization, SeedUser } from '../modules/identity/index.ts';

/** Organizations of the demo; codes are valid GB 32100 credit codes and GB/T 2260 region codes. */
export const DEMO_ORGANIZATIONS: SeedOrganization[] = [
  {
    key: 'authority',
    name: '呼和浩特市政务服务与数据管理局',
    kind: 'government_department',
    creditCode: '11150100MB0K32705F',
    regionCode: '150100',
    contactName: '王建华',
    contactPhone: '0471-6601234',
  },
  {
    key: 'market',
    name: '呼和浩特市市场监督管理局',
    kind: 'government_department',
    creditCode: '11150100MB1A58406B',
    regionCode: '150100',
    contactName: '李秀梅',
    contactPhone: '0471-6602345',
  },
  {
    key: 'hrss',
    name: '呼和浩特市人力资源和社会保障局',
    kind: 'government_department',
    creditCode: '11150100MB0P71602J',
    regionCode: '150100',
    contactName: '张志强',
    contactPhone: '0471-6603456',
  },
  {
    key: 'operator',
    name: '呼和浩特数据运营有限责任公司',
    kind: 'enterprise',
    creditCode: '91150100MA0QW8E06R',
    regionCode: '150105',
    contactName: '刘晓东',
    contactPhone: '0471-5208800',
  },
  {
    key: 'bank',
    name: '青城农商银行股份有限公司',
    kind: 'enterprise',
    creditCode: '91150100MA13N2F08U',
    regionCode: '150102',
    contactName: '赵丽娟',
    contactPhone: '0471-3390100',
  },
  {
    key: 'logistics',
    name: '塞北供应链物流有限公司',
    kind: 'enterprise',
    creditCode: '91150105MA0RX3T046',
    regionCode: '150105',
    contactName: '孙海涛',
    contactPhone: '0471-4917788',
  },
  {
    key: 'compliance',
    name: '北疆数据合规评估服务有限公司',
    kind: 'service_provider',
    creditCode: '91150102MA0Y7LB030',
    regionCode: '150102',
    contactName: '周雅琴',
    contactPhone: '0471-6925566',
  },
  {
    key: 'transport',
    name: '呼和浩特市交通运输局',
    kind: 'government_department',
    creditCode: '11150100MB3J628023',
    regionCode: '150100',
    contactName: '高建军',
    contactPhone: '0471-6607788',
  },
  {
    key: 'weather',
    name: '呼和浩特市气象局',
    kind: 'government_department',
    creditCode: '11150100MB4K739184',
    regionCode: '150100',
    contactName: '马丽娟',
    contactPhone: '0471-6609900',
  },
  {
    key: 'regulator',
    name: '中共呼和浩特市委网络安全和信息化委员会办公室',
    kind: 'government_department',
    creditCode: '11150100MB1D93503A',
    regionCode: '150100',
    contactName: '吴国庆',
    contactPhone: '0471-6608899',
  },
];

/** Demo users, one per role; all share the demo password. */
export function demoUsers(password: string): SeedUser[] {
  return [
    {
      username: 'admin',
      displayName: '平台管理员 陈宇',
      orgKey: 'authority',
      roles: ['platform_admin'],
      password,
    },
    {
      username: 'authority',
      displayName: '数据局 王建华',
      orgKey: 'authority',
      roles: ['authority'],
      password,
    },
    { username: 'holder', displayName: '市场监管局 李秀梅', orgKey: 'market', roles: ['holder'], password },
    { username: 'holder2', displayName: '人社局 张志强', orgKey: 'hrss', roles: ['holder'], password },
    {
      username: 'holder3',
      displayName: '交通运输局 高建军',
      orgKey: 'transport',
      roles: ['holder'],
      password,
    },
    { username: 'holder4', displayName: '气象局 马丽娟', orgKey: 'weather', roles: ['holder'], password },
    {
      username: 'operator',
      displayName: '数据运营公司 刘晓东',
      orgKey: 'operator',
      roles: ['operator'],
      password,
    },
    {
      username: 'merchant',
      displayName: '青城农商银行 赵丽娟',
      orgKey: 'bank',
      roles: ['merchant'],
      password,
    },
    {
      username: 'merchant2',
      displayName: '塞北物流 孙海涛',
      orgKey: 'logistics',
      roles: ['merchant'],
      password,
    },
    {
      username: 'provider',
      displayName: '北疆合规 周雅琴',
      orgKey: 'compliance',
      roles: ['service_provider'],
      password,
    },
    {
      username: 'regulator',
      displayName: '网信办 吴国庆',
      orgKey: 'regulator',
      roles: ['regulator'],
      password,
    },
  ].map((u) => ({ ...u, email: `${u.username}@demo.liutong.example`, roles: u.roles as SeedUser['roles'] }));
}

export const DEMO_USERNAMES = demoUsers('x').map((u) => u.username);
