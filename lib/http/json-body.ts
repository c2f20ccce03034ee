import type { z } from "zod";
import { HttpProblem, validationProblem } from "@/lib/http/envelope";
import { bufferedBody } from "@/lib/http/lean-routes";

// Far above any body this API takes (a key's settings are well under 2 KiB), far below anything that could hurt.
export const MAX_JSON_BODY_BYTES = 16 * 1024;

interface JsonBodyOptions {
  maxBytes?: number;
  /** A request with no body and no Content-Type is read as `{}` (for bodies whose every field has a default). */
  allowEmpty?: boolean;
}

/**
 * Reads and validates a JSON request body. Throws an HttpProblem (answered by apiRoute) for the wrong media type
 * (415), a body over the cap (413: by Content-Length before reading, and by the bytes actually read, which stop
 * at the cap), malformed JSON (400 bad_request) and a body the schema refuses (400 validation_failed).
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes = MAX_JSON_BODY_BYTES, allowEmpty = false }: JsonBodyOptions = {},
): Promise<z.output<S>> {
  const contentType = request.headers.get("content-type");
  if (contentType === null ? !allowEmpty : !isJsonMediaType(contentType)) throw unsupportedMediaType();

  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(maxBytes);
  const bytes = bufferedBody(request) ?? (await readAtMost(request, maxBytes));

  let raw: unknown = {};
  if (contentType === null) {
    if (bytes.byteLength > 0) throw unsupportedMediaType();
  } else {
    raw = parseJson(bytes);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationProblem(parsed.error);
  return parsed.data;
}

/** application/json, with no charset or UTF-8 (the only one JSON allows, RFC 8259). */
export function isJsonMediaType(value: string): boolean {
  const [type, ...parameters] = value.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/json") return false;
  return parameters.every((parameter) => {
    const [name, setting = ""] = parameter.split("=").map((part) => part.trim());
    return name !== "charset" || ["utf-8", "utf8"].includes(setting.replace(/^"(.*)"$/, "$1"));
  });
}

// Reads the stream chunk by chunk (also for a route that must check a signature over the raw bytes) and gives up as soon as the total passes the cap, so a body that lies about (or
// omits) its Content-Length is never buffered beyond it.
export async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new HttpProblem("bad_request", "The request body is not valid JSON.");
  }
}

function unsupportedMediaType() {
  return new HttpProblem("unsupported_media_type", "Send the request body as JSON, with Content-Type: application/json.");
}

function payloadTooLarge(maxBytes: number) {
  return new HttpProblem("payload_too_large", `The request body must be at most ${maxBytes} bytes.`);
}
