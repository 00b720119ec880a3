import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "../i18n";
import { safeRedirectPath } from "../services/http.server";
import { localeCookie } from "../services/locale.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const to = safeRedirectPath(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export const loader = () => redirect("/");
