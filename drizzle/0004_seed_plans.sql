-- The plans a client can be on. "*" in allowed_scopes means every scope in the catalogue (admin-only scopes stay
-- admin-only). Admins change a client's plan; these rows say what each plan permits.
INSERT INTO "plans" ("name", "description", "max_active_keys", "max_requests_per_minute", "allowed_scopes") VALUES
  ('none', 'No API access. Ask an administrator to choose a plan.', 0, 0, '{}'),
  ('basic', 'Up to 5 active keys, 600 requests a minute each, read and key-management scopes.', 5, 600,
    '{keys:read,keys:write,usage:read,payments:read,customers:read}'),
  ('advanced', 'Up to 50 active keys, 10,000 requests a minute each, every scope.', 50, 10000, '{*}')
ON CONFLICT ("name") DO NOTHING;
