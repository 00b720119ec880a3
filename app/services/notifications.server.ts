import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { notifications, users, type NotificationKind } from "../../db/schema";
import { mailOrigin, notificationEmail } from "./notification-text.server";
import { getEnv } from "./env.server";
import { prepared } from "./prepared.server";

export interface NotifyInput {
  userId: number;
  kind: NotificationKind;
  params: Record<string, string | number>;
  link?: string | null;
  /** Set for events that may fire again (sweeps): the same key notifies a user once. */
  dedupeKey?: string | null;
}

/** Queues a message in the recipient's inbox, inside the caller's transaction. */
export function notify(tx: Tx, n: NotifyInput): void {
  tx.insert(notifications)
    .values({ userId: n.userId, kind: n.kind, params: n.params, link: n.link ?? null, dedupeKey: n.dedupeKey ?? null })
    .onConflictDoNothing()
    .run();
}

/** The header's badge, on every page a member sees: prepared once per connection. */
export function unreadCount(db: Db, userId: number): number {
  return (
    prepared(db, "unread-count", () =>
      db
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt)))
        .prepare(),
    ).get({ userId })?.n ?? 0
  );
}

export function listInbox(db: Db, userId: number, limit = 100) {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.id)).limit(limit).all();
}

export function markAllRead(db: Db, userId: number): void {
  writeTx(db, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: new Date().toISOString() })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .run(),
  );
}

/** Reads one message: marks it read and returns its link, or null when it is not the user's. */
export function openNotification(db: Db, userId: number, id: number): string | null {
  return writeTx(db, (tx) => {
    const row = tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
      .get();
    if (!row) return null;
    if (!row.readAt) tx.update(notifications).set({ readAt: new Date().toISOString() }).where(eq(notifications.id, id)).run();
    return row.link ?? "/inbox";
  });
}

export { localiseParams, renderNotification } from "./notification-text.server";

export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
}

/** SMTP when SMTP_URL is set; otherwise each message is written to the log instead. */
export function createMailer(smtpUrl: string | undefined = getEnv().SMTP_URL): Mailer {
  if (!smtpUrl) {
    return {
      async send(to, subject) {
        console.log(JSON.stringify({ level: "info", event: "email_logged", to, subject }));
      },
    };
  }
  // A send must end well within the delivery lease: a stalled server is given up on, and the
  // message is tried again on a later pass.
  // The library is loaded with the first message, not when a worker starts.
  let transport: Promise<Transporter> | undefined;
  const open = async () => {
    const { default: nodemailer } = await import("nodemailer");
    return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  };
  return {
    async send(to, subject, text) {
      transport ??= open().catch((err: unknown) => {
        transport = undefined;
        throw err;
      });
      await (await transport).sendMail({ from: process.env.SMTP_FROM ?? "noreply@lvliang-market.local", to, subject, text });
    },
  };
}

export interface DeliveryOptions {
  limit?: number;
  /**
   * Asked before each message: the process still holds the delivery lease. Once it does not,
   * the pass stops, so a process paused past its lease does not send beside its successor.
   */
  stillMine?: () => boolean;
  /** Where the links in the e-mails point: the site's public origin. */
  origin?: string;
}

/**
 * Sends the e-mail copy of every message not yet mailed, in the recipient's language. A
 * message is marked mailed only after its send succeeded, so a failed send is tried again on
 * the next pass. A message to someone who turned e-mail off is settled without a send: it
 * stays in the inbox, and turning e-mail on again does not mail what came meanwhile.
 */
export async function deliverPendingEmail(
  db: Db,
  mailer: Mailer,
  { limit = 50, stillMine = () => true, origin = mailOrigin() }: DeliveryOptions = {},
): Promise<number> {
  writeTx(db, (tx) =>
    tx
      .update(notifications)
      .set({ emailedAt: new Date().toISOString() })
      .where(
        and(isNull(notifications.emailedAt), inArray(notifications.userId, tx.select({ id: users.id }).from(users).where(eq(users.emailNotifications, false)))),
      )
      .run(),
  );
  const pending = db
    .select({ n: notifications, email: users.email, name: users.name, locale: users.locale })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(isNull(notifications.emailedAt), eq(users.emailNotifications, true), isNull(users.disabledAt)))
    .orderBy(notifications.id)
    .limit(limit)
    .all();
  let sent = 0;
  for (const { n, email, name, locale } of pending) {
    if (!stillMine()) break;
    const mail = notificationEmail(locale, { name, kind: n.kind, params: n.params, link: n.link }, origin);
    try {
      await mailer.send(email, mail.subject, mail.text);
    } catch (err) {
      console.warn(JSON.stringify({ level: "warn", event: "email_failed", notification: n.id, message: String(err) }));
      continue;
    }
    writeTx(db, (tx) => tx.update(notifications).set({ emailedAt: new Date().toISOString() }).where(eq(notifications.id, n.id)).run());
    sent++;
  }
  return sent;
}
