-- The built-in scope catalogue. The integrator API checks the keys:* and usage:* scopes itself;
-- the payments/customers/webhooks scopes are examples of the resource scopes a platform defines for its own API.
-- keys:verify lets a platform's own service check any tenant's key, so only an admin may grant it.
INSERT INTO "scopes" ("name", "description", "admin_only") VALUES
  ('keys:read', 'List and read your API keys', false),
  ('keys:write', 'Create, edit, roll and revoke your API keys', false),
  ('usage:read', 'Read the usage of your API keys', false),
  ('keys:verify', 'Verify any key on behalf of another service of the platform', true),
  ('payments:read', 'Read payments and refunds', false),
  ('payments:write', 'Create payments and refunds', false),
  ('customers:read', 'Read customer records', false),
  ('customers:write', 'Create and update customer records', false),
  ('webhooks:manage', 'Register and remove webhook endpoints', false)
ON CONFLICT ("name") DO NOTHING;
