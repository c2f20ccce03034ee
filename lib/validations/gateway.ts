import { type MatchFunction, match } from "path-to-regexp";
import { z } from "zod";
import { SCOPE_NAME_PATTERN } from "@/lib/scopes";
import { text } from "./text";

export const GATEWAY_METHODS = ["ANY", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type GatewayMethod = (typeof GATEWAY_METHODS)[number];

export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 300_000;
export const MAX_ROUTE_COST = 1_000;

// The slug is the service's part of every gateway URL (/gw/<slug>/…): lowercase, digits and dashes only, so that it
// needs no encoding and cannot be confused with a path segment a client might play tricks with.
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * A rule's path pattern as path-to-regexp (v8) reads it: `:id` is one segment, `*path` any number of them, `{…}` an
 * optional part. A bare `*` is read as `*path` (`/files/*`), the way admins usually write a wildcard.
 */
export function compileRoutePattern(pattern: string): MatchFunction<Partial<Record<string, string | string[]>>> {
  const named = pattern.replace(/\*(?![A-Za-z_$])/g, "*path");
  // Case-insensitive on purpose: an upstream that treats /ADMIN as /admin must not be reached through a laxer rule
  // because /ADMIN failed to match the stricter one.
  return match(named, { sensitive: false, decode: false });
}

const routePattern = text()
  .trim()
  .min(1, "Enter a path, for example /payments/:id.")
  .max(200, "At most 200 characters.")
  .refine((value) => value.startsWith("/"), "Must start with /.")
  .refine((value) => !/[?#\\\s]/.test(value), "A path only: no query, fragment, backslash or space.")
  .superRefine((value, ctx) => {
    try {
      compileRoutePattern(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `Not a valid pattern: ${(error as Error).message.split(";")[0]}.` });
    }
  });

export const serviceIdSchema = z.uuid({ error: "Service not found." });
export const routeIdSchema = z.uuid({ error: "Rule not found." });

/** A base URL a service may have: http(s), no credentials, query or fragment; stored without a trailing slash. */
export const baseUrlSchema = text()
  .trim()
  .max(500, "At most 500 characters.")
  .pipe(z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL." }))
  .superRefine((value, ctx) => {
    const url = new URL(value);
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "No user name or password in the URL." });
    if (url.search || url.hash || value.includes("?") || value.includes("#")) {
      ctx.addIssue({ code: "custom", message: "No query or fragment: the gateway appends the caller's." });
    }
  })
  .transform((value) => {
    const url = new URL(value);
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  });

const booleanField = z
  .union([z.boolean(), z.enum(["true", "false", "on"])])
  .transform((value) => value === true || value === "true" || value === "on");

export const serviceFields = {
  name: text().trim().min(1, "Enter a name.").max(80, "At most 80 characters."),
  slug: z
    .string()
    .trim()
    .regex(SLUG_PATTERN, "Lowercase letters, digits and dashes (1 to 40), starting and ending with a letter or digit."),
  baseUrl: baseUrlSchema,
  timeoutMs: z.coerce
    .number({ error: "Enter a number of milliseconds." })
    .int("A whole number of milliseconds.")
    .min(MIN_TIMEOUT_MS, `At least ${MIN_TIMEOUT_MS} ms.`)
    .max(MAX_TIMEOUT_MS, `At most ${MAX_TIMEOUT_MS} ms (5 minutes).`),
};

export const createServiceSchema = z.object({ ...serviceFields, enabled: booleanField.default(true) }).strict();
export type CreateServiceInput = z.output<typeof createServiceSchema>;

export const updateServiceSchema = z
  .object({ serviceId: serviceIdSchema, ...serviceFields, enabled: booleanField.default(false) })
  .strict();
export type UpdateServiceInput = Omit<z.output<typeof updateServiceSchema>, "serviceId">;

export const ROTATION_GRACE = { now: 0, "1h": 3_600_000, "24h": 86_400_000 } as const;
export const rotateSecretSchema = z
  .object({
    serviceId: serviceIdSchema,
    grace: z.enum(Object.keys(ROTATION_GRACE) as [keyof typeof ROTATION_GRACE], {
      error: "Choose how long the old secret lasts.",
    }),
  })
  .strict();

export const serviceTargetSchema = z.object({ serviceId: serviceIdSchema }).strict();

const routeFields = {
  method: z.enum(GATEWAY_METHODS, { error: "Choose a method." }),
  pathPattern: routePattern,
  // From a form: one text field, scopes separated by spaces or commas.
  requiredScopes: z
    .union([z.array(z.string()), z.string()])
    .transform((value) => (Array.isArray(value) ? value : value.split(/[\s,]+/)).map((scope) => scope.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(SCOPE_NAME_PATTERN, "Scopes look like resource:action (payments:read)."))
        .max(16, "At most 16 scopes."),
    )
    .transform((scopes) => [...new Set(scopes)].sort()),
  cost: z.coerce
    .number({ error: "Enter a whole number." })
    .int("A whole number.")
    .min(1, "At least 1.")
    .max(MAX_ROUTE_COST, `At most ${MAX_ROUTE_COST}.`),
};

export const createRouteSchema = z.object({ serviceId: serviceIdSchema, ...routeFields }).strict();
export const updateRouteSchema = z.object({ routeId: routeIdSchema, ...routeFields }).strict();
export type RouteInput = z.output<z.ZodObject<typeof routeFields>>;
export const routeTargetSchema = z.object({ routeId: routeIdSchema }).strict();
export const moveRouteSchema = z.object({ routeId: routeIdSchema, direction: z.enum(["up", "down"]) }).strict();
