import type { NextRequest } from "next/server";
import { findServiceBySlug } from "@/db/queries/gateway";
import { signingSecretOf } from "@/lib/accounts/gateway";
import { verifyUpstreamSignature } from "@/lib/auth/upstream-signing";
import { DEMO_SERVICE_SLUG } from "@/lib/demo/seed-gateway";
import { receiveDemoWebhook } from "@/lib/demo/seed-webhooks";
import { errorResponse, jsonResponse } from "@/lib/http/envelope";
import { env, usesEmbeddedDatabase } from "@/lib/infra/env";

// The demo upstream behind the demo gateway service (/gw/demo/… forwards here): what an upstream sees of a call that
// came through Latchkey. It answers only where the demo is seeded; elsewhere it does not exist.
//   /demo-upstream/echo/…   the method, path, query, and the identity headers with whether their signature verifies
//   /demo-upstream/stream   five lines, half a second apart, to watch a response stream through the gateway
//   /demo-upstream/webhooks the demo platform's webhook receiver: verifies Latchkey's signed messages and logs them

const demoMode = () => env().SEED_DEMO ?? usesEmbeddedDatabase();

async function answer(request: NextRequest): Promise<Response> {
  if (!demoMode()) return errorResponse("not_found", "Not found.");
  const { pathname, search } = request.nextUrl;
  const path = pathname.replace(/^\/demo-upstream/, "") || "/";
  if (path === "/stream" && request.method === "GET") return streamTicks();
  if (path === "/webhooks" && request.method === "POST") return receiveDemoWebhook(request);
  if (!path.startsWith("/echo")) return errorResponse("not_found", "Not found.");

  const service = await findServiceBySlug(DEMO_SERVICE_SLUG);
  const check = service
    ? verifyUpstreamSignature(
        { method: request.method, url: pathname + search, headers: request.headers },
        signingSecretOf(service),
      )
    : ({ valid: false, reason: "missing" } as const);
  const body = request.body ? await request.text() : "";
  return jsonResponse({
    method: request.method,
    path,
    query: Object.fromEntries(request.nextUrl.searchParams),
    bodyBytes: Buffer.byteLength(body),
    signature: check.valid ? "valid" : check.reason,
    // Only a verified identity is believed: an unsigned call (straight here, not through /gw/demo) has none.
    identity: check.valid
      ? {
          keyId: check.identity.keyId,
          accountId: check.identity.accountId,
          environment: check.identity.environment,
          scopes: check.identity.scopes.split(" ").filter(Boolean),
          requestId: check.identity.requestId,
        }
      : null,
  });
}

function streamTicks(): Response {
  const encoder = new TextEncoder();
  let timer: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let tick = 0;
      const next = () => {
        tick++;
        controller.enqueue(encoder.encode(`tick ${tick} at ${new Date().toISOString()}\n`));
        if (tick === 5) controller.close();
        else timer = setTimeout(next, 500);
      };
      next();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(stream, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export const GET = answer;
export const POST = answer;
export const PUT = answer;
export const PATCH = answer;
export const DELETE = answer;
export const dynamic = "force-dynamic";
