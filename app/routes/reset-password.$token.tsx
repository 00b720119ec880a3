import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { FormErrors, TextField } from "../components/fields";
import { useT } from "../components/i18n";
import { parseForm, resetPasswordSchema } from "../schemas/index.server";
import { resetPassword, resetTokenState } from "../services/password-reset.server";
import { requestContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "设置新密码 · Set a new password" }, { name: "robots", content: "noindex" }];
export const handle = { description: "meta.forgotPassword" };

/**
 * The link is a credential: no cache keeps the page. (The site-wide Referrer-Policy,
 * same-origin, already keeps the path from other sites.)
 */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requestContext(request);
  return json({ valid: resetTokenState(db, params.token ?? "") === "valid" }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, locale, t, requestId } = await requestContext(request);
  const submission = parseForm(await request.formData(), resetPasswordSchema, locale);
  const hideFields = ["password", "confirm"];
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields }), invalid: false }, { status: 400 });
  const outcome = await resetPassword(db, params.token ?? "", submission.value.password, { requestId });
  if (outcome.ok) return redirect("/login?reset=1");
  if (outcome.error === "weak")
    return json({ result: submission.reply({ fieldErrors: { password: [t(outcome.message)] }, hideFields }), invalid: false }, { status: 400 });
  return json({ result: submission.reply({ formErrors: [t("auth.reset.invalid")], hideFields }), invalid: true }, { status: 410 });
}

export default function ResetPassword() {
  const t = useT();
  const { valid } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof resetPasswordSchema>>({ id: "reset-password", lastResult: data?.result });
  if (!valid || data?.invalid) {
    return (
      <div className="narrow">
        <h1>{t("auth.reset.title")}</h1>
        <p className="alert error" role="alert">
          {t("auth.reset.invalid")}
        </p>
        <p>
          <Link to="/forgot-password">{t("auth.reset.again")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("auth.reset.title")}</h1>
      <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <TextField field={fields.password} label={t("auth.password.new")} type="password" autoComplete="new-password" hint={t("v.password")} />
        <TextField field={fields.confirm} label={t("auth.password.confirm")} type="password" autoComplete="new-password" />
        <div className="actions">
          <button type="submit" className="primary">
            {t("auth.reset.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
