import postgres from "postgres";
import { testDatabaseUrl } from "./own-database";

/**
 * Holds an exclusive lock on `table` from a session of its own until the answer's release() is called. Call it from a
 * file with a database of its own (setUpOwnDatabase): a lock on the shared database's table stalls every other file.
 */
export async function freeze(table: string) {
  const session = postgres(testDatabaseUrl()!, { max: 1, onnotice: () => {} });
  const reserved = await session.reserve();
  await reserved`begin`;
  await reserved.unsafe(`lock table ${table} in access exclusive mode`);
  return {
    async release() {
      await reserved`rollback`;
      reserved.release();
      await session.end();
    },
  };
}
