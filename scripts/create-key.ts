// Issues a key from the command line, for a platform's own services (e.g. one holding keys:verify) or for scripts.
// The secret is printed once, to standard output, and nothing else is; everything else goes to standard error.
//
//   npm run key:create -- --email ops@example.com --scopes keys:verify --name "Billing service" [--create-owner --plan advanced]
import { parseArgs } from "node:util";
import { z } from "zod";
import { databaseHandle } from "@/db";
import { findUserByEmail, insertUserIfNew } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { createKey } from "@/lib/keys/lifecycle";
import { createKeySchema } from "@/lib/validations/key";
import type { Actor } from "@/lib/audit/actor";
import { randomBytes } from "node:crypto";

const argsSchema = z.object({
  email: z.email("--email must be an email address"),
  name: z.string().default("CLI key"),
  scopes: z
    .string()
    .default("keys:read")
    .transform((list) =>
      list
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  environment: z.enum(["live", "test"]).default("live"),
  "rate-limit": z
    .string()
    .regex(/^\d+\/(minute|hour)$/, "--rate-limit looks like 600/minute or 10000/hour")
    .default("600/minute"),
  // The key's usage quota, as 10000/day, 300000/month or 5000/total; left out, the plan's default.
  quota: z
    .string()
    .regex(/^\d+\/(day|month|total)$/, "--quota looks like 10000/day, 300000/month or 5000/total")
    .optional(),
  "create-owner": z.boolean().default(false),
  // The plan of an owner this command creates (an existing owner keeps theirs): plans bound every key, this one too.
  plan: z.enum(["none", "basic", "advanced"]).default("basic"),
});

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      scopes: { type: "string" },
      environment: { type: "string" },
      "rate-limit": { type: "string" },
      quota: { type: "string" },
      "create-owner": { type: "boolean" },
      plan: { type: "string" },
    },
    strict: true,
  });
  const args = argsSchema.safeParse(values);
  if (!args.success) return fail(args.error.issues.map((i) => i.message).join("\n"));
  const [limit, window] = args.data["rate-limit"].split("/");
  const [quotaLimit, quotaPeriod] = args.data.quota?.split("/") ?? [];
  const input = createKeySchema.safeParse({
    name: args.data.name,
    scopes: args.data.scopes,
    environment: args.data.environment,
    rateLimit: limit,
    rateLimitWindow: window,
    expiry: "never",
    ...(quotaLimit && { quotaLimit, quotaPeriod }),
  });
  if (!input.success) return fail(input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));

  const handle = await databaseHandle();
  try {
    await handle.migrate();
    let owner = await findUserByEmail(args.data.email);
    if (!owner && args.data["create-owner"]) {
      owner = await insertUserIfNew(
        {
          email: args.data.email,
          name: args.data.email.split("@")[0],
          // Nobody knows this password: the account exists to own keys until someone resets it.
          passwordHash: await hashPassword(randomBytes(32).toString("base64url")),
        },
        { plan: args.data.plan },
      );
    }
    if (!owner) return fail(`No account with the email ${args.data.email} (add --create-owner to make one).`);
    // The operator at the console acts as an admin: they may grant admin-only scopes such as keys:verify.
    const actor: Actor = { userId: null, keyId: null, role: "admin", ip: null, userAgent: "latchkey-cli" };
    const { key, secret } = await createKey(actor, owner.id, input.data);
    const quota = key.usageQuota === null ? "no usage quota" : `a usage quota of ${key.usageQuota}/${key.usageQuotaPeriod}`;
    console.error(`Created key ${key.id} (${key.name}) for ${owner.email} with scopes ${key.scopes.join(", ")} and ${quota}.`);
    console.log(secret);
  } finally {
    await handle.close();
  }
}

function fail(message: string) {
  console.error(message);
  process.exitCode = 2;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
