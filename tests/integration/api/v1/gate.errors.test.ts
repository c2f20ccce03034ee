import { describe, expect, it, vi } from "vitest";
import { withApiKey } from "@/lib/api/gate/with-api-key";
import { logger } from "@/lib/infra/logger";
import { callRoute } from "../../../support/api";
import { ownerWithKey } from "../../../support/factories";

describe("errors", () => {
  it("logs an unexpected failure and answers a generic 500 without details", async () => {
    const { secret } = await ownerWithKey();
    const failing = withApiKey(async () => {
      throw new Error("secret internal detail");
    });
    const log = vi.spyOn(logger, "error");
    const result = await callRoute(failing, { path: "/me", key: secret });
    expect(result.status).toBe(500);
    expect(JSON.stringify(result.body)).not.toContain("secret internal detail");
    // The details go to the log instead.
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ path: "/api/v1/me" }), "API request failed");
    log.mockRestore();
  });
});
