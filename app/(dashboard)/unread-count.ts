import "server-only";
import { cache } from "react";
import { getDb } from "@/db";
import { countUnread } from "@/db/queries/notifications";

// The header (the layout) and the notifications page both show the count: one query per request, shared.
export const unreadCount = cache(async (userId: string, accountId: string) => countUnread(await getDb(), userId, accountId));
