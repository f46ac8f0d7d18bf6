export { listAppRoutes, listDocumentedRoutes, type RouteEntry } from './openapi/route-listing.ts';
export { ResponseContract } from './openapi/response-contract.ts';
