import type { z } from "zod";
import { describeEnvProblems, envSchema } from "./env-schema.mjs";

export { DEFAULT_DATABASE_DEADLINE_MS } from "./env-schema.mjs";

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(describeEnvProblems(parsed.error));
  }
  cached = parsed.data;
  return cached;
}

export function usesEmbeddedDatabase(): boolean {
  return !env().DATABASE_URL;
}
