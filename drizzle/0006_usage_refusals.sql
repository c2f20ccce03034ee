ALTER TABLE "usage_events" ADD COLUMN "refused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "refused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" DROP CONSTRAINT "usage_rollups_key_id_day_route_status_pk";--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_key_id_day_route_status_refused_pk" PRIMARY KEY("key_id","day","route","status","refused");--> statement-breakpoint
-- Usage recorded before this migration: 401 and 429 only ever came from the gate, so they are marked refused. A 403
-- may have been the gate (scope, allowlist) or the owner's plan and is left as it was counted.
UPDATE "usage_events" SET "refused" = true WHERE "status" IN (401, 429);--> statement-breakpoint
UPDATE "usage_rollups" SET "refused" = true WHERE "status" IN (401, 429);
