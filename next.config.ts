import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that the bundler cannot trace; loaded from node_modules it works in route
  // handlers and server actions alike. pino and prom-client keep process-wide state and are loaded the same way.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "prom-client"],
  poweredByHeader: false,
  // On every response, pages and API alike. The Content-Security-Policy is set per request by proxy.ts (it needs a
  // fresh nonce each time).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
  experimental: {
    // Server actions take small forms; anything larger is refused before it is parsed.
    serverActions: { bodySizeLimit: "64kb" },
  },
};

export default nextConfig;
