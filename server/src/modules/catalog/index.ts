// Public surface of the catalog module (资源目录, "one ledger"): regions now; resources and demands follow.
export { catalogRoutes } from './catalog.routes.ts';
