CREATE TABLE "usage_rollups" (
	"key_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"day" date NOT NULL,
	"route" text NOT NULL,
	"status" smallint NOT NULL,
	"requests" integer NOT NULL,
	"latency_sum_ms" bigint NOT NULL,
	"latency_buckets" integer[] NOT NULL,
	CONSTRAINT "usage_rollups_key_id_day_route_status_pk" PRIMARY KEY("key_id","day","route","status")
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"name" "user_plan" PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"max_active_keys" integer NOT NULL,
	"max_requests_per_minute" integer NOT NULL,
	"allowed_scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_sign_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_rollups_owner_day_idx" ON "usage_rollups" USING btree ("owner_id","day");--> statement-breakpoint
CREATE INDEX "usage_rollups_day_idx" ON "usage_rollups" USING btree ("day");--> statement-breakpoint
CREATE INDEX "usage_events_at_idx" ON "usage_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_user_id");