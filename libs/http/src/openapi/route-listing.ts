import type { Express, Router } from 'express';
import type { ApiDocument } from './api-document.ts';

/** One operation: an upper-case method and an express-style path (`/runs/:id`). */
export interface RouteEntry {
  method: string;
  path: string;
}

interface ListedRoute {
  path: string | RegExp;
  methods?: string[];
  router?: Router & { listRoutes?: () => ListedRoute[] };
}

/**
 * Every route registered on an express 5 app, found by walking its router stack (mounted routers
 * included, their mount paths joined), as sorted `METHOD path` entries. The automatic HEAD of a GET
 * is left out. A router mounted at one of `opaque` (a third-party UI such as Bull Board, whose
 * internal routes are not our API) counts as one `GET <mount path>`.
 */
export function listAppRoutes(app: Express, options: { opaque?: string[] } = {}): RouteEntry[] {
  const root = (app as unknown as { router: ListedRoute['router'] }).router;
  if (!root?.listRoutes) throw new Error('express router without listRoutes(): express 5 with router >= 2.3 is required');
  const out: RouteEntry[] = [];
  const walk = (router: NonNullable<ListedRoute['router']>, prefix: string) => {
    for (const r of router.listRoutes?.() ?? []) {
      if (typeof r.path !== 'string') throw new Error(`a route with a RegExp path (${r.path}) cannot be documented`);
      const full = join(prefix, r.path);
      if (r.router) {
        if (options.opaque?.includes(full)) out.push({ method: 'GET', path: full });
        else walk(r.router, full);
        continue;
      }
      const methods = r.methods ?? [];
      for (const m of methods) if (!(m === 'HEAD' && methods.includes('GET'))) out.push({ method: m, path: full });
    }
  };
  walk(root, '');
  return sortEntries(out);
}

/** The operations of an OpenAPI document in the same form (`{id}` becomes `:id`). */
export function listDocumentedRoutes(document: ApiDocument): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const [p, item] of Object.entries(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const) {
      if (item?.[method]) out.push({ method: method.toUpperCase(), path: p.replace(/\{([^}]+)\}/g, ':$1') });
    }
  }
  return sortEntries(out);
}

function join(prefix: string, p: string): string {
  const joined = `${prefix}/${p}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function sortEntries(entries: RouteEntry[]): RouteEntry[] {
  const unique = new Map(entries.map((e) => [`${e.method} ${e.path}`, e]));
  return [...unique.keys()].sort().map((k) => unique.get(k) as RouteEntry);
}
