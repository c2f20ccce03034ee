import { Readable, pipeline } from "node:stream";
import { stringify } from "csv-stringify";
import { z } from "zod";
import { findKeyForOwner } from "@/db/queries/keys";
import { exportUsageEvents } from "@/db/queries/usage-export";
import { currentUser } from "@/lib/http/session";
import { usageRangeSchema } from "@/lib/usage/range";

const exportQuerySchema = z.object({
  days: usageRangeSchema,
  keyId: z.uuid().optional(),
});

const COLUMNS = ["time", "key_id", "key_name", "method", "route", "status", "latency_ms", "ip", "user_agent"];

/**
 * The signed-in client's raw requests of the last 7, 30 or 90 days as CSV, one row per request, oldest first;
 * `keyId` narrows it to one of their keys. Streamed: the rows are read page by page while the download runs.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: { code: "unauthorized", message: "Sign in to export usage." } }, { status: 401 });
  const query = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return Response.json({ error: { code: "validation_failed", message: "keyId must be a key id." } }, { status: 400 });
  }
  const { days, keyId } = query.data;
  // Another tenant's key id is simply not found.
  if (keyId && !(await findKeyForOwner({ keyId, ownerId: user.id }))) {
    return Response.json({ error: { code: "not_found", message: "No such key." } }, { status: 404 });
  }

  async function* rows() {
    for await (const e of exportUsageEvents({ ownerId: user!.id, keyId }, days)) {
      yield [e.at.toISOString(), e.keyId, e.keyName, e.method, e.route, e.status, e.latencyMs, e.ip ?? "", e.userAgent ?? ""];
    }
  }
  const csv = stringify({ header: true, columns: COLUMNS });
  // pipeline, not pipe: a failed read must end the download with an error rather than leave it hanging.
  pipeline(Readable.from(rows()), csv, (error) => {
    if (error) console.error("[latchkey] usage export failed", error);
  });
  const date = new Date().toISOString().slice(0, 10);
  const name = `latchkey-usage-${keyId ? `key-${keyId.slice(0, 8)}-` : ""}${days}d-${date}.csv`;
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
