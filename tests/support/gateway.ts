import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { NextRequest } from "next/server";
import { addRoute, createService } from "@/lib/accounts/gateway";
import { gatewayHandler } from "@/lib/gateway/gateway-route";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { createRouteSchema, createServiceSchema } from "@/lib/validations/gateway";
import { actorOf, createUser } from "./factories";

/** The upstream process of tests/support/gateway-upstream.mjs, and its base URL. */
export async function startUpstream(): Promise<{ url: string; port: number; stop: () => void; process: ChildProcess }> {
  const child = spawn(process.execPath, [new URL("./gateway-upstream.mjs", import.meta.url).pathname], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /PORT (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`upstream exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, port, process: child, stop: () => child.kill() };
}

/** A port of 3600-3699 nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  for (;;) {
    const port = 3600 + Math.floor(Math.random() * 100);
    // fetch refuses 3659 ("bad port") before trying it; a test wanting a closed port must not get that answer instead.
    if (port === 3659) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export async function adminActor() {
  return actorOf(await createUser({ role: "admin" }));
}

let serial = 0;
/** A service (unique slug) with these rules, made through the admin commands as the admin area would. */
export async function serviceWithRules(
  baseUrl: string,
  rules: { method?: string; pathPattern: string; requiredScopes?: string[]; cost?: number }[],
  overrides: Record<string, unknown> = {},
) {
  const actor = await adminActor();
  const slug = `svc-${process.pid}-${Date.now().toString(36)}-${serial++}`;
  const { service, signingSecret } = await createService(
    actor,
    createServiceSchema.parse({ name: "Test service", slug, baseUrl, timeoutMs: 2_000, ...overrides }),
  );
  for (const rule of rules) {
    const { serviceId, ...input } = createRouteSchema.parse({
      serviceId: service.id,
      method: "ANY",
      requiredScopes: [],
      cost: 1,
      ...rule,
    });
    await addRoute(actor, serviceId, input);
  }
  return { service, signingSecret, actor, slug };
}

export interface GatewayCall {
  method?: string;
  key?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  ip?: string;
  signal?: AbortSignal;
}

/** Calls the gateway's route handler as Next.js would behind server.mjs; answers the raw Response (bodies stream). */
export function callGateway(
  path: string,
  { method = "GET", key, headers = {}, body, ip = "198.51.100.1", signal }: GatewayCall = {},
) {
  const all = new Headers({ ...headers, [SOCKET_IP_HEADER]: ip, host: "localhost:3000" });
  if (key) all.set("authorization", `Bearer ${key}`);
  const request = new NextRequest(`http://localhost:3000${path}`, {
    method,
    headers: all,
    body,
    signal,
    ...(body instanceof ReadableStream && { duplex: "half" }),
  });
  return gatewayHandler(request, { params: Promise.resolve({}) });
}
