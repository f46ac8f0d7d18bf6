import type { Express } from 'express';
import type { ApiDocument } from './api-document.ts';

/** One operation: an upper-case method and an express-style path (`/runs/:id`). */
export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  name: string;
  rawPath?: string | RegExp | (string | RegExp)[];
  route?: { methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/**
 * Every route registered on an express 5 app, found by walking its router stack (mounted routers
 * included, their mount paths joined), as sorted `METHOD path` entries; plain middleware is not a
 * route. A sub-app mounted at one of `opaque` (a third-party UI such as Bull Board, whose own
 * routes are not our API) counts as one `GET <mount path>`; any other sub-app throws, since its
 * routes cannot be seen from the parent.
 */
export function listAppRoutes(app: Express, options: { opaque?: string[] } = {}): RouteEntry[] {
  const root = (app as unknown as { router?: { stack?: Layer[] } }).router;
  if (!root?.stack) throw new Error('not an express 5 app: no router stack');
  const out: RouteEntry[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      for (const p of [layer.rawPath ?? '/'].flat()) {
        if (typeof p !== 'string') throw new Error(`a layer with a RegExp path (${p}) cannot be documented`);
        const full = join(prefix, p);
        if (layer.route) {
          for (const [m, on] of Object.entries(layer.route.methods))
            if (on) out.push({ method: m === '_all' ? '*' : m.toUpperCase(), path: full });
        } else if (Array.isArray(layer.handle.stack)) {
          walk(layer.handle.stack, full);
        } else if (layer.name === 'mounted_app') {
          if (!options.opaque?.includes(full))
            throw new Error(`an express sub-app is mounted at ${full}: its routes cannot be listed`);
          out.push({ method: 'GET', path: full });
        }
      }
    }
  };
  walk(root.stack, '');
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
