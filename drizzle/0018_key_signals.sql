CREATE TABLE "key_origins" (
	"key_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "key_origins_key_id_kind_value_pk" PRIMARY KEY("key_id","kind","value")
);
--> statement-breakpoint
CREATE TABLE "key_signal_counts" (
	"key_id" uuid NOT NULL,
	"signal" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "key_signal_counts_key_id_signal_window_start_pk" PRIMARY KEY("key_id","signal","window_start")
);
--> statement-breakpoint
DROP INDEX "mail_outbox_created_idx";--> statement-breakpoint
ALTER TABLE "mail_outbox" ALTER COLUMN "created_at" SET DEFAULT date_trunc('milliseconds', now());--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "usage_hour" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "usage_hour_calls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "usage_hour_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_origins" ADD CONSTRAINT "key_origins_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_signal_counts" ADD CONSTRAINT "key_signal_counts_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "key_origins_last_seen_idx" ON "key_origins" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "key_signal_counts_window_idx" ON "key_signal_counts" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "mail_outbox_created_id_idx" ON "mail_outbox" USING btree ("created_at","id");--> statement-breakpoint
-- Hand-written: mails kept before created_at was kept to the millisecond (the outbox's cursor carries milliseconds).
UPDATE "mail_outbox" SET "created_at" = date_trunc('milliseconds', "created_at") WHERE "created_at" <> date_trunc('milliseconds', "created_at");
