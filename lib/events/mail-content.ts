import type { EventRow } from "@/db/schema";
import { formatDateTime, printable } from "@/lib/format";
import { isEventType } from "./catalogue";
import { isAlwaysDelivered } from "./channels";
import { describeEvent } from "./describe";

/**
 * The mail telling one person of one event: plain text, the same words as the inbox, links to the key and to the
 * choices that would stop it. `publicUrl` (PUBLIC_URL) makes the links whole; without it they are paths.
 */
export function eventMail(
  event: Pick<EventRow, "type" | "data" | "keyId" | "occurredAt">,
  recipient: { email: string; accountName: string },
  publicUrl: string | undefined,
) {
  // A key's name may hold a line break or another control character: none reaches a header or breaks a line.
  const { title, detail } = describeEvent(event.type, event.data);
  const link = (path: string) => `${publicUrl?.replace(/\/$/, "") ?? ""}${path}`;
  const keyName = (event.data.key as { name?: unknown } | undefined)?.name;
  const lines = [
    printable(detail || title),
    "",
    `Account: ${printable(recipient.accountName)}`,
    `When: ${formatDateTime(event.occurredAt)}`,
    ...(event.keyId ? [`Key: ${link(`/keys/${event.keyId}`)}`] : []),
    "",
    isEventType(event.type) && isAlwaysDelivered(event.type)
      ? `Every member of ${printable(recipient.accountName)} gets this notice on every channel, whatever they chose.`
      : `You get this as a member of ${printable(recipient.accountName)}. Choose what reaches you, and how: ${link("/notifications/settings")}`,
  ];
  return {
    toAddress: recipient.email,
    subject: printable(`[Latchkey] ${title}${typeof keyName === "string" ? `: ${keyName}` : ""}`),
    textBody: lines.join("\n"),
  };
}
