import type { Locale } from "../i18n";
import { passwordResetEmail } from "./notification-text.server";
import { createMailer, type Mailer } from "./notifications.server";

let defaultMailer: Mailer | undefined;

/**
 * Sends the reset letter in the account's language. Not kept in the notifications table: the
 * link is a credential and is stored nowhere. A failed send is logged (without the link);
 * the person can ask again.
 */
export async function passwordEmail(account: { email: string; name: string; locale: Locale }, url: string, mailer?: Mailer): Promise<void> {
  const letter = passwordResetEmail(account.locale, account.name, url);
  try {
    await (mailer ?? (defaultMailer ??= createMailer())).send(account.email, letter.subject, letter.text);
  } catch (err) {
    console.warn(
      JSON.stringify({ level: "warn", event: "reset_email_failed", message: String(err).replace(/\/reset-password\/[\w-]+/g, "/reset-password/…") }),
    );
  }
}
