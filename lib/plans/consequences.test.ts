import { describe, expect, it } from "vitest";
import { deletionConsequence, planChangeConsequence, suspensionConsequence } from "./consequences";

const none = { name: "none", maxActiveKeys: 0 };
const basic = { name: "basic", maxActiveKeys: 5 };
const advanced = { name: "advanced", maxActiveKeys: 50 };
const acme = (activeKeys: number, members = 3) => ({ name: "Acme", activeKeys, members });

describe("planChangeConsequence", () => {
  it("asks nothing for a move that takes nothing away", () => {
    expect(planChangeConsequence(acme(12), basic, advanced)).toBeNull();
    expect(planChangeConsequence(acme(0), none, basic)).toBeNull();
  });

  it("names every key that stops on a plan without API access", () => {
    expect(planChangeConsequence(acme(12), advanced, none)).toBe(
      "All 12 active keys of Acme will stop working at once: the none plan gives no API access. They work again on a plan that does.",
    );
    expect(planChangeConsequence(acme(1), basic, none)).toMatch(/^The one active key of Acme will stop working at once/);
    expect(planChangeConsequence(acme(0), basic, none)).toBe(
      "Acme loses API access: no key can be made or used on the none plan.",
    );
  });

  it("says keys over a smaller plan's limit keep working but block new ones", () => {
    expect(planChangeConsequence(acme(12), advanced, basic)).toBe(
      "Acme keeps its 12 active keys, which go on working, but the basic plan allows 5: no new key can be made until fewer are active. New keys and edits are held to basic's limits.",
    );
    expect(planChangeConsequence(acme(2), advanced, basic)).toMatch(/its 2 active keys go on working as they are\.$/);
  });
});

describe("suspensionConsequence", () => {
  it("counts the keys that stop and the people who lose access", () => {
    expect(suspensionConsequence(acme(12, 3))).toBe(
      "Its 12 active keys will stop working at once, and its 3 members lose access to it (they are told it is suspended when they sign in). Reactivating restores both.",
    );
    expect(suspensionConsequence(acme(1, 1))).toMatch(
      /^Its 1 active key will stop working at once, and its 1 member loses access/,
    );
    expect(suspensionConsequence(acme(0, 1))).toMatch(/^It has no active key to stop/);
  });
});

describe("deletionConsequence", () => {
  it("adds up the keys that stop and names the organisations closed and the ones left", () => {
    expect(
      deletionConsequence({
        closing: [
          { name: "Ada", kind: "personal", activeKeys: 1 },
          { name: "Acme", kind: "organization", activeKeys: 2 },
        ],
        leaving: [{ name: "Beta" }],
      }),
    ).toBe(
      "3 active keys will stop working at once; Acme will be closed. You leave Beta, whose other owners keep it. The audit trail is kept. This cannot be undone.",
    );
  });

  it("says when nothing stops, and speaks of the person an admin deletes", () => {
    expect(deletionConsequence({ closing: [{ name: "Ada", kind: "personal", activeKeys: 0 }], leaving: [] })).toBe(
      "No active key stops working. The audit trail is kept. This cannot be undone.",
    );
    expect(
      deletionConsequence(
        {
          closing: [
            { name: "A", kind: "organization", activeKeys: 1 },
            { name: "B", kind: "organization", activeKeys: 0 },
            { name: "C", kind: "organization", activeKeys: 0 },
          ],
          leaving: [{ name: "D" }, { name: "E" }],
        },
        "Ada",
      ),
    ).toBe(
      "1 active key will stop working at once; A, B and C will be closed. Ada leaves D and E, whose other owners keep them. The audit trail is kept. This cannot be undone.",
    );
  });
});
