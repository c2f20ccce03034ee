import { afterEach, describe, expect, it, vi } from "vitest";

const settings: { PUBLIC_URL?: string } = {};
vi.mock("@/lib/infra/env", () => ({ env: () => settings }));
// Were the request's Host ever read, this would be it: a forger's.
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "evil.example" }) }));

const { publicOrigin } = await import("./public-origin");

describe("publicOrigin: where links in mail point", () => {
  afterEach(() => {
    delete settings.PUBLIC_URL;
    vi.unstubAllEnvs();
  });

  it("is PUBLIC_URL when set, without a trailing slash", async () => {
    settings.PUBLIC_URL = "https://keys.example.com/";
    expect(await publicOrigin()).toBe("https://keys.example.com");
  });

  it("is otherwise the server's own address, never the request's Host", async () => {
    vi.stubEnv("PORT", "3440");
    vi.stubEnv("HOSTNAME", "127.0.0.1");
    expect(await publicOrigin()).toBe("http://127.0.0.1:3440");
    vi.stubEnv("HOSTNAME", "0.0.0.0");
    expect(await publicOrigin()).toBe("http://localhost:3440");
    vi.stubEnv("HOSTNAME", "::1");
    expect(await publicOrigin()).toBe("http://[::1]:3440");
  });
});
