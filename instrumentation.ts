export async function register() {
  // The build imports this file too; only a running server should touch the database.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { prepareDatabase } = await import("@/lib/ops/startup");
  await prepareDatabase();
}
