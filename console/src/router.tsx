// Console routes; each page folder follows routes/<feature>/<feature>-list|-detail.
import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { ApiKeyList } from './routes/api-keys/api-key-list';
import { AuditList } from './routes/audit/audit-list';
import { CatalogNotices } from './routes/catalog/catalog-notices';
import { CatalogSearch } from './routes/catalog/catalog-search';
import { DemandDetailPage } from './routes/catalog/demand-detail';
import { DemandList, MatchingDemands } from './routes/catalog/demand-list';
import { InventoryDetail } from './routes/catalog/inventory-detail';
import { InventoryList } from './routes/catalog/inventory-list';
import { QueryLookup } from './routes/catalog/query-lookup';
import { RegistrationReview } from './routes/catalog/registration-review';
import { ResourcePage } from './routes/catalog/resource-page';
import { SourceRegister } from './routes/catalog/source-register';
import { SystemList } from './routes/catalog/system-list';
import { DatasetPage } from './routes/datasets/dataset-detail';
import { DatasetList } from './routes/datasets/dataset-list';
import { ImportantDataCatalog } from './routes/datasets/important-data';
import { Home } from './routes/home/home';
import { LedgerExplorer } from './routes/ledger/ledger-explorer';
import { LoginPage } from './routes/login/login';
import { OrganizationDetail } from './routes/organizations/organization-detail';
import { OrganizationList } from './routes/organizations/organization-list';
import { Profile } from './routes/profile/profile';
import { ApplicationDetailPage } from './routes/rights/application-detail';
import { ApplicationList } from './routes/rights/application-list';
import { CertificateList } from './routes/rights/certificate-list';
import { CertificatePage } from './routes/rights/certificate-page';
import { NoticeBoard } from './routes/rights/notice-board';
import { ReviewQueue } from './routes/rights/review-queue';
import { SubjectPage } from './routes/rights/subject-page';
import { UserList } from './routes/users/user-list';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Home /> },
      { path: 'organizations', element: <OrganizationList /> },
      { path: 'organizations/:id', element: <OrganizationDetail /> },
      { path: 'users', element: <UserList /> },
      { path: 'api-keys', element: <ApiKeyList /> },
      { path: 'audit', element: <AuditList /> },
      // Public: AppLayout lets visitors in for the pages its navigation marks public.
      { path: 'ledger', element: <LedgerExplorer /> },
      { path: 'rights/applications', element: <ApplicationList /> },
      { path: 'rights/applications/:id', element: <ApplicationDetailPage /> },
      { path: 'rights/review', element: <ReviewQueue /> },
      { path: 'rights/certificates', element: <CertificateList /> },
      // Public too: the notice board, a subject's page and a certificate's page (where its QR code leads).
      { path: 'rights/notices', element: <NoticeBoard /> },
      { path: 'rights/subjects/:id', element: <SubjectPage /> },
      { path: 'certificates/:number', element: <CertificatePage /> },
      // The resource catalog. Public: the search, a resource's page (by id or code), the notice board, the
      // query-code lookup and the one-item-one-source register; AppLayout asks for a login on the rest, as its
      // navigation marks them.
      { path: 'catalog', element: <CatalogSearch /> },
      { path: 'catalog/inventory', element: <InventoryList /> },
      { path: 'catalog/inventory/:id', element: <InventoryDetail /> },
      { path: 'catalog/systems', element: <SystemList /> },
      { path: 'catalog/review', element: <RegistrationReview /> },
      { path: 'catalog/notices', element: <CatalogNotices /> },
      { path: 'catalog/lookup', element: <QueryLookup /> },
      { path: 'catalog/sources', element: <SourceRegister /> },
      { path: 'catalog/demands', element: <DemandList /> },
      { path: 'catalog/demands/matching', element: <MatchingDemands /> },
      { path: 'catalog/demands/:id', element: <DemandDetailPage /> },
      { path: 'catalog/:idOrCode', element: <ResourcePage /> },
      // The secure store: datasets (holders; the authority and regulators read), a dataset by slug or id, and the
      // important-data catalog for every account (its static segment wins over a slug).
      { path: 'datasets', element: <DatasetList /> },
      { path: 'datasets/important', element: <ImportantDataCatalog /> },
      { path: 'datasets/:idOrSlug', element: <DatasetPage /> },
      { path: 'profile', element: <Profile /> },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
