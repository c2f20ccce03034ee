import { describe, expect, it } from "vitest";
import { throttledLog } from "./log-throttle";

describe("throttledLog", () => {
  it("writes the first line, then one per interval saying how many it held back", () => {
    let clock = 0;
    const written: [string, number][] = [];
    const log = throttledLog<string>((item, heldBack) => written.push([item, heldBack]), {
      intervalMs: 1_000,
      now: () => clock,
    });
    log("a");
    clock = 300;
    log("b");
    clock = 900;
    log("c");
    clock = 1_000;
    log("d");
    clock = 1_500;
    log("e");
    clock = 5_000;
    log("f");
    expect(written).toEqual([
      ["a", 0],
      ["d", 2],
      ["f", 1],
    ]);
  });
});
