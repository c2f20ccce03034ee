import { redirect } from "next/navigation";
import { currentUser } from "@/lib/http/session";

// Where signing in lands without a page asked for: admins on the platform's overview (their own keys are rarely
// what they came for), everyone else on their keys.
export default async function Home() {
  const user = await currentUser();
  redirect(!user ? "/sign-in" : user.role === "admin" ? "/admin" : "/keys");
}
