"use server";

import { revalidatePath } from "next/cache";
import { markInboxRead, saveChannelChoices } from "@/db/queries/notifications";
import { EVENT_TYPE_NAMES } from "@/lib/events/catalogue";
import { isAlwaysDelivered } from "@/lib/events/channels";
import { authedAction } from "@/lib/http/server-action";
import { channelChoicesSchema, markReadSchema } from "@/lib/validations/notifications";

// A person's own inbox and choices: the user and the account come from the session, never the form.

export const markReadAction = authedAction(
  markReadSchema,
  async ({ notificationId, shownAt }, { user, account }) => {
    await markInboxRead(
      { userId: user.id, accountId: account.id },
      notificationId ? { ids: [notificationId] } : { arrivedBy: shownAt },
    );
    revalidatePath("/", "layout");
    return { ok: true };
  },
  { account: "current" },
);

export const saveChannelChoicesAction = authedAction(
  channelChoicesSchema,
  async ({ inApp, email }, { user }) => {
    // Every type is saved as chosen, so that a later change of a default does not change what this person chose. A
    // type always delivered has no boxes to tick (they are disabled, so not sent): it is saved as delivered.
    await saveChannelChoices(
      user.id,
      EVENT_TYPE_NAMES.map((eventType) => {
        const forced = isAlwaysDelivered(eventType);
        return { eventType, inApp: forced || inApp.includes(eventType), email: forced || email.includes(eventType) };
      }),
    );
    revalidatePath("/notifications/settings");
    return { ok: true };
  },
  { arrays: ["inApp", "email"] },
);
