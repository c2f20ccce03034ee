import { describe, expect, it } from "vitest";
import { clientResponseHeaders, upstreamRequestHeaders } from "./headers";

describe("upstreamRequestHeaders", () => {
  it("drops hop-by-hop, credentials, Latchkey's own headers and cookies, and says who called", () => {
    const incoming = new Headers({
      authorization: "Bearer lk_live_x",
      "x-api-key": "lk_live_x",
      connection: "keep-alive, X-Secret-Hop",
      "x-secret-hop": "1",
      "keep-alive": "timeout=5",
      te: "trailers",
      "transfer-encoding": "chunked",
      upgrade: "websocket",
      "proxy-authorization": "Basic x",
      "x-latchkey-key-id": "spoofed",
      "X-Latchkey-Signature": "v1=spoofed",
      "x-latchkey-socket-ip": "1.2.3.4",
      // Read as X-Latchkey-Key-Id, X-Forwarded-For and X-Real-IP by CGI, WSGI and Rack upstreams.
      x_latchkey_key_id: "spoofed",
      x_forwarded_for: "6.6.6.6",
      X_Real_IP: "6.6.6.6",
      "x-middleware-subrequest": "middleware",
      "x-forwarded-for": "6.6.6.6",
      forwarded: "for=6.6.6.6",
      cookie: "authjs.session-token=s; theme=dark; __Secure-authjs.csrf-token=c; cart=3",
      "content-type": "application/json",
      "content-length": "12",
      accept: "*/*",
    });
    expect(upstreamRequestHeaders(incoming, { clientIp: "203.0.113.9", proto: "https", host: "api.example.com" })).toEqual({
      "content-type": "application/json",
      "content-length": "12",
      accept: "*/*",
      cookie: "theme=dark; cart=3",
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "api.example.com",
    });
  });
});

describe("clientResponseHeaders", () => {
  it("drops hop-by-hop headers and Latchkey's cookies, keeps the rest", () => {
    const headers = clientResponseHeaders({
      "content-type": "text/plain",
      connection: "close, x-hop",
      "x-hop": "1",
      "transfer-encoding": "chunked",
      "set-cookie": ["authjs.session-token=evil; Path=/", "upstream=1; Path=/"],
      vary: "accept",
    });
    expect([...headers]).toEqual([
      ["content-type", "text/plain"],
      ["set-cookie", "upstream=1; Path=/"],
      ["vary", "accept"],
    ]);
  });
});
