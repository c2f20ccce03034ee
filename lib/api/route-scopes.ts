import { API_OPERATIONS } from "./operations";

/**
 * The scopes each API route needs, keyed as the usage rollups name routes ("GET /api/v1/keys/:id"). Built from the
 * list of operations that the route handlers enforce, so it cannot drift from what a call actually requires.
 */
export const ROUTE_SCOPES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.values(API_OPERATIONS).map((op) => [
    `${op.method.toUpperCase()} /api/v1${op.path.replaceAll("{id}", ":id")}`,
    op.scopes as readonly string[],
  ]),
);
