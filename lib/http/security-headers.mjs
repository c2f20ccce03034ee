// Headers on every response, pages and API alike: next.config.ts gives them to the framework's answers and the lean
// path (lib/http/lean-path.mjs) to its own, so both paths answer with the same ones. Plain JavaScript because
// server.mjs runs outside the bundles. The Content-Security-Policy is set per request by proxy.ts (it needs a fresh
// nonce each time).
export const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
