const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;

// The same few paths come back all the time (every call to /api/v1/me): remember recent answers. Bounded, and simply
// emptied when full (a path per object, /api/v1/keys/<id>, would otherwise fill it).
const named = new Map<string, string>();
const MAX_REMEMBERED = 1_000;

/**
 * A path as usage keeps it: without its query string or fragment, and with ids (UUIDs, plain numbers) folded to
 * ":id", so that one route is one route however many objects it is called for, and no id fills the rollups.
 */
export function routeName(path: string): string {
  const known = named.get(path);
  if (known !== undefined) return known;
  const bare = path.split(/[?#]/, 1)[0] || "/";
  const name = bare
    .split("/")
    .map((segment) => (UUID.test(segment) || NUMBER.test(segment) ? ":id" : segment))
    .join("/");
  if (named.size >= MAX_REMEMBERED) named.clear();
  named.set(path, name);
  return name;
}
