import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newEventId } from "@/lib/usage/event-id";
import { atBoundsOfEventIds, EVENT_ID_SLACK_MS, eventIdTime } from "./event-id-time";

describe("eventIdTime", () => {
  it("reads back the millisecond an event id was made from, which is the event's `at`", () => {
    for (const at of [0, 1, Date.parse("2026-12-02T23:59:59.999Z"), 2 ** 48 - 1]) {
      expect(eventIdTime(newEventId(at))?.getTime()).toBe(at);
    }
    expect(eventIdTime(newEventId(1_800_000_000_123).toUpperCase())?.getTime()).toBe(1_800_000_000_123);
  });

  it("has no time for a UUID of another version", () => {
    expect(eventIdTime(randomUUID())).toBeNull();
    expect(eventIdTime("not a uuid")).toBeNull();
  });
});

describe("atBoundsOfEventIds", () => {
  it("spans the ids' times with the slack on either side", () => {
    const first = Date.parse("2026-12-01T10:00:00Z");
    const last = Date.parse("2026-12-02T09:00:00Z");
    expect(atBoundsOfEventIds([newEventId(last), newEventId(first)])).toEqual({
      from: new Date(first - EVENT_ID_SLACK_MS),
      to: new Date(last + EVENT_ID_SLACK_MS),
    });
  });

  it("bounds nothing when one id is not a UUIDv7, or there is none", () => {
    expect(atBoundsOfEventIds([newEventId(), randomUUID()])).toBeNull();
    expect(atBoundsOfEventIds([])).toBeNull();
  });
});
