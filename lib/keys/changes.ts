import "server-only";
import { databaseHandle } from "@/db";
import { KEY_CHANGES_CHANNEL, type KeyChange } from "@/db/queries/key-changes";
import { clearKeyCache, evictKeys } from "@/lib/keys/cache";

/** Evicts cached key records when any instance commits a change to them. Started once per process. */
export async function listenForKeyChanges(): Promise<void> {
  const handle = await databaseHandle();
  await handle.listen(
    KEY_CHANGES_CHANNEL,
    (payload) => {
      try {
        const change = JSON.parse(payload) as KeyChange;
        evictKeys({ keyIds: change.keyId ? [change.keyId] : [], ownerIds: change.ownerId ? [change.ownerId] : [] });
      } catch {
        // A payload we cannot read might have been about any key: forget them all.
        clearKeyCache();
      }
    },
    // (Re)subscribed: whatever was sent while the subscription was down is lost, so nothing cached can be trusted.
    clearKeyCache,
  );
}
