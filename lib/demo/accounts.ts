// The demo sign-ins seeded on the embedded database. Printed at start-up; never seeded into a real
// database unless SEED_DEMO=1 asks for it.
export const DEMO_ACCOUNTS = [
  {
    email: "admin@latchkey.local",
    password: "latchkey-admin-demo",
    name: "Ada Admin",
    role: "admin" as const,
    plan: "advanced" as const,
  },
  {
    email: "alice@example.com",
    password: "latchkey-alice-demo",
    name: "Alice Client",
    role: "client" as const,
    plan: "advanced" as const,
  },
  {
    email: "bob@example.com",
    password: "latchkey-bob-demo",
    name: "Bob Client",
    role: "client" as const,
    plan: "basic" as const,
  },
];
