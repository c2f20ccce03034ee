ALTER TABLE "mail_outbox" ADD COLUMN "lease_id" uuid;--> statement-breakpoint
CREATE INDEX "api_key_secrets_ending_idx" ON "api_key_secrets" USING btree ("expires_at") WHERE "api_key_secrets"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "api_keys_expiring_idx" ON "api_keys" USING btree ("expires_at") WHERE "api_keys"."revoked_at" is null and "api_keys"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id","account_id") WHERE "notifications"."read_at" is null;