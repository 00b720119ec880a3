import { Form } from "@remix-run/react";
import { LOCALES, type Locale } from "../i18n/define";
import { useT } from "./i18n";

/** The account page's e-mail setting and the language the platform writes to the person in. */
export function NotificationSettingsForm({ settings }: { settings: { emailNotifications: boolean; locale: Locale } }) {
  const t = useT();
  return (
    <>
      <h2 id="notification-settings">{t("account.email.title")}</h2>
      <Form method="post" className="stacked card" aria-labelledby="notification-settings">
        <input type="hidden" name="intent" value="notifications" />
        <div className="field">
          <label className="check">
            <input type="checkbox" name="emailNotifications" defaultChecked={settings.emailNotifications} aria-describedby="email-notifications-hint" />{" "}
            {t("account.email.label")}
          </label>
          <p className="hint" id="email-notifications-hint">
            {t("account.email.hint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="email-locale">{t("account.email.locale")}</label>
          <select id="email-locale" name="locale" defaultValue={settings.locale}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`account.locale.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            {t("account.email.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
