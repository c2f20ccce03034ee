CREATE TABLE "events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"key_id" uuid,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb NOT NULL,
	"dedupe_key" text,
	"dispatched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "events_account_occurred_idx" ON "events" USING btree ("account_id","occurred_at");--> statement-breakpoint
CREATE INDEX "events_key_idx" ON "events" USING btree ("key_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_dedupe_key_idx" ON "events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "events_undispatched_idx" ON "events" USING btree ("occurred_at") WHERE "events"."dispatched_at" is null;