import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "@/lib/http/cross-site";

const OWN = "latchkey.example.com";

function refusal(headers: Record<string, string>, options: { method?: string; publicUrl?: string } = {}) {
  return crossSiteRefusal(options.method ?? "POST", new Headers({ host: OWN, ...headers }), options.publicUrl);
}

describe("crossSiteRefusal", () => {
  it("lets reads through whatever they carry", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(refusal({ "sec-fetch-site": "cross-site" }, { method })).toBeNull();
      expect(refusal({}, { method })).toBeNull();
    }
  });

  it("refuses an unsafe request with neither Sec-Fetch-Site nor Origin", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(refusal({}, { method })).toBe("unmarked");
  });

  it("trusts only same-origin and the user's own action (none) when the browser sends Sec-Fetch-Site", () => {
    expect(refusal({ "sec-fetch-site": "same-origin" })).toBeNull();
    expect(refusal({ "sec-fetch-site": "none" })).toBeNull();
    expect(refusal({ "sec-fetch-site": "cross-site" })).toBe("fetch-site");
    // A sibling host of the same site is another application; the dashboard never needs its posts.
    expect(refusal({ "sec-fetch-site": "same-site" })).toBe("fetch-site");
    expect(refusal({ "sec-fetch-site": "something-new" })).toBe("fetch-site");
  });

  it("lets Sec-Fetch-Site decide over Origin, which a proxy rewriting Host could make look foreign", () => {
    expect(refusal({ "sec-fetch-site": "cross-site", origin: `https://${OWN}` })).toBe("fetch-site");
    expect(refusal({ "sec-fetch-site": "same-origin", origin: "https://keys.internal" })).toBeNull();
  });

  it("without Sec-Fetch-Site, accepts an Origin naming the host the request was sent to", () => {
    expect(refusal({ origin: `https://${OWN}` })).toBeNull();
    expect(refusal({ origin: `http://${OWN}` })).toBeNull();
    expect(refusal({ origin: "https://LATCHKEY.example.com" })).toBeNull();
    expect(crossSiteRefusal("POST", new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBeNull();
  });

  it("refuses a foreign, opaque or malformed Origin", () => {
    expect(refusal({ origin: "https://evil.example" })).toBe("foreign-origin");
    expect(refusal({ origin: `https://${OWN}.evil.example` })).toBe("foreign-origin");
    expect(refusal({ origin: `https://${OWN}:8443` })).toBe("foreign-origin");
    expect(refusal({ origin: "null" })).toBe("foreign-origin");
    expect(refusal({ origin: "not a url" })).toBe("foreign-origin");
    expect(refusal({ origin: `file://${OWN}` })).toBe("foreign-origin");
  });

  it("behind a proxy, accepts the host it forwarded or PUBLIC_URL's origin", () => {
    const behindProxy = { host: "127.0.0.1:3000" };
    expect(refusal({ ...behindProxy, "x-forwarded-host": OWN, origin: `https://${OWN}` })).toBeNull();
    expect(refusal({ ...behindProxy, "x-forwarded-host": `${OWN}, inner.proxy`, origin: `https://${OWN}` })).toBeNull();
    expect(refusal({ ...behindProxy, origin: `https://${OWN}` })).toBe("foreign-origin");
    expect(refusal({ ...behindProxy, origin: `https://${OWN}` }, { publicUrl: `https://${OWN}/` })).toBeNull();
    // PUBLIC_URL is matched as a whole origin, scheme included.
    expect(refusal({ ...behindProxy, origin: `http://${OWN}` }, { publicUrl: `https://${OWN}` })).toBe("foreign-origin");
  });
});
