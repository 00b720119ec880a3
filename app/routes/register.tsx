import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ChoiceGroup, FormErrors, SelectField, TextField } from "../components/fields";
import { useLocale, useT } from "../components/i18n";
import { registerSchema, localiseMessage, parseForm } from "../schemas/index.server";
import { createSession, getUser, register } from "../services/auth.server";
import { getDb } from "../services/db.server";
import { requestId } from "../services/http.server";
import { listFormOptions } from "../services/listings.server";
import { getLocale } from "../services/locale.server";

/** Every field either branch of the form may carry, as the browser sends them. */
type RegisterValues = Record<
  "role" | "name" | "email" | "phone" | "password" | "passwordConfirm" | "orgMode" | "creditCode" | "orgName" | "orgNameEn" | "countyCode" | "pilotCode",
  string
>;

export const meta: MetaFunction = () => [{ title: "注册 · Register" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  if (await getUser(db, request)) throw redirect("/account");
  return json({ counties: listFormOptions(db).counties });
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const submission = parseForm(await request.formData(), registerSchema, locale);
  const hideFields = ["password", "passwordConfirm"];
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields }) }, { status: 400 });
  const v = submission.value;
  const db = getDb();
  const outcome = await register(
    db,
    {
      email: v.email,
      name: v.name,
      phone: v.phone,
      password: v.password,
      role: v.role,
      locale,
      org:
        v.orgMode === "new"
          ? { mode: "new", name: v.orgName, nameEn: v.orgNameEn, creditCode: v.creditCode, countyCode: v.countyCode, pilotCode: v.pilotCode === "on" }
          : { mode: "existing", creditCode: v.creditCode },
    },
    requestId(request),
  );
  if (!outcome.ok) {
    return json({ result: submission.reply({ fieldErrors: { [outcome.field]: [localiseMessage(locale, outcome.message)] }, hideFields }) }, { status: 400 });
  }
  const cookie = await createSession(db, outcome.userId);
  return redirect("/account?registered=1", { headers: { "Set-Cookie": cookie } });
}

export default function Register() {
  const t = useT();
  const locale = useLocale();
  const { counties } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm<RegisterValues>({ id: "register", lastResult: data?.result, defaultValue: { role: "enterprise", orgMode: "new" } });
  const errorCount = Object.values(form.allErrors).flat().length;
  const newOrg = (fields.orgMode.value ?? "new") === "new";
  return (
    <div className="narrow">
      <h1>{t("auth.register.title")}</h1>
      <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
        {errorCount > 0 && <FormErrors errors={[t("common.formHasErrors", { count: errorCount })]} />}
        <ChoiceGroup
          field={fields.role}
          type="radio"
          label={t("auth.register.role")}
          options={(["enterprise", "institute", "broker"] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <TextField field={fields.name} label={t("auth.name")} autoComplete="name" />
        <TextField field={fields.email} label={t("auth.email")} type="email" autoComplete="email" />
        <TextField field={fields.phone} label={`${t("auth.phone")} (${t("common.optional")})`} type="tel" autoComplete="tel" />
        <div className="row-2">
          <TextField field={fields.password} label={t("auth.password")} type="password" autoComplete="new-password" hint={t("v.password")} />
          <TextField field={fields.passwordConfirm} label={t("auth.register.passwordConfirm")} type="password" autoComplete="new-password" />
        </div>
        <ChoiceGroup
          field={fields.orgMode}
          type="radio"
          label={t("auth.register.orgMode")}
          options={[
            { value: "new", label: t("auth.register.orgMode.new") },
            { value: "existing", label: t("auth.register.orgMode.existing") },
          ]}
        />
        <TextField field={fields.creditCode} label={t("auth.register.creditCode")} hint={t("auth.register.creditCodeHint")} />
        {newOrg && (
          <>
            <TextField field={fields.orgName} label={t("auth.register.orgName")} />
            <TextField field={fields.orgNameEn} label={`${t("auth.register.orgNameEn")} (${t("common.optional")})`} />
            <SelectField
              field={fields.countyCode}
              label={t("auth.register.county")}
              options={counties.map((c) => ({ value: c.code, label: locale === "en" ? c.nameEn : c.nameZh }))}
            />
            <div className="field">
              <label>
                <input
                  type="checkbox"
                  id={fields.pilotCode.id}
                  name={fields.pilotCode.name}
                  value="on"
                  defaultChecked={fields.pilotCode.initialValue === "on"}
                  aria-describedby={fields.pilotCode.descriptionId}
                />{" "}
                {t("auth.register.pilotCode")}
              </label>
              <span className="hint" id={fields.pilotCode.descriptionId}>
                {t("auth.register.pilotCodeHint")}
              </span>
            </div>
          </>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            {t("auth.register.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
