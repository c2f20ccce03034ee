// Where the demo platform receives Latchkey's webhooks: this very server (app/demo-upstream/), on loopback. No imports,
// so that lib/webhooks (which the demo seed itself uses) can name the one loopback URL it may reach by default.

export function demoReceiverUrl(port = process.env.PORT || "3000"): string {
  return `http://127.0.0.1:${port}/demo-upstream/webhooks`;
}
