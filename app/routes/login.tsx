import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { FormErrors, TextField } from "../components/fields";
import { useT } from "../components/i18n";
import { makeT } from "../i18n";
import { loginSchema, parseForm } from "../schemas/index.server";
import { getUser, signIn } from "../services/auth.server";
import { getDb } from "../services/db.server";
import { safeRedirectPath } from "../services/http.server";
import { getLocale } from "../services/locale.server";

export const meta: MetaFunction = () => [{ title: "登录 · Log in" }];

/**
 * The page and its data carry only the headers named here (and any cookies): a throttled
 * login's Retry-After, whether the form was posted by the browser alone or by the page's script.
 */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

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
  const outcome = await signIn(getDb(), request, submission.value);
  if (outcome.ok) {
    const headers = new Headers();
    for (const cookie of outcome.setCookies) headers.append("Set-Cookie", cookie);
    const asked = safeRedirectPath(submission.value.redirectTo);
    return redirect(asked === "/" ? outcome.landing : asked, { headers });
  }
  const event = outcome.reason === "throttled" ? "login_throttled" : "login_failed";
  console.warn(JSON.stringify({ level: "warn", event, requestId: request.headers.get("x-request-id") }));
  if (outcome.reason === "invalid") {
    return json({ result: submission.reply({ formErrors: [t("auth.login.failed")], hideFields: ["password"] }) }, { status: 400 });
  }
  // The email stays in the form; the wait is given in minutes, rounded up, and in Retry-After.
  const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
  const message = minutes === 1 ? t("auth.login.throttledMinute") : t("auth.login.throttled", { minutes });
  return json(
    { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
    { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
  );
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof loginSchema>>({ id: "login", lastResult: data?.result });
  return (
    <div className="narrow">
      <h1>{t("auth.login.title")}</h1>
      {params.get("reset") && (
        <p className="alert ok" role="status">
          {t("auth.reset.done")}
        </p>
      )}
      {/* A whole page load after signing in: the page then carries the messages the signed-in role's pages need. */}
      <Form method="post" className="stacked card" {...getFormProps(form)} noValidate reloadDocument>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField field={fields.email} label={t("auth.email")} type="email" autoComplete="username" />
        <TextField field={fields.password} label={t("auth.password")} type="password" autoComplete="current-password" />
        <p>
          <Link to="/forgot-password">{t("auth.forgot.link")}</Link>
        </p>
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
