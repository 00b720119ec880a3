import { eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { users } from "../../db/schema";
import type { Locale } from "../i18n";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";

export interface NotificationSettings {
  /** Messages also go out by e-mail; when off they only reach the inbox. */
  emailNotifications: boolean;
  /** The language the platform writes to the person in. */
  locale: Locale;
}

export function notificationSettings(db: Db, userId: number): NotificationSettings {
  const row = db.select({ emailNotifications: users.emailNotifications, locale: users.locale }).from(users).where(eq(users.id, userId)).get();
  return row ?? { emailNotifications: true, locale: "zh-CN" };
}

/** Saves the person's own settings; a change is audited, saving them unchanged writes nothing. */
export function saveNotificationSettings(db: Db, actor: Actor, input: Partial<NotificationSettings>, requestId: string | null = null): void {
  writeTx(db, (tx) => {
    const before = tx.select({ emailNotifications: users.emailNotifications, locale: users.locale }).from(users).where(eq(users.id, actor.id)).get();
    if (!before) return;
    const after = { emailNotifications: input.emailNotifications ?? before.emailNotifications, locale: input.locale ?? before.locale };
    if (after.emailNotifications === before.emailNotifications && after.locale === before.locale) return;
    tx.update(users)
      .set({ ...after, updatedAt: new Date().toISOString() })
      .where(eq(users.id, actor.id))
      .run();
    writeAudit(tx, { actor, action: "notification_settings", entity: "user", entityId: actor.id, before, after, requestId });
  });
}
