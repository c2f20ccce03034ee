import "server-only";
import { and, desc, eq, gte, ilike, like, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { escapeLike } from "@/db/like";
import { getDb, type Database } from "@/db";
import { accounts, apiKeys, auditEvents, memberships, users, type AuditChanges } from "@/db/schema";
import { type AuditFilters, DENIED_ACTIONS } from "@/db/audit-filters";

/**
 * Whose trail: one client's (their id is always part of the WHERE clause) or, for admins, everyone's. A required
 * argument rather than an optional owner id, so that leaving the owner out can never quietly list everyone.
 */
export type AuditScope = { accountId: string } | "everyone";

export interface AuditListRow {
  id: number;
  at: Date;
  action: string;
  accountId: string | null;
  accountName: string | null;
  /** The email of the person whose personal account it is; null for an organisation. */
  ownerEmail: string | null;
  actorUserId: string | null;
  /** In an account's own trail, only its current members are named. */
  actorEmail: string | null;
  /** Whether the acting person is a platform admin: said of an unnamed actor, never who they are. */
  actorIsAdmin: boolean;
  actorKeyId: string | null;
  actorKeyName: string | null;
  actorKeyStart: string | null;
  keyId: string | null;
  keyName: string | null;
  ip: string | null;
  userAgent: string | null;
  changes: AuditChanges | null;
  hash: string | null;
  prevHash: string | null;
}

const actorUser = alias(users, "actor_user");
const actorKey = alias(apiKeys, "actor_key");
const targetKey = alias(apiKeys, "target_key");
// A personal account's id is its person's: joining users on the account id finds them, and nobody for an organisation.
const owner = alias(users, "owner_user");
const account = alias(accounts, "account");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const likeText = (text: string) => `%${escapeLike(text)}%`;

function conditions(scope: AuditScope, filters: AuditFilters): SQL[] {
  const where: SQL[] = [];
  if (scope !== "everyone") where.push(eq(auditEvents.accountId, scope.accountId));
  if (filters.key) {
    // Names are matched through the target key joined in selectRows: in a client's trail only their own keys are
    // joined, so another client's key cannot be found by its name.
    where.push(
      UUID.test(filters.key)
        ? eq(auditEvents.keyId, filters.key)
        : or(ilike(targetKey.name, likeText(filters.key)), ilike(targetKey.start, `${escapeLike(filters.key)}%`))!,
    );
  }
  if (filters.action === DENIED_ACTIONS) where.push(like(auditEvents.action, "%.denied"));
  else if (filters.action) where.push(eq(auditEvents.action, filters.action));
  // Days are UTC and inclusive: "to" runs to the start of the next day.
  if (filters.from) where.push(gte(auditEvents.at, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) where.push(lt(auditEvents.at, new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000)));
  if (filters.actor) {
    where.push(
      UUID.test(filters.actor)
        ? or(eq(auditEvents.actorUserId, filters.actor), eq(auditEvents.actorKeyId, filters.actor))!
        : or(
            ilike(actorUser.email, likeText(filters.actor)),
            ilike(actorKey.name, likeText(filters.actor)),
            ilike(actorKey.start, likeText(filters.actor)),
          )!,
    );
  }
  if (filters.account && scope === "everyone") {
    where.push(
      UUID.test(filters.account)
        ? eq(auditEvents.accountId, filters.account)
        : sql`(lower(${owner.email}) = lower(${filters.account}) or lower(${account.name}) = lower(${filters.account}))`,
    );
  }
  return where;
}

function selectRows(db: Database, scope: AuditScope, where: SQL[]) {
  // In a client's trail, names are shown only for their own keys and their own people: a refused attempt on
  // another client's key id must not reveal that key's name, and an admin acting on their behalf, a former member
  // or someone who tried an invitation meant for another stays unnamed.
  const sameAccount = (accountColumn: typeof actorKey.accountId | typeof targetKey.accountId) =>
    scope === "everyone" ? sql`true` : eq(accountColumn, scope.accountId);
  const namedActor =
    scope === "everyone"
      ? sql`true`
      : sql`exists (select 1 from ${memberships} m where m.account_id = ${scope.accountId} and m.user_id = ${actorUser.id})`;
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      accountId: auditEvents.accountId,
      accountName: account.name,
      ownerEmail: owner.email,
      actorUserId: auditEvents.actorUserId,
      actorEmail: actorUser.email,
      actorIsAdmin: sql<boolean>`exists (select 1 from ${users} u where u.id = ${auditEvents.actorUserId} and u.role = 'admin')`,
      actorKeyId: auditEvents.actorKeyId,
      actorKeyName: actorKey.name,
      actorKeyStart: actorKey.start,
      keyId: auditEvents.keyId,
      keyName: targetKey.name,
      ip: auditEvents.ip,
      userAgent: auditEvents.userAgent,
      changes: auditEvents.changes,
      hash: auditEvents.hash,
      prevHash: auditEvents.prevHash,
    })
    .from(auditEvents)
    .leftJoin(actorUser, and(eq(actorUser.id, auditEvents.actorUserId), namedActor))
    .leftJoin(actorKey, and(eq(actorKey.id, auditEvents.actorKeyId), sameAccount(actorKey.accountId)))
    .leftJoin(targetKey, and(eq(targetKey.id, auditEvents.keyId), sameAccount(targetKey.accountId)))
    .leftJoin(owner, eq(owner.id, auditEvents.accountId))
    .leftJoin(account, eq(account.id, auditEvents.accountId))
    .where(and(...where));
}

/** One page of the trail, newest first; `hasMore` says whether another page follows. */
export async function listAuditEvents({
  scope,
  filters,
  page,
  pageSize,
}: {
  scope: AuditScope;
  filters: AuditFilters;
  page: number;
  pageSize: number;
}): Promise<{ rows: AuditListRow[]; hasMore: boolean }> {
  const db = await getDb();
  const rows = (await selectRows(db, scope, conditions(scope, filters))
    .orderBy(desc(auditEvents.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)) as AuditListRow[];
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

/**
 * Every matching row, newest first, a page at a time (keyset on id, so each page costs the same however deep):
 * the export streams these without holding the whole trail in memory.
 */
export async function* eachAuditEvent({
  scope,
  filters,
  pageSize = 500,
}: {
  scope: AuditScope;
  filters: AuditFilters;
  pageSize?: number;
}): AsyncGenerator<AuditListRow> {
  const db = await getDb();
  let before: number | null = null;
  for (;;) {
    const where = conditions(scope, filters);
    if (before !== null) where.push(lt(auditEvents.id, before));
    const rows = (await selectRows(db, scope, where).orderBy(desc(auditEvents.id)).limit(pageSize)) as AuditListRow[];
    yield* rows;
    if (rows.length < pageSize) return;
    before = rows[rows.length - 1].id;
  }
}

/** The actions that occur in a trail, for the filter's choices. */
export async function auditActionsIn(scope: AuditScope): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(scope === "everyone" ? undefined : eq(auditEvents.accountId, scope.accountId))
    .orderBy(auditEvents.action);
  return rows.map((row) => row.action);
}
