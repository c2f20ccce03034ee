import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { answerOf, LeanHeaders, leanRequest, leanResponse } from "./lean-objects";

// The stand-ins must answer exactly what the standard classes answer: each case runs on both and compares.
const all = (headers: Headers) => ({
  entries: [...headers],
  keys: [...headers.keys()],
  values: [...headers.values()],
  cookies: headers.getSetCookie(),
  each: (() => {
    const seen: string[] = [];
    headers.forEach((value, name) => {
      seen.push(`${name}=${value}`);
    });
    return seen;
  })(),
});

describe("LeanHeaders", () => {
  it("reads, changes and iterates like the standard Headers", () => {
    const standard = new Headers();
    const lean = new LeanHeaders({}, true) as unknown as Headers;
    for (const headers of [standard, lean]) {
      headers.set("Content-Type", "application/json");
      headers.append("x-Many", "one");
      headers.append("X-many", "two");
      headers.append("Set-Cookie", "a=1");
      headers.append("set-cookie", "b=2");
      headers.set("x-gone", "soon");
      headers.delete("X-Gone");
      headers.set("x-padded", "  spaced value\t");
      headers.set("b-first", "sorted before the others");
    }
    expect(all(lean)).toEqual(all(standard));
    for (const name of ["content-type", "X-MANY", "set-cookie", "x-gone", "x-padded", "missing"]) {
      expect(lean.get(name)).toBe(standard.get(name));
      expect(lean.has(name)).toBe(standard.has(name));
    }
  });

  it("reads a Node request's headers in place and copies them before the first change", () => {
    const record: Record<string, string | string[] | undefined> = { authorization: "Bearer k", "set-cookie": ["a=1", "b=2"] };
    const headers = new LeanHeaders(record);
    expect(headers.get("Authorization")).toBe("Bearer k");
    expect(headers.get("set-cookie")).toBe("a=1, b=2");
    headers.set("authorization", "changed");
    expect(headers.get("authorization")).toBe("changed");
    expect(record.authorization).toBe("Bearer k");
  });

  it("knows only the names it holds, not the ones every object inherits", () => {
    const headers = new LeanHeaders({ "x-one": "1" }) as unknown as Headers;
    expect(headers.get("constructor")).toBeNull();
    expect(headers.has("toString")).toBe(false);
  });

  it("refuses the names and values the standard Headers refuses", () => {
    expect(() => new LeanHeaders({}, true).set("x-wide", "snow ☃")).toThrow(TypeError);
    expect(() => new Headers().set("x-wide", "snow ☃")).toThrow(TypeError);
    const lean = new LeanHeaders({}, true) as unknown as Headers;
    expect(() => lean.set("bad name", "x")).toThrow(TypeError);
    expect(() => new Headers().set("bad name", "x")).toThrow(TypeError);
    expect(() => lean.set("x-split", "a\r\nx-injected: 1")).toThrow(TypeError);
    expect(() => new Headers().set("x-split", "a\r\nx-injected: 1")).toThrow(TypeError);
  });

  it("is a Headers as far as instanceof and the standard constructors go", () => {
    const lean = new LeanHeaders({ "x-one": "1" }) as unknown as Headers;
    expect(lean).toBeInstanceOf(Headers);
    expect([...new Headers(lean)]).toEqual([["x-one", "1"]]);
  });
});

describe("leanRequest", () => {
  it("answers method, url and headers itself, and everything else from the standard Request", async () => {
    const request = leanRequest({
      method: "POST",
      url: "http://localhost/api/v1/verify?x=1",
      headers: { "content-type": "application/json", "x-api-key": "k" },
      buffered: Buffer.from('{"key":"k"}'),
    });
    expect(request).toBeInstanceOf(Request);
    expect(request.method).toBe("POST");
    expect(request.url).toBe("http://localhost/api/v1/verify?x=1");
    expect(request.headers.get("X-API-Key")).toBe("k");
    expect(request.signal.aborted).toBe(false);
    expect(request.mode).toBe(new Request("http://localhost/").mode);
    expect(await request.json()).toEqual({ key: "k" });
  });

  it("streams a body that was not read beforehand, and has none for GET", async () => {
    const streamed = leanRequest({
      method: "PUT",
      url: "http://localhost/gw/s/x",
      headers: {},
      stream: Readable.from([Buffer.from("part one, "), Buffer.from("part two")]),
    });
    expect(await new Response(streamed.body).text()).toBe("part one, part two");
    expect(leanRequest({ method: "GET", url: "http://localhost/", headers: {} }).body).toBeNull();
  });

  it("hands over the signal it was given", () => {
    const controller = new AbortController();
    const request = leanRequest({ method: "GET", url: "http://localhost/", headers: {}, signal: controller.signal });
    controller.abort();
    expect(request.signal.aborted).toBe(true);
  });
});

describe("leanResponse", () => {
  it("is a Response whose status and headers the gate can read and change", async () => {
    const response = leanResponse({ text: '{"ok":true}' }, { status: 201, headers: { "Content-Type": "application/json" } });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    response.headers.set("RateLimit-Remaining", "9");
    expect(answerOf(response)).toEqual({
      status: 201,
      headers: { "content-type": "application/json", "ratelimit-remaining": "9" },
      text: '{"ok":true}',
      stream: undefined,
    });
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers the parts of a standard Response too", async () => {
    const response = new Response("plain", { status: 404, headers: { "x-one": "1", "set-cookie": "a=1" } });
    const answer = answerOf(response);
    expect(answer.status).toBe(404);
    expect(answer.headers).toEqual({ "content-type": "text/plain;charset=UTF-8", "x-one": "1", "set-cookie": ["a=1"] });
    expect(await new Response(answer.webBody).text()).toBe("plain");
  });

  it("once a caller has built the standard Response, the body is taken from it", async () => {
    const response = leanResponse({ stream: Readable.from([Buffer.from("streamed")]) }, { status: 200 });
    const copy = response.clone();
    expect(await copy.text()).toBe("streamed");
    const answer = answerOf(response);
    expect(answer.stream).toBeUndefined();
    expect(await new Response(answer.webBody).text()).toBe("streamed");
  });
});
