import { API_OPERATIONS } from "./operations";

/**
 * The scopes each API route needs, keyed as the usage rollups name routes ("GET /api/v1/keys/:id"). Built from the
 * list of operations that the route handlers enforce, so it cannot drift from what a call actually requires. Every
 * path parameter is an id, which usage folds to ":id" (lib/usage/route-name.ts).
 */
export const ROUTE_SCOPES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.values(API_OPERATIONS).map((op) => [
    `${op.method.toUpperCase()} /api/v1${op.path.replace(/\{\w+\}/g, ":id")}`,
    op.scopes as readonly string[],
  ]),
);
