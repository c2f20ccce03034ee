import { describe, expect, it } from "vitest";
import { GET as keyUsage } from "@/app/api/v1/keys/[id]/usage/route";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";

describe("GET /api/v1/keys/{id}/usage", () => {
  it("refuses days outside 1..90 with 400", async () => {
    const owner = await createUser();
    const reader = await apiKeyFor(owner, ["usage:read"]);
    const id = reader.key.id;
    for (const days of ["0", "91", "abc", "1.5", ""]) {
      const { status, body } = await callRoute(keyUsage, {
        path: `/keys/${id}/usage?days=${days}`,
        params: { id },
        key: reader.secret,
      });
      expect({ days, status, body }).toEqual({
        days,
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "The request is not valid; see details.",
            details: [{ path: "days", message: "days must be a whole number from 1 to 90." }],
          },
        },
      });
    }
    for (const days of ["1", "90"]) {
      const { status, body } = await callRoute(keyUsage, {
        path: `/keys/${id}/usage?days=${days}`,
        params: { id },
        key: reader.secret,
      });
      expect(status).toBe(200);
      expect(body.daily).toHaveLength(Number(days));
    }
  });
});
