import { getFormProps, useForm } from "@conform-to/react";
import { json, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import type { z } from "zod";
import { FormErrors, TextField } from "../components/fields";
import { useT } from "../components/i18n";
import { forgotPasswordSchema, parseForm } from "../schemas/index.server";
import { publicOrigin } from "../services/api/http.server";
import { requestPasswordReset } from "../services/password-reset.server";
import { requestContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "找回密码 · Reset your password" }];
export const handle = { description: "meta.forgotPassword" };

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export const loader = () => null;

export async function action({ request }: ActionFunctionArgs) {
  const { db, locale, t, requestId } = await requestContext(request);
  const submission = parseForm(await request.formData(), forgotPasswordSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), sent: false }, { status: 400 });
  const outcome = requestPasswordReset(db, { email: submission.value.email, ip: request.headers.get("x-client-ip"), origin: publicOrigin(request), requestId });
  if (outcome.ok) {
    // The letter goes out after the answer, which is the same for every address.
    void outcome.delivery;
    return json({ result: submission.reply({ resetForm: true }), sent: true });
  }
  const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
  const message = minutes === 1 ? t("auth.forgot.throttledMinute") : t("auth.forgot.throttled", { minutes });
  return json(
    { result: submission.reply({ formErrors: [message] }), sent: false },
    { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
  );
}

export default function ForgotPassword() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof forgotPasswordSchema>>({ id: "forgot-password", lastResult: data?.result });
  return (
    <div className="narrow">
      <h1>{t("auth.forgot.title")}</h1>
      {data?.sent ? (
        <p className="alert ok" role="status">
          {t("auth.forgot.sent")}
        </p>
      ) : (
        <p>{t("auth.forgot.intro")}</p>
      )}
      <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <TextField field={fields.email} label={t("auth.email")} type="email" autoComplete="username" />
        <div className="actions">
          <button type="submit" className="primary">
            {t("auth.forgot.submit")}
          </button>
          <Link to="/login">{t("auth.login.title")}</Link>
        </div>
      </Form>
    </div>
  );
}
