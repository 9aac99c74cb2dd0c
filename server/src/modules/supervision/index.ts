// Public surface of the supervision module (监管): for now the audit trail; credit, alerts and disclosure follow.
export { supervisionRoutes } from './supervision.routes.ts';
