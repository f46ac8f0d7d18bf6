export { listAppRoutes, listDocumentedRoutes, type RouteEntry } from './openapi/route-listing.ts';
