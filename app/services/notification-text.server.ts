// What a notification says, in the inbox and by e-mail, in one language. Codes travel in a
// message's parameters as message keys and are put into words only when the message is read.

import type { NotificationKind } from "../../db/schema";
import { translate, type Locale } from "../i18n";
import { localiseNotificationParams } from "../i18n/notifications";
import { getEnv } from "./env.server";

type Params = Record<string, string | number>;

/**
 * A message's parameters in one language. A parameter named `<name>Key` holds a message key
 * (a stage, an answer code, a kind of listing) and fills `{<name>}` with its text in the
 * reader's language, so a code is never shown raw and the inbox follows the language chosen
 * (the rule itself is the inbox's: localiseNotificationParams).
 */
export function localiseParams(locale: Locale, params: Params): Params {
  return localiseNotificationParams((key, p) => translate(locale, key, p), params);
}

export function renderNotification(locale: Locale, n: { kind: NotificationKind; params: Params }): string {
  return translate(locale, `notify.${n.kind}`, localiseParams(locale, n.params));
}

/** The origin e-mail links point at: PUBLIC_ORIGIN, or this server's own address when it is not set. */
export function mailOrigin(): string {
  const env = getEnv();
  return env.PUBLIC_ORIGIN?.replace(/\/$/, "") ?? `http://localhost:${env.PORT}`;
}

export interface Email {
  subject: string;
  text: string;
}

function subjectLine(locale: Locale, subject: string): string {
  return `${translate(locale, "app.name")} · ${subject}`;
}

/** The e-mail copy of a notification: its own subject, a greeting, the message, an absolute link, how to stop such mail. */
export function notificationEmail(locale: Locale, n: { name: string; kind: NotificationKind; params: Params; link: string | null }, origin: string): Email {
  const params = localiseParams(locale, n.params);
  const key = `email.subject.${n.kind}`;
  const own = translate(locale, key, params);
  const subject = own === key ? translate(locale, "email.subject.default") : own;
  const text = [
    translate(locale, "email.greeting", { name: n.name }),
    "",
    translate(locale, `notify.${n.kind}`, params),
    "",
    translate(locale, "email.open", { url: `${origin}${n.link ?? "/inbox"}` }),
    "",
    "--",
    translate(locale, "email.settings", { url: `${origin}/account` }),
    translate(locale, "email.footer"),
  ].join("\n");
  return { subject: subjectLine(locale, subject), text };
}

/** The letter carrying a password-reset link. */
export function passwordResetEmail(locale: Locale, name: string, url: string): Email {
  const text = [
    translate(locale, "email.greeting", { name }),
    "",
    translate(locale, "email.reset.body", { url }),
    "",
    "--",
    translate(locale, "email.footer"),
  ].join("\n");
  return { subject: subjectLine(locale, translate(locale, "email.reset.subject")), text };
}
