CREATE TYPE "public"."usage_quota_period" AS ENUM('day', 'month', 'total');--> statement-breakpoint
CREATE TABLE "usage_quota_counters" (
	"key_id" uuid NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"used" bigint NOT NULL,
	CONSTRAINT "usage_quota_counters_key_id_period_start_pk" PRIMARY KEY("key_id","period_start")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "usage_quota" integer;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "usage_quota_period" "usage_quota_period";--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "default_usage_quota" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "default_usage_quota_period" "usage_quota_period";--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "max_usage_quota_per_month" integer;--> statement-breakpoint
ALTER TABLE "usage_quota_counters" ADD CONSTRAINT "usage_quota_counters_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_usage_quota_check" CHECK (("api_keys"."usage_quota" is null) = ("api_keys"."usage_quota_period" is null) and ("api_keys"."usage_quota" is null or "api_keys"."usage_quota" > 0));--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_usage_quota_check" CHECK (("plans"."default_usage_quota" is null) = ("plans"."default_usage_quota_period" is null) and ("plans"."default_usage_quota" is null or "plans"."default_usage_quota" > 0) and ("plans"."max_usage_quota_per_month" is null or "plans"."max_usage_quota_per_month" > 0));