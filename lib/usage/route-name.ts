const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;

/**
 * A path as usage keeps it: without its query string or fragment, and with ids (UUIDs, plain numbers) folded to
 * ":id", so that one route is one route however many objects it is called for, and no id fills the rollups.
 */
export function routeName(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] || "/";
  return bare
    .split("/")
    .map((segment) => (UUID.test(segment) || NUMBER.test(segment) ? ":id" : segment))
    .join("/");
}
