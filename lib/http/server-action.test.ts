import { describe, expect, it, vi } from "vitest";

// lib/http/server-action imports the session helpers; nothing here signs in, so Auth.js itself stays out.
vi.mock("@/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));

const { formDataToObject } = await import("@/lib/http/server-action");

function form(entries: [string, string | Blob][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("formDataToObject", () => {
  it("turns single fields into strings", () => {
    expect(
      formDataToObject(
        form([
          ["name", "Order service"],
          ["rateLimit", "60"],
        ]),
      ),
    ).toEqual({
      name: "Order service",
      rateLimit: "60",
    });
  });

  it("reads repeated fields named as arrays into a list, and an absent one as an empty list", () => {
    const data = form([
      ["scopes", "keys:read"],
      ["scopes", "usage:read"],
      ["name", "k"],
    ]);
    expect(formDataToObject(data, ["scopes", "tags"])).toEqual({ scopes: ["keys:read", "usage:read"], tags: [], name: "k" });
  });

  it("keeps the last value of a repeated field that is not an array", () => {
    expect(
      formDataToObject(
        form([
          ["name", "first"],
          ["name", "second"],
        ]),
      ),
    ).toEqual({ name: "second" });
  });

  it("drops the framework's $ACTION fields and uploaded files", () => {
    const data = form([
      ["$ACTION_ID_abc123", ""],
      ["$ACTION_REF_1", "x"],
      ["upload", new Blob(["file contents"])],
      ["name", "k"],
    ]);
    expect(formDataToObject(data)).toEqual({ name: "k" });
  });

  it("does not share the array between calls", () => {
    const first = formDataToObject(form([["scopes", "keys:read"]]), ["scopes"]);
    const second = formDataToObject(form([]), ["scopes"]);
    expect(first.scopes).toEqual(["keys:read"]);
    expect(second.scopes).toEqual([]);
  });
});
