import { IDENTITY_HEADER_PREFIX } from "@/lib/auth/upstream-signing";
import { LeanHeaders } from "@/lib/http/lean-objects";

// What passes between the client and the upstream, each way. A proxy must not forward the headers that describe one
// connection (RFC 9110 §7.6.1: Connection and every header it names, Keep-Alive, Proxy-*, TE, Trailer,
// Transfer-Encoding, Upgrade), and this one also keeps to itself what is Latchkey's: the API key, Latchkey's session
// cookies, its internal and identity headers (a client's X-Latchkey-* would be a spoofed identity), and the headers
// Next.js adds for its own routing.

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  // Node sets Host from the upstream's URL.
  "host",
  "http2-settings",
]);

const CLIENT_ONLY = new Set([
  "authorization",
  "x-api-key",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
]);
const INTERNAL_PREFIXES = [IDENTITY_HEADER_PREFIX, "x-middleware-", "x-invoke-", "x-nextjs-"];

// Auth.js's cookies (the session, its CSRF and callback cookies), plain, __Secure- and __Host- prefixed.
const LATCHKEY_COOKIE = /^(__Secure-|__Host-)?authjs\./;

function connectionNamed(headers: Headers): Set<string> {
  return new Set(
    (headers.get("connection") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

function withoutLatchkeyCookies(cookieHeader: string): string {
  return cookieHeader
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair && !LATCHKEY_COOKIE.test(pair.split("=", 1)[0].trim()))
    .join("; ");
}

export interface ForwardedFor {
  clientIp: string | null;
  proto: string;
  host: string | null;
}

/** The headers the upstream receives, before Latchkey's identity headers are added. */
export function upstreamRequestHeaders(incoming: Headers, forwarded: ForwardedFor): Record<string, string> {
  const named = connectionNamed(incoming);
  const out: Record<string, string> = {};
  for (const [name, value] of incoming) {
    // CGI, WSGI and Rack read `x_latchkey_key_id` and `x-latchkey-key-id` as one header: judged by the same name.
    const canonical = name.replaceAll("_", "-");
    if (HOP_BY_HOP.has(canonical) || named.has(name) || CLIENT_ONLY.has(canonical)) continue;
    if (INTERNAL_PREFIXES.some((prefix) => canonical.startsWith(prefix))) continue;
    if (name === "cookie") {
      const kept = withoutLatchkeyCookies(value);
      if (kept) out.cookie = kept;
      continue;
    }
    out[name] = value;
  }
  if (forwarded.clientIp) out["x-forwarded-for"] = forwarded.clientIp;
  out["x-forwarded-proto"] = forwarded.proto;
  if (forwarded.host) out["x-forwarded-host"] = forwarded.host;
  return out;
}

/** The upstream's response headers as the client receives them. */
export function clientResponseHeaders(upstream: Record<string, string | string[] | undefined>): Headers {
  const named = new Set(
    [upstream.connection ?? []]
      .flat()
      .flatMap((value) => value.split(","))
      .map((name) => name.trim().toLowerCase()),
  );
  // Lean Headers: read back as they are by the lean path, and no dearer than a record to fill.
  const out = new LeanHeaders({}, true);
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    if (name === "set-cookie") {
      // An upstream may set its own cookies, never one of Latchkey's (that would be a session fixation on its origin).
      for (const cookie of [value].flat()) {
        if (!LATCHKEY_COOKIE.test(cookie.split("=", 1)[0].trim())) out.append("set-cookie", cookie);
      }
      continue;
    }
    for (const item of [value].flat()) out.append(name, item);
  }
  return out as unknown as Headers;
}
