import type { z } from "zod";
import type { FieldErrors } from "@/lib/errors";

/** zod's issues, grouped by the top-level field they belong to, for forms to show next to each control. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (fields[field] ??= []).push(issue.message);
  }
  return fields;
}
