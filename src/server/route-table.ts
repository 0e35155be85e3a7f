import type { FastifyInstance, RouteOptions } from 'fastify';

/** One route as registered: what the fuzz tests and the docs need to walk every endpoint. */
export interface RouteEntry {
  method: string;
  url: string;
  schema: RouteOptions['schema'];
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Starts recording every route registered on `app` from now on (child plugins included).
 * Fastify can print its router but not list it, and tests must enumerate the real table,
 * not a hand-kept copy that drifts.
 */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      table.push({ method, url: route.url, schema: route.schema });
    }
  });
}

export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
