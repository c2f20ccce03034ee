import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { generateKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { createLogger } from "@/lib/infra/logger";

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger(sink, "info"), output: () => lines.join("") };
}

describe("logger", () => {
  const { secret } = generateKey("lk", "live");

  it("redacts the fields that carry credentials", () => {
    const { log, output } = capture();
    log.info(
      {
        request: { headers: { authorization: `Bearer ${secret}`, "x-api-key": secret, cookie: "authjs.session-token=abc" } },
        user: { password: "hunter2hunter2", passwordHash: "scrypt$1" },
        secret,
      },
      "signed in",
    );
    const text = output();
    for (const leaked of [secret, "hunter2hunter2", "scrypt$1", "authjs.session-token=abc"]) expect(text).not.toContain(leaked);
    expect(JSON.parse(text)).toMatchObject({ msg: "signed in", secret: "[redacted]", service: "latchkey" });
  });

  it("scrubs a key that slipped into a message, a field of another name, or an error", () => {
    const { log, output } = capture();
    log.warn({ note: `caller sent ${secret}`, err: new Error(`bad key ${secret}`) }, `refused ${secret}`);
    const text = output();
    expect(text).not.toContain(secret);
    expect(text).toContain("[redacted key]");
    expect(JSON.parse(text).level).toBe(40);
  });

  it("scrubs a key's hash from a failed query's error, the way the database driver reports it", () => {
    const { log, output } = capture();
    const hash = hashKey(secret);
    const failed = new Error(`Failed query: select * from api_key_secrets where hash = $1\nparams: ${hash}`);
    log.error({ err: failed, detail: hash.toUpperCase() }, "database unavailable during an API request");
    const text = output();
    expect(text).not.toContain(hash);
    expect(text).not.toContain(hash.toUpperCase());
    expect(text).toContain("[redacted hash]");
  });
});
