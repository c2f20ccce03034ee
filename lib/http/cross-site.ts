// Which state-changing requests to the app's pages (every server action, the sign-in and sign-up forms included,
// is a POST to a page) come from the app's own pages, and which may have been forged by another site (CSRF).
//
// Next.js compares Origin with Host for server actions but lets a request without Origin through. SameSite=Lax
// cookies stop most forgeries in today's browsers; this is the second, independent line the OWASP CSRF Prevention
// Cheat Sheet asks for, in the order it and Go's net/http CrossOriginProtection use:
// 1. Sec-Fetch-Site, when sent, decides: it is the browser's own judgement and no page can set or change it.
//    "same-origin" and "none" (the user's own action: a bookmark, a reload) pass. "same-site" does not: a sibling
//    host (blog.example.com beside keys.example.com) is another application, and the dashboard never needs it.
// 2. Without it (older browsers, or a plain-HTTP host, to which Chromium sends no Fetch Metadata) Origin must be ours.
// 3. With neither, nothing vouches for the request: a browser always sends one of them with a POST, and other
//    clients have no business posting to pages (the integrator API lives under /api/, which this does not guard).

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const TRUSTED_FETCH_SITES = new Set(["same-origin", "none"]);

export type CrossSiteRefusal =
  /** Sec-Fetch-Site named anything but same-origin or none. */
  | "fetch-site"
  /** No Sec-Fetch-Site, and an Origin that is not the app's own (or "null"). */
  | "foreign-origin"
  /** Neither header. */
  | "unmarked";

/**
 * Why an unsafe request must be refused as possibly cross-site, or null when it may go on. `publicUrl` is the
 * configured PUBLIC_URL, the origin the app is served under whatever the proxies in front do to Host.
 */
export function crossSiteRefusal(method: string, headers: Headers, publicUrl?: string): CrossSiteRefusal | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null) return TRUSTED_FETCH_SITES.has(fetchSite.trim().toLowerCase()) ? null : "fetch-site";
  const origin = headers.get("origin");
  if (origin === null) return "unmarked";
  return isOwnOrigin(origin, headers, publicUrl) ? null : "foreign-origin";
}

/**
 * The Origin names the host the browser sent the request to (Host, or X-Forwarded-Host from a proxy that rewrites
 * Host, the hosts Next.js's own check compares with), or PUBLIC_URL. Believing X-Forwarded-Host here is safe whatever
 * TRUST_PROXY says: a page on another site cannot make a browser send it (it is not a CORS-safelisted header, so it
 * needs a preflight the app never grants), and a client that sets it by hand does not hold the victim's cookie.
 */
function isOwnOrigin(origin: string, headers: Headers, publicUrl?: string): boolean {
  const parsed = parseOrigin(origin);
  if (!parsed) return false;
  if (publicUrl && parsed.origin === new URL(publicUrl).origin) return true;
  const forwardedHost = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return [headers.get("host"), forwardedHost].some((host) => host && host.toLowerCase() === parsed.host);
}

function parseOrigin(origin: string): URL | null {
  // "null" (an opaque origin: a sandboxed frame, a data: URL, a no-referrer page's form) is never ours.
  if (!URL.canParse(origin)) return null;
  const url = new URL(origin);
  return url.protocol === "https:" || url.protocol === "http:" ? url : null;
}
