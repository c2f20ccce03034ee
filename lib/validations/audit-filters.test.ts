import { describe, expect, it } from "vitest";
import { auditQueryString, parseAuditQuery } from "./audit-filters";

describe("parseAuditQuery", () => {
  it("reads every filter and the page, ignoring blank fields", () => {
    const parsed = parseAuditQuery(
      {
        key: "33333333-3333-4333-8333-333333333333",
        actor: " alice@example.com ",
        action: "key.update",
        from: "2026-11-01",
        to: "2026-11-22",
        account: "bob@example.com",
        page: "3",
      },
      { allowAccount: true },
    );
    expect(parsed).toEqual({
      filters: {
        key: "33333333-3333-4333-8333-333333333333",
        actor: "alice@example.com",
        action: "key.update",
        from: "2026-11-01",
        to: "2026-11-22",
        account: "bob@example.com",
      },
      page: 3,
      problems: [],
    });
    expect(parseAuditQuery({ key: "", action: "  " })).toEqual({ filters: expect.any(Object), page: 1, problems: [] });
  });

  it("names and ignores each bad value, keeping the good ones", () => {
    const parsed = parseAuditQuery({ key: "x".repeat(201), action: "key.update", from: "2026-13-40", page: "-2" });
    expect(parsed.filters).toMatchObject({ key: undefined, action: "key.update", from: undefined });
    expect(parsed.page).toBe(1);
    expect(parsed.problems).toHaveLength(3);
    expect(parsed.problems[0]).toMatch(/^Key: At most 200 characters\./);
    // A key is found by its id or by text of its name: both are kept as typed.
    expect(parseAuditQuery({ key: " Billing " }).filters.key).toBe("Billing");
  });

  it("ignores a date range that ends before it starts, and the account filter unless allowed", () => {
    const parsed = parseAuditQuery(new URLSearchParams("from=2026-11-22&to=2026-11-01&account=x@y.z&owner=x@y.z"));
    expect(parsed.filters).toMatchObject({ from: undefined, to: undefined, account: undefined });
    expect(parsed.problems).toEqual(["From is after To: the date filter was ignored."]);
  });

  it("still reads the account filter from an old link's owner parameter, account first", () => {
    const old = parseAuditQuery(new URLSearchParams("owner=x@y.z"), { allowAccount: true });
    expect(old.filters.account).toBe("x@y.z");
    expect(auditQueryString(old.filters)).toBe("?account=x%40y.z");
    const both = parseAuditQuery(new URLSearchParams("owner=old&account=new"), { allowAccount: true });
    expect(both.filters.account).toBe("new");
  });

  it("accepts the refused-attempts filter and round-trips through the query string", () => {
    const { filters } = parseAuditQuery({ action: "*.denied", actor: "a b" });
    expect(auditQueryString(filters, 2)).toBe("?actor=a+b&action=*.denied&page=2");
    expect(auditQueryString({})).toBe("");
  });
});
