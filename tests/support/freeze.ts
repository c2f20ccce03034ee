import postgres from "postgres";

/** Holds an exclusive lock on `table` from a session of its own until the answer's release() is called. */
export async function freeze(table: string) {
  const session = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
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
