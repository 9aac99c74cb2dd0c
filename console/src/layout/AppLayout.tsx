// The frame of every page: navigation that follows the user's roles, language switch, account menu. Public pages
// (the ledger) open in it for visitors too, with only the public navigation and a login button.
import {
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  AimOutlined,
  BlockOutlined,
  BulbOutlined,
  ClusterOutlined,
  ContainerOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileTextOutlined,
  FormOutlined,
  GlobalOutlined,
  HddOutlined,
  KeyOutlined,
  LoginOutlined,
  LogoutOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  TableOutlined,
  TeamOutlined,
  WarningOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  Avatar,
  Button,
  Dropdown,
  Layout,
  Menu,
  Result,
  Space,
  Spin,
  Tag,
  Typography,
  type MenuProps,
} from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '../hooks/api';
import { useSession } from '../hooks/session';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  roles?: Role[];
  /** Open to visitors without an account: public data. */
  public?: boolean;
  /** The submenu the item sits in. */
  group?: 'rights' | 'catalog' | 'datasets';
}

export const NAV: NavItem[] = [
  { path: '/', label: 'nav.home', icon: <DashboardOutlined /> },
  { path: '/organizations', label: 'nav.organizations', icon: <BankOutlined /> },
  { path: '/users', label: 'nav.users', icon: <TeamOutlined /> },
  { path: '/api-keys', label: 'nav.apiKeys', icon: <KeyOutlined /> },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, roles: ['regulator', 'platform_admin'] },
  {
    path: '/rights/applications',
    label: 'nav.rightsApplications',
    icon: <FormOutlined />,
    roles: ['holder', 'operator', 'merchant'],
    group: 'rights',
  },
  {
    path: '/rights/review',
    label: 'nav.rightsReview',
    icon: <AuditOutlined />,
    roles: ['authority'],
    group: 'rights',
  },
  {
    path: '/rights/notices',
    label: 'nav.rightsNotices',
    icon: <NotificationOutlined />,
    public: true,
    group: 'rights',
  },
  {
    path: '/rights/certificates',
    label: 'nav.rightsCertificates',
    icon: <SafetyCertificateOutlined />,
    group: 'rights',
  },
  // The resource catalog: search, resource pages, notices and the query-code lookup are public (a resource page,
  // /catalog/<code>, is covered by /catalog); the inventory and the rest need an account and, some, a role.
  {
    path: '/catalog',
    label: 'nav.catalogBrowse',
    icon: <DatabaseOutlined />,
    public: true,
    group: 'catalog',
  },
  {
    path: '/catalog/inventory',
    label: 'nav.catalogInventory',
    icon: <ContainerOutlined />,
    roles: ['holder', 'authority'],
    group: 'catalog',
  },
  {
    path: '/catalog/systems',
    label: 'nav.catalogSystems',
    icon: <ClusterOutlined />,
    roles: ['holder', 'authority'],
    group: 'catalog',
  },
  {
    path: '/catalog/review',
    label: 'nav.catalogReview',
    icon: <AuditOutlined />,
    roles: ['authority'],
    group: 'catalog',
  },
  {
    path: '/catalog/notices',
    label: 'nav.catalogNotices',
    icon: <NotificationOutlined />,
    public: true,
    group: 'catalog',
  },
  {
    path: '/catalog/lookup',
    label: 'nav.catalogLookup',
    icon: <SearchOutlined />,
    public: true,
    group: 'catalog',
  },
  {
    path: '/catalog/sources',
    label: 'nav.catalogSources',
    icon: <NodeIndexOutlined />,
    public: true,
    group: 'catalog',
  },
  { path: '/catalog/demands', label: 'nav.catalogDemands', icon: <BulbOutlined />, group: 'catalog' },
  {
    path: '/catalog/demands/matching',
    label: 'nav.catalogMatching',
    icon: <AimOutlined />,
    roles: ['holder'],
    group: 'catalog',
  },
  // The secure store: holders keep their datasets there, the authority and regulators read every holder's (a
  // dataset's page, /datasets/<slug>, is covered by /datasets); the important-data catalog is for every account.
  {
    path: '/datasets',
    label: 'nav.datasetList',
    icon: <TableOutlined />,
    roles: ['holder', 'authority', 'regulator'],
    group: 'datasets',
  },
  { path: '/datasets/important', label: 'nav.importantData', icon: <WarningOutlined />, group: 'datasets' },
  { path: '/ledger', label: 'nav.ledger', icon: <BlockOutlined />, public: true },
];

/** Whether a navigation item covers a path: its own page and the pages below it. */
const covers = (n: NavItem, path: string) =>
  n.path === '/' ? path === '/' : path === n.path || path.startsWith(`${n.path}/`);

/** The most specific of the items covering a path. */
const closest = (items: NavItem[], path: string) =>
  items.filter((n) => covers(n, path)).sort((a, b) => b.path.length - a.path.length)[0];

/** Public pages outside the navigation: a certificate (its QR code leads here) and a subject's history. */
const PUBLIC_PAGES = [/^\/certificates\/[^/]+$/, /^\/rights\/subjects\/[^/]+$/];

const GROUPS = {
  rights: { label: 'nav.rights', icon: <SafetyCertificateOutlined /> },
  catalog: { label: 'nav.catalog', icon: <DatabaseOutlined /> },
  datasets: { label: 'nav.datasets', icon: <HddOutlined /> },
} as const;

export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // The most specific item decides: /catalog is public, /catalog/inventory below it is not.
  const publicPage =
    !!closest(NAV, location.pathname)?.public || PUBLIC_PAGES.some((p) => p.test(location.pathname));
  if (!session.loggedIn && !publicPage)
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (session.loading || (session.loggedIn && !session.me)) return <Spin size="large" fullscreen />;
  const me = session.me;
  const items = NAV.filter((n) => (me ? !n.roles || session.can(...n.roles) : n.public));
  const current = closest(items, location.pathname);
  const entry = (n: NavItem) => ({
    key: n.path,
    icon: n.icon,
    label: t(n.label),
    onClick: () => void navigate(n.path),
  });
  // Items of a group sit in its submenu, placed where the group's first item would be.
  const menuItems = items.flatMap((n, i): NonNullable<MenuProps['items']> => {
    if (!n.group) return [entry(n)];
    if (items.findIndex((m) => m.group === n.group) !== i) return [];
    const group = GROUPS[n.group];
    return [
      {
        key: n.group,
        icon: group.icon,
        label: t(group.label),
        children: items.filter((m) => m.group === n.group).map(entry),
      },
    ];
  });
  // An application's own page is open to every party the server lets see it (applicant, consenting holder,
  // the authority): the API decides, the menu's roles only shape the list page.
  const applicationPage = /^\/rights\/applications\/[^/]+$/.test(location.pathname);
  // As for visitors, the most specific item decides: /datasets/important is open to every account although
  // /datasets above it is for some roles.
  const owner = closest(NAV, location.pathname);
  const allowed =
    applicationPage || !owner || owner.path === '/' || !owner.roles || session.can(...owner.roles);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider className="app-chrome" breakpoint="lg" collapsedWidth={0} width={220} theme="dark">
        <div
          style={{
            height: 64,
            display: 'flex',
            alignItems: 'center',
            gap: 10,
            padding: '0 20px',
            color: '#fff',
          }}
        >
          <img src="/favicon.svg" width={28} height={28} alt="" />
          <div>
            <div style={{ fontSize: 18, fontWeight: 600, lineHeight: 1.1 }}>{t('app.name')}</div>
            <div style={{ fontSize: 11, opacity: 0.65 }}>{t('app.tagline')}</div>
          </div>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          data-testid="nav"
          selectedKeys={current ? [current.path] : []}
          defaultOpenKeys={Object.keys(GROUPS)}
          items={[
            ...menuItems,
            {
              key: 'docs',
              icon: <ApiOutlined />,
              label: (
                <a href="/api/docs" target="_blank" rel="noreferrer">
                  {t('nav.docs')}
                </a>
              ),
            },
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          className="app-chrome"
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {me ? (
            <Space>
              <Typography.Text strong>{me.organization.name}</Typography.Text>
              {me.roles.map((r) => (
                <Tag color="blue" key={r}>
                  {t(`role.${r}` as MessageKey)}
                </Tag>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('nav.visitor')}</Typography.Text>
          )}
          <Space size="middle">
            <Button
              icon={<GlobalOutlined />}
              data-testid="lang-switch"
              onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
            >
              {t('lang.switch')}
            </Button>
            {me ? (
              <Dropdown
                menu={{
                  items: [
                    {
                      key: 'profile',
                      icon: <FileTextOutlined />,
                      label: t('nav.profile'),
                      onClick: () => void navigate('/profile'),
                    },
                    {
                      key: 'logout',
                      icon: <LogoutOutlined />,
                      label: t('nav.logout'),
                      onClick: () => void session.logout().then(() => navigate('/login')),
                    },
                  ],
                }}
              >
                <Space style={{ cursor: 'pointer' }} data-testid="account-menu">
                  <Avatar icon={<UserOutlined />} style={{ background: '#1f4fd1' }} />
                  <span>{me.user.displayName}</span>
                </Space>
              </Dropdown>
            ) : (
              <Button
                type="primary"
                icon={<LoginOutlined />}
                data-testid="login-link"
                onClick={() => void navigate('/login', { state: { from: location.pathname } })}
              >
                {t('login.submit')}
              </Button>
            )}
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          {allowed ? <Outlet /> : <Result status="403" title="403" subTitle={t('common.noPermission')} />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
