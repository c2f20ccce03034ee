import "server-only";
import ipaddr from "ipaddr.js";
import { demoReceiverUrl } from "@/lib/demo/demo-urls";
import { env, usesEmbeddedDatabase } from "@/lib/infra/env";
import { type AllowedNetworks, allowedPrivateNetworks } from "@/lib/infra/outbound-address";

// Which non-public addresses a delivery to this URL may reach. An endpoint's URL is any client's choice and its
// delivery log shows the reply, so a default that opened loopback would let every client call (and read) the local
// services of the machine. With WEBHOOK_ALLOW_PRIVATE_TARGETS unset nothing private is reached, except the demo
// platform's receiver in this very server, and only while the demo runs and only at exactly its URL.

const DEMO_RECEIVER_NETWORK: AllowedNetworks = [ipaddr.parseCIDR("127.0.0.1/32")];

function demoRuns(): boolean {
  // As the startup decides whether to seed the demo (lib/ops/startup.ts).
  return env().SEED_DEMO ?? usesEmbeddedDatabase();
}

export function networksAllowedFor(url: string): AllowedNetworks {
  if (env().WEBHOOK_ALLOW_PRIVATE_TARGETS !== undefined) return allowedPrivateNetworks("webhooks");
  return demoRuns() && url === demoReceiverUrl() ? DEMO_RECEIVER_NETWORK : [];
}
