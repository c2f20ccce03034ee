import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { createUser, apiKeyFor } from "../support/factories";

const session = vi.hoisted(() => ({ current: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(session.current)),
}));

const { GET } = await import("@/app/(dashboard)/usage/export/route");

const DAY = 24 * 60 * 60 * 1000;

// The values written here hold no commas, quotes or line breaks, so splitting is a faithful parse.
function parse(text: string, _options: { columns: true }): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split("\n");
  const columns = header.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [columns[i], value])));
}

async function download(query: string) {
  const response = await GET(new NextRequest(`http://localhost/usage/export?${query}`));
  return { response, text: await response.text() };
}

describe("GET /usage/export", () => {
  it("refuses a visitor without a session and another owner's key", async () => {
    const owner = await createUser();
    const other = await createUser();
    const { key } = await apiKeyFor(other, ["payments:read"]);
    session.current = null;
    expect((await download("days=7")).response.status).toBe(401);
    session.current = { user: { id: owner.id } };
    expect((await download(`days=7&keyId=${key.id}`)).response.status).toBe(404);
    expect((await download("days=7&keyId=not-a-uuid")).response.status).toBe(400);
  });

  it("streams the owner's requests of the range as CSV, one key's when asked", async () => {
    const owner = await createUser();
    const other = await createUser();
    const { key } = await apiKeyFor(owner, ["payments:read"]);
    const { key: sibling } = await apiKeyFor(owner, ["payments:read"]);
    const { key: foreign } = await apiKeyFor(other, ["payments:read"]);
    const base = { method: "GET", route: "/api/v1/me", latencyMs: 4, ip: "198.51.100.1", userAgent: "curl/8" };
    await writeUsageBatch([
      { ...base, keyId: key.id, accountId: owner.id, at: new Date(Date.now() - 1000), status: 200 },
      { ...base, keyId: key.id, accountId: owner.id, at: new Date(), status: 429, refused: true, outcome: "rate_limited" },
      { ...base, keyId: key.id, accountId: owner.id, at: new Date(Date.now() - 20 * DAY), status: 200 },
      { ...base, keyId: sibling.id, accountId: owner.id, at: new Date(), status: 200 },
      { ...base, keyId: foreign.id, accountId: other.id, at: new Date(), status: 200 },
    ]);
    session.current = { user: { id: owner.id } };

    const { response, text } = await download(`days=7&keyId=${key.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="latchkey-usage-key-.*-7d-.*\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.key_id, r.status, r.refused, r.outcome])).toEqual([
      [key.id, "200", "false", "ok"],
      [key.id, "429", "true", "rate_limited"],
    ]);
    expect(rows[0]).toMatchObject({
      key_name: key.name,
      method: "GET",
      route: "/api/v1/me",
      latency_ms: "4",
      ip: "198.51.100.1",
      user_agent: "curl/8",
    });

    const all = parse((await download("days=30")).text, { columns: true }) as Record<string, string>[];
    expect(all).toHaveLength(4);
    expect(all.every((r) => r.key_id !== foreign.id)).toBe(true);
  });
});
