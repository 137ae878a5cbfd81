import type { Kysely } from "kysely";
import type { DB, StaffRole } from "../schema.ts";

export interface StaffUser {
  id: string;
  email: string;
  role: StaffRole;
}

export interface StaffCredentials extends StaffUser {
  passwordHash: string;
}

export async function hasOwner(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom("staff_users")
    .select("id")
    .where("role", "=", "owner")
    .executeTakeFirst();
  return row !== undefined;
}

/** Creates the one owner; null when an owner exists already (a concurrent setup lost). */
export async function createOwner(
  db: Kysely<DB>,
  email: string,
  passwordHash: string,
): Promise<StaffUser | null> {
  const row = await db
    .insertInto("staff_users")
    .values({ email, password_hash: passwordHash, role: "owner" })
    .onConflict((conflict) => conflict.doNothing())
    .returning(["id", "email", "role"])
    .executeTakeFirst();
  return row ?? null;
}

export async function findStaffByEmail(
  db: Kysely<DB>,
  email: string,
): Promise<StaffCredentials | null> {
  const row = await db
    .selectFrom("staff_users")
    .select(["id", "email", "role", "password_hash"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .executeTakeFirst();
  return row
    ? { id: row.id, email: row.email, role: row.role, passwordHash: row.password_hash }
    : null;
}
