import "server-only";
import { env } from "@/lib/infra/env";

const ANY_ADDRESS = new Set(["0.0.0.0", "::", "[::]", ""]);

/**
 * Where links in mail point: PUBLIC_URL when set (set it in production: see the README's "Accounts"), else this
 * server's own address (`npm start` on the embedded default: http://localhost:3000). Never the Host header of the
 * request: a password reset asked for with a forged Host would mail the victim a link to the forger's site, with the
 * token in it.
 */
export async function publicOrigin(): Promise<string> {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");
  // server.mjs checked both before it listened (serverEnvSchema); these fall-backs only serve `next dev` and tests.
  const port = Number(process.env.PORT) || 3000;
  const hostname = process.env.HOSTNAME?.trim() ?? "";
  const host = ANY_ADDRESS.has(hostname) ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  return `http://${host}:${port}`;
}
