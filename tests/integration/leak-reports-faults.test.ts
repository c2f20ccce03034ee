import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { DatabaseDeadlineError } from "@/db/errors";
import { generateKey } from "@/lib/keys/format";
import { found, GITHUB_KEY_ID, githubKeyDocument, REPORT_TOKEN, signature } from "../support/leak-reports";

// The database not answering in time while a report is handled: 503 with Retry-After, fail closed, nothing said.
const fault = vi.hoisted(() => ({ on: false }));
vi.mock("@/db/queries/leaks", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/leaks")>();
  return {
    ...original,
    findSecretByHash: async (hash: string) => {
      if (fault.on) throw new DatabaseDeadlineError("query", 4000);
      return original.findSecretByHash(hash);
    },
  };
});

process.env.GITHUB_SCANNING_KEYS = githubKeyDocument();
process.env.LEAK_REPORT_TOKEN = REPORT_TOKEN;
const { POST: githubRoute } = await import("@/app/api/leaks/github/route");
const { POST: tokenRoute } = await import("@/app/api/leaks/report/route");

describe("leak reports when the database cannot answer", () => {
  it("answers 503 with Retry-After on both endpoints", async () => {
    // A well-formed key, so that it is looked up (a malformed one never reaches the database).
    fault.on = true;
    const body = JSON.stringify([found(generateKey("lk", "live").secret)]);
    const signed = await githubRoute(
      new NextRequest("http://localhost/api/leaks/github", {
        method: "POST",
        body,
        headers: {
          "github-public-key-identifier": GITHUB_KEY_ID,
          "github-public-key-signature": signature(body),
          "x-forwarded-for": "192.0.2.10",
        },
      }),
    );
    const withToken = await tokenRoute(
      new NextRequest("http://localhost/api/leaks/report", {
        method: "POST",
        body,
        headers: { authorization: `Bearer ${REPORT_TOKEN}`, "x-forwarded-for": "192.0.2.11" },
      }),
    );
    for (const response of [signed, withToken]) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toEqual({
        error: { code: "service_unavailable", message: "The service is temporarily unavailable." },
      });
    }
    fault.on = false;
  });
});
