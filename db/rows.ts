/** The rows of a raw `execute`: postgres.js returns them as an array, PGlite as an object holding them. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}
