import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { writeTx } from "../../db/connection";
import { notifications } from "../../db/schema";
import {
  deliverPendingEmail,
  listInbox,
  markAllRead,
  notify,
  openNotification,
  renderNotification,
  unreadCount,
  type Mailer,
} from "../../app/services/notifications.server";
import { makeOrg, makeUser, useAppDb } from "../helpers/app";

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  ({ db, cleanup } = useAppDb());
});
afterEach(() => cleanup());

describe("notifications", () => {
  it("keeps an inbox with an unread count, opens only the owner's messages and notifies a repeated event once", async () => {
    const org = makeOrg(db, "enterprise");
    const a = await makeUser(db, "enterprise", org.id);
    const b = await makeUser(db, "enterprise", org.id);
    writeTx(db, (tx) => {
      notify(tx, { userId: a.user.id, kind: "need_claimed", params: { broker: "张经纪", title: "焦炉煤气制氢" }, link: "/needs/1" });
      notify(tx, {
        userId: a.user.id,
        kind: "listing_stale_soon",
        params: { title: "焦炉煤气制氢", days: 7 },
        link: "/me/listings",
        dedupeKey: "stale:need:1:2026-11",
      });
      notify(tx, {
        userId: a.user.id,
        kind: "listing_stale_soon",
        params: { title: "焦炉煤气制氢", days: 6 },
        link: "/me/listings",
        dedupeKey: "stale:need:1:2026-11",
      });
    });
    expect(unreadCount(db, a.user.id)).toBe(2);
    const [latest, first] = listInbox(db, a.user.id);
    expect(renderNotification("zh-CN", first!)).toBe("技术经纪人 张经纪 认领了您的需求“焦炉煤气制氢”");
    expect(renderNotification("en", first!)).toBe("Broker 张经纪 has taken up your need “焦炉煤气制氢”");
    expect(openNotification(db, b.user.id, first!.id)).toBeNull();
    expect(openNotification(db, a.user.id, first!.id)).toBe("/needs/1");
    expect(unreadCount(db, a.user.id)).toBe(1);
    markAllRead(db, a.user.id);
    expect(unreadCount(db, a.user.id)).toBe(0);
    expect(latest!.kind).toBe("listing_stale_soon");
  });

  it("mails each message once, and tries again after a failed send", async () => {
    const org = makeOrg(db, "enterprise");
    const a = await makeUser(db, "enterprise", org.id);
    writeTx(db, (tx) => notify(tx, { userId: a.user.id, kind: "contract_registered", params: { title: "制氢合同", number: "2026141100000123" } }));
    const sent: string[] = [];
    let fail = true;
    const mailer: Mailer = {
      async send(to, subject, text) {
        if (fail) throw new Error("connection refused");
        sent.push(`${to}|${subject}|${text}`);
      },
    };
    expect(await deliverPendingEmail(db, mailer)).toBe(0);
    expect(db.select().from(notifications).get()!.emailedAt).toBeNull();
    fail = false;
    expect(await deliverPendingEmail(db, mailer)).toBe(1);
    expect(await deliverPendingEmail(db, mailer)).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(a.user.email);
    expect(sent[0]).toContain("2026141100000123");
  });
});
