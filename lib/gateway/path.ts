// The path a client asks a service for, made safe to append to the service's base path. Every segment is decoded once
// and checked for what could climb out of the base path or mean something else to the upstream than to the rules:
// `.` and `..` (also `%2e%2e`), path parameters (`;x`, which Java servers drop), an encoded `/` or `\` inside a segment, a backslash,
// control characters, and a `%` left after decoding (double encoding: `%252e%252e` must not become `..` upstream).
// Anything of the kind is refused, never repaired. What passes is re-encoded one way, so the rules match, the
// signature covers and the upstream receives the same path.

export type GatewayPath = { ok: true; path: string } | { ok: false; reason: string };

// Characters RFC 3986 allows in a segment as they are; encodeURIComponent escapes some of them needlessly.
const PCHAR_KEPT = /%(3A|40|24|26|2B|2C|3B|3D)/gi;

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(PCHAR_KEPT, (escaped) => decodeURIComponent(escaped));
}

/**
 * `raw` is the request's path after `/gw/<service>`, still percent-encoded ("" or starting with "/"). Answers the
 * canonical path ("/" at least); empty segments are dropped, a trailing slash is kept.
 */
export function normaliseGatewayPath(raw: string): GatewayPath {
  if (raw.length > 2048) return { ok: false, reason: "too long" };
  if (raw !== "" && !raw.startsWith("/")) return { ok: false, reason: "not a path" };
  if (raw.includes("\\")) return { ok: false, reason: "backslash" };
  const segments: string[] = [];
  for (const encoded of raw.split("/").slice(1)) {
    if (encoded === "") continue;
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, reason: "bad percent-encoding" };
    }
    if (/[/\\]/.test(segment)) return { ok: false, reason: "encoded separator" };
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(segment)) return { ok: false, reason: "control character" };
    if (segment.includes("%")) return { ok: false, reason: "double encoding" };
    // Path parameters (`admin;x`): Tomcat, Jetty and Spring drop them before routing, so `/admin;x/secret` would be
    // `/admin/secret` to the upstream while the rules saw another segment, and a stricter rule could be slipped past.
    if (segment.includes(";")) return { ok: false, reason: "path parameter" };
    if (segment.trim() === "." || segment.trim() === "..") return { ok: false, reason: "dot segment" };
    segments.push(encodeSegment(segment));
  }
  const trailing = raw.length > 1 && raw.endsWith("/") && segments.length > 0;
  return { ok: true, path: `/${segments.join("/")}${trailing ? "/" : ""}` };
}

/** The upstream's request target: the service's base path, then the checked path, then the caller's query. */
export function upstreamTarget(basePath: string, path: string, search: string): string {
  const base = basePath.replace(/\/+$/, "");
  return `${base}${path}${search}`;
}
