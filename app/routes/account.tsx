import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { FormErrors, TextField } from "../components/fields";
import { useT } from "../components/i18n";
import { notificationSettingsSchema, passwordChangeSchema, parseForm } from "../schemas/index.server";
import { notificationSettings, saveNotificationSettings } from "../services/account-settings.server";
import { changePassword } from "../services/auth.server";
import { userContext } from "../services/request.server";
import { NotificationSettingsForm } from "../components/notification-settings";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await userContext(request);
  return json({ user, settings: notificationSettings(db, user.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, actor, locale, t, requestId } = await userContext(request);
  const form = await request.formData();
  if (form.get("intent") === "notifications") {
    const settings = parseForm(form, notificationSettingsSchema, locale);
    if (settings.status !== "success") return json({ result: settings.reply() }, { status: 400 });
    saveNotificationSettings(db, actor, { emailNotifications: settings.value.emailNotifications === "on", locale: settings.value.locale }, requestId);
    return redirect("/account?saved=1");
  }
  const submission = parseForm(form, passwordChangeSchema, locale);
  const hideFields = ["current", "next", "confirm"];
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields }) }, { status: 400 });
  const outcome = await changePassword(db, user, { current: submission.value.current, next: submission.value.next }, requestId);
  if (!outcome.ok) {
    const fieldErrors: Record<string, string[]> = outcome.field === "current" ? { current: [t("auth.password.wrongCurrent")] } : { next: [t(outcome.message)] };
    return json({ result: submission.reply({ fieldErrors, hideFields }) }, { status: 400 });
  }
  return redirect("/account?changed=1", { headers: { "Set-Cookie": outcome.cookie } });
}

export default function Account() {
  const t = useT();
  const { user, settings } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof passwordChangeSchema>>({ id: "password", lastResult: data?.result });
  return (
    <div className="narrow">
      <h1>{t("auth.account.title")}</h1>
      {params.get("registered") && <p className="alert ok">{t("auth.register.pending")}</p>}
      {params.get("changed") && <p className="alert ok">{t("auth.password.changed")}</p>}
      {params.get("saved") && <p className="alert ok">{t("account.email.saved")}</p>}
      <div className="card">
        <dl className="facts">
          <dt>{t("auth.name")}</dt>
          <dd>{user.name}</dd>
          <dt>{t("auth.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("auth.register.role")}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
          <dt>{t("auth.account.org")}</dt>
          <dd>
            {user.orgName}{" "}
            <span className={`tag ${user.orgVerified ? "ok" : "warn"}`}>{user.orgVerified ? t("auth.account.orgVerified") : t("auth.account.orgPending")}</span>
          </dd>
        </dl>
      </div>
      <h2>{t("auth.password.title")}</h2>
      <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <TextField field={fields.current} label={t("auth.password.current")} type="password" autoComplete="current-password" />
        <TextField field={fields.next} label={t("auth.password.new")} type="password" autoComplete="new-password" hint={t("v.password")} />
        <TextField field={fields.confirm} label={t("auth.password.confirm")} type="password" autoComplete="new-password" />
        <div className="actions">
          <button type="submit" className="primary">
            {t("common.save")}
          </button>
        </div>
      </Form>
      <NotificationSettingsForm settings={settings} />
    </div>
  );
}
