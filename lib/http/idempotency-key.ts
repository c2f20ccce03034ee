import { z } from "zod";
import { validationProblem } from "./envelope";

// Printable ASCII, as an HTTP header value can carry it without encoding; a UUID fits, as Stripe's clients send.
const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1 to 255 printable characters without spaces.");

/**
 * The request's Idempotency-Key header, for an operation that issues a secret: undefined when absent, refused (400
 * validation_failed) when malformed. A repeat of a key already used is refused by the command with 409 conflict,
 * never answered again: the first answer held a secret that is not kept.
 */
export function idempotencyKeyOf(request: Request): string | undefined {
  const value = request.headers.get("idempotency-key");
  if (value === null) return undefined;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) {
    throw validationProblem(new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ["Idempotency-Key"] }))));
  }
  return parsed.data;
}
