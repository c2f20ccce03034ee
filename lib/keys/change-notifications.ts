import "server-only";
import { databaseHandle, getDb, type Transaction } from "@/db";
import { KEY_CHANGES_CHANNEL, type KeyChange, notifyKeyChange } from "@/db/queries/key-changes";
import { clearKeyCache, evictKeys } from "@/lib/keys/cache";

/**
 * Runs a change to keys (or to all of an account's keys) in a transaction that also tells every instance: the NOTIFY
 * is delivered only if it commits. This instance drops the keys from its own cache as soon as the transaction ends,
 * committed or not, so that it never serves a record older than the change.
 */
export async function changingKeys<T>(change: KeyChange, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db
    .transaction(async (tx) => {
      const result = await work(tx);
      await notifyKeyChange(tx, change);
      return result;
    })
    .finally(() => evictKeys(idsOf(change)));
}

/**
 * As changingKeys, for a change that reaches the keys of several accounts not known before it runs (deleting a person
 * closes every account they own alone): `changed(accountId)` names each, and every instance drops their keys when the
 * transaction commits.
 */
export async function changingKeysOfAccounts<T>(
  work: (tx: Transaction, changed: (accountId: string) => void) => Promise<T>,
): Promise<T> {
  const db = await getDb();
  const accountIds: string[] = [];
  return db
    .transaction(async (tx) => {
      const result = await work(tx, (accountId) => accountIds.push(accountId));
      for (const accountId of accountIds) await notifyKeyChange(tx, { accountId });
      return result;
    })
    .finally(() => evictKeys({ keyIds: [], accountIds }));
}

/** Evicts cached key records when any instance commits a change to them. Started once per process. */
export async function listenForKeyChanges(): Promise<void> {
  const handle = await databaseHandle();
  await handle.listen(
    KEY_CHANGES_CHANNEL,
    (payload) => {
      try {
        evictKeys(idsOf(JSON.parse(payload) as KeyChange));
      } catch {
        // A payload we cannot read might have been about any key: forget them all.
        clearKeyCache();
      }
    },
    // (Re)subscribed: whatever was sent while the subscription was down is lost, so nothing cached can be trusted.
    clearKeyCache,
  );
}

function idsOf(change: KeyChange) {
  return { keyIds: change.keyId ? [change.keyId] : [], accountIds: change.accountId ? [change.accountId] : [] };
}
