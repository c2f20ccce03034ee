// Far beyond any real browser's or library's, short enough that a hostile one cannot bloat a usage or audit row.
const MAX_USER_AGENT = 512;

/** The caller's User-Agent as it is kept (usage events, audit rows), cut to a bound. */
export function userAgentOf(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null;
}
