import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/http/security-headers.mjs";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that the bundler cannot trace; loaded from node_modules it works in route
  // handlers and server actions alike. pino and prom-client keep process-wide state and are loaded the same way.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "prom-client"],
  poweredByHeader: false,
  // On every response, pages and API alike (and on the lean path's: lib/http/lean-path.mjs).
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  experimental: {
    // Server actions take small forms; anything larger is refused before it is parsed.
    serverActions: { bodySizeLimit: "64kb" },
  },
};

export default nextConfig;
