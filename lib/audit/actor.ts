/** Who is acting, and from where: every audited change carries this. */
export interface Actor {
  userId: string | null;
  keyId: string | null;
  role: "client" | "admin";
  ip: string | null;
  userAgent: string | null;
}
