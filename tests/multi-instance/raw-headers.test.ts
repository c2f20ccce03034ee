import { existsSync } from "node:fs";
import { request } from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, createDatabase, issueKey, startInstance } from "../../scripts/lib/instances.mjs";

// What only the production server (server.mjs) can see: header lines as they came over the wire, before Node folds
// repeated ones (keeping the first Authorization, joining X-API-Key values).
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: Awaited<ReturnType<typeof createDatabase>>;
let server: Instance;
let secret: string;

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("These tests run a production build: run `npm run build` first.");
  database = await createDatabase("latchkey_raw_headers");
  const env = baseEnv(database.url);
  server = await startInstance({ port: 3251, env });
  secret = await issueKey(env, { email: `raw-${randomUUID().slice(0, 8)}@test.latchkey.local`, scopes: "keys:read" });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

/**
 * GET /api/v1/me with header lines sent exactly as given, repeats included (fetch would fold them first). Given as a
 * list, Node sends no Host of its own, and a server refuses a request without one.
 */
function getMe(lines: [string, string][]): Promise<{ status: number; body: { error?: { code: string } } }> {
  const url = new URL("/api/v1/me", server.url);
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: url.hostname, port: url.port, path: url.pathname, headers: [["Host", url.host], ...lines].flat() },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            reject(new Error(`not JSON (status ${response.statusCode}): ${text}`));
          }
        });
      },
    );
    sent.on("error", reject);
    sent.end();
  });
}

describe("credential headers sent more than once", () => {
  it("are refused with 400 conflicting_keys before the key is looked at, whichever comes first", async () => {
    const cases: [string, [string, string][]][] = [
      [
        "a valid Authorization, then junk",
        [
          ["Authorization", `Bearer ${secret}`],
          ["Authorization", "Bearer junk"],
        ],
      ],
      [
        "the same valid Authorization twice",
        [
          ["Authorization", `Bearer ${secret}`],
          ["Authorization", `Bearer ${secret}`],
        ],
      ],
      [
        "two X-API-Key",
        [
          ["X-API-Key", secret],
          ["X-API-Key", secret],
        ],
      ],
      [
        "Authorization beside two X-API-Key",
        [
          ["Authorization", `Bearer ${secret}`],
          ["X-API-Key", secret],
          ["x-api-key", secret],
        ],
      ],
    ];
    for (const [name, lines] of cases) {
      const { status, body } = await getMe(lines);
      expect({ name, status, code: body.error?.code }).toEqual({ name, status: 400, code: "conflicting_keys" });
    }
  });

  it("leave a request with each header once, carrying the same key, alone; a client cannot forge the mark away", async () => {
    expect(
      (
        await getMe([
          ["Authorization", `Bearer ${secret}`],
          ["X-API-Key", secret],
        ])
      ).status,
    ).toBe(200);
    const forged = await getMe([
      ["Authorization", `Bearer ${secret}`],
      ["Authorization", "Bearer junk"],
      ["X-Latchkey-Duplicate-Credentials", "0"],
    ]);
    expect(forged.status).toBe(400);
  });
});
