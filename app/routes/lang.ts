import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "../i18n";
import { saveNotificationSettings } from "../services/account-settings.server";
import { getUser, toActor } from "../services/auth.server";
import { getDb } from "../services/db.server";
import { requestId, safeRedirectPath } from "../services/http.server";
import { localeCookie } from "../services/locale.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const to = safeRedirectPath(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(to);
  // A signed-in member's choice is also the language the platform's messages and e-mails use.
  const user = await getUser(getDb(), request);
  if (user) saveNotificationSettings(getDb(), toActor(user), { locale }, requestId(request));
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export const loader = () => redirect("/");
