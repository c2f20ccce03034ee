import { openApiDocument } from "@/lib/api/openapi/document";
import { jsonResponse } from "@/lib/http/envelope";

// Public: the document describes the API, never a key or a tenant, so it may be cached like any static file.
export function GET() {
  return jsonResponse(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
