// Whether a request for a signed-in page or download, made without a session, should be answered 401 with the
// error envelope rather than redirected to the sign-in form. A script (an API key in a header, or asking for JSON)
// cannot follow a sign-in page and would read its HTML as the answer; a browser navigating must keep the redirect.

/** How much the Accept header wants `type` ("text/html"): its q of the most specific range that covers it. */
function acceptQuality(accept: string | null, type: string): number {
  if (!accept?.trim()) return 1; // no Accept: anything will do
  const [major] = type.split("/");
  let best: { specificity: number; q: number } = { specificity: -1, q: 0 };
  for (const entry of accept.split(",")) {
    const [range = "", ...parameters] = entry.split(";").map((part) => part.trim().toLowerCase());
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === "*/*" ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const qParameter = parameters.find((parameter) => parameter.startsWith("q="));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

export function expectsJson(headers: Headers): boolean {
  // A browser loading a page says so (Sec-Fetch-Mode), whatever it carries: behind a proxy with HTTP basic
  // authentication every one of its requests has an Authorization header.
  if (headers.get("sec-fetch-mode") === "navigate") return false;
  const json = acceptQuality(headers.get("accept"), "application/json");
  const html = acceptQuality(headers.get("accept"), "text/html");
  if (json !== html) return json > html;
  // Either will do (`*/*`, curl's and fetch's default): a key sent along marks a script.
  return headers.has("authorization") || headers.has("x-api-key");
}
