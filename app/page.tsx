import { redirect } from "next/navigation";
import { currentUser } from "@/lib/http/session";

export default async function Home() {
  redirect((await currentUser()) ? "/keys" : "/sign-in");
}
