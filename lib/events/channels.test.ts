import { describe, expect, it } from "vitest";
import { EVENT_TYPE_NAMES } from "./catalogue";
import { ALWAYS_DELIVERED, channelChoices, defaultChannels } from "./channels";

describe("channelChoices", () => {
  it("keeps a person's choices and the defaults elsewhere", () => {
    const choices = channelChoices([{ eventType: "key.created", inApp: false, email: true }]);
    expect(choices["key.created"]).toEqual({ inApp: false, email: true });
    expect(choices["key.revoked"]).toEqual(defaultChannels("key.revoked"));
  });

  it("delivers a leaked key on every channel whatever was chosen", () => {
    expect([...ALWAYS_DELIVERED]).toEqual(["key.leaked"]);
    const everythingOff = EVENT_TYPE_NAMES.map((eventType) => ({ eventType, inApp: false, email: false }));
    const choices = channelChoices(everythingOff);
    expect(choices["key.leaked"]).toEqual({ inApp: true, email: true });
    expect(choices["key.expired"]).toEqual({ inApp: false, email: false });
  });
});
