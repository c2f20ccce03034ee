import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that the bundler cannot trace; loaded from node_modules it works in route
  // handlers and server actions alike. pino and prom-client keep process-wide state and are loaded the same way.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "prom-client"],
  poweredByHeader: false,
};

export default nextConfig;
