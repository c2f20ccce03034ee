import "server-only";
import http from "node:http";
import https from "node:https";
import { isPublicAddress, pinnedLookup, resolveOutbound } from "@/lib/infra/outbound-address";
import { networksAllowedFor } from "./targets";

// One webhook attempt: a POST to the endpoint, to the address the SSRF check resolved and no other (the socket's only
// lookup answer, so DNS rebinding cannot swap it), within one deadline for everything (resolving, connecting, the
// answer's headers and the first bytes of its body). Only the first RESPONSE_BODY_MAX bytes of an answer are read:
// the delivery log shows them, and a receiver cannot make Latchkey read a gigabyte. A target that is not public (one a
// setting or the demo allows) answers its status only: its body is never kept, so that an endpoint cannot turn the
// delivery log into a way of reading an internal service.

export const RESPONSE_BODY_MAX = 2_048;

export type PostResult =
  | { ok: true; status: number; body: string | null; durationMs: number }
  | { ok: false; error: string; durationMs: number };

export async function postWebhook(call: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(call.url);
  const deadline = AbortSignal.timeout(call.timeoutMs);
  const resolution = await Promise.race([
    resolveOutbound(url.hostname, "webhooks", networksAllowedFor(call.url)),
    new Promise<"timeout">((resolve) => deadline.addEventListener("abort", () => resolve("timeout"), { once: true })),
  ]);
  if (resolution === "timeout") return { ok: false, error: `no answer within ${call.timeoutMs} ms`, durationMs: elapsed() };
  if (!resolution.ok) {
    const error =
      resolution.reason === "forbidden"
        ? `${url.hostname} resolves to an address deliveries may not reach (private, loopback or link-local)`
        : `${url.hostname} does not resolve`;
    return { ok: false, error, durationMs: elapsed() };
  }
  const secure = url.protocol === "https:";
  const keepsBody = isPublicAddress(resolution.address);
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      deadline.removeEventListener("abort", onDeadline);
      request.destroy();
      resolve(result);
    };
    const onDeadline = () => finish({ ok: false, error: `no answer within ${call.timeoutMs} ms`, durationMs: elapsed() });
    const request = (secure ? https : http).request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      port: Number(url.port) || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: "POST",
      // A connection of its own, never pooled: a pooled socket would have been opened for an address checked earlier.
      agent: false,
      lookup: pinnedLookup(resolution),
      headers: {
        ...call.headers,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(call.body)),
        "user-agent": "Latchkey-Webhooks/1",
      },
    });
    deadline.addEventListener("abort", onDeadline, { once: true });
    request.on("error", (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: error.code ?? error.message, durationMs: elapsed() }),
    );
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let length = 0;
      const done = () =>
        finish({
          ok: true,
          status,
          body: keepsBody ? Buffer.concat(chunks).subarray(0, RESPONSE_BODY_MAX).toString("utf8").replaceAll("\u0000", "") : null,
          durationMs: elapsed(),
        });
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= RESPONSE_BODY_MAX) done();
      });
      response.on("end", done);
      response.on("error", done);
    });
    request.end(call.body);
  });
}
