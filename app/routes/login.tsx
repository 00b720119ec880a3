import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { FormErrors, TextField } from "../components/fields";
import { useT } from "../components/i18n";
import { makeT } from "../i18n";
import { loginSchema } from "../schemas/auth";
import { createSession, getUser, login } from "../services/auth.server";
import { getDb } from "../services/db.server";
import { parseForm } from "../services/forms";
import { safeRedirectPath } from "../services/http.server";
import { getLocale } from "../services/locale.server";

export const meta: MetaFunction = () => [{ title: "登录 · Log in" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(getDb(), request);
  if (user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const t = makeT(locale);
  const submission = parseForm(await request.formData(), loginSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const db = getDb();
  const outcome = await login(db, { ...submission.value, ip: request.headers.get("x-client-ip") ?? "local" });
  if (!outcome.ok) {
    const throttled = outcome.reason === "throttled";
    console.warn(JSON.stringify({ level: "warn", event: throttled ? "login_throttled" : "login_failed", requestId: request.headers.get("x-request-id") }));
    return json(
      { result: submission.reply({ formErrors: [t(throttled ? "error.tooMany" : "auth.login.failed")], hideFields: ["password"] }) },
      { status: throttled ? 429 : 400 },
    );
  }
  const cookie = await createSession(db, outcome.userId);
  return redirect(safeRedirectPath(submission.value.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof loginSchema>>({ id: "login", lastResult: data?.result });
  return (
    <div className="narrow">
      <h1>{t("auth.login.title")}</h1>
      <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField field={fields.email} label={t("auth.email")} type="email" autoComplete="username" />
        <TextField field={fields.password} label={t("auth.password")} type="password" autoComplete="current-password" />
        <div className="actions">
          <button type="submit" className="primary">
            {t("auth.login.submit")}
          </button>
          <span className="muted">
            {t("auth.login.noAccount")} <Link to="/register">{t("nav.register")}</Link>
          </span>
        </div>
      </Form>
    </div>
  );
}
