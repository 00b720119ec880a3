import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { ContractFacts, ContractHistory, ContractStatusTag, ContractVersions } from "../components/contract-view";
import { FormErrors, TextArea, TextField } from "../components/fields";
import { useLocale, useT } from "../components/i18n";
import { formatDateTime } from "../i18n/format";
import { registrationSchema, returnSchema, localiseFieldErrors, parseForm } from "../schemas/index.server";
import { contractVisible, getContractForViewer, refuseContractAction, registerContract, returnContract } from "../services/contracts.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { formatFen } from "../services/money";
import { userContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "认定登记 · Register a contract" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  if (actor.role !== "admin") forbidden();
  const view = getContractForViewer(db, actor, idParam(params.id));
  if (!view) notFound();
  const amends = view.contract.amendsId ? view.family.find((v) => v.id === view.contract.amendsId) : undefined;
  return json({ view, amendsNo: amends?.registrationNo ?? null });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const id = idParam(params.id);
  const form = await request.formData();
  const intent = form.get("intent");
  if (actor.role !== "admin") {
    refuseContractAction(db, actor, intent === "return" ? "return" : "register", id, requestId);
    forbidden();
  }
  if (!contractVisible(db, actor, id)) notFound();
  const kind = intent === "return" ? "return" : "register";
  const submission = parseForm(form, kind === "return" ? returnSchema : registrationSchema, locale);
  if (submission.status !== "success") return json({ kind, result: submission.reply(), error: null }, { status: 400 });
  const value = submission.value;
  const outcome = value.intent === "return" ? returnContract(db, actor, id, value.reason, requestId) : registerContract(db, actor, id, value, requestId);
  if (outcome.ok) return redirect(`/admin/contracts?done=${kind === "return" ? "returned" : "registered"}`);
  if ("fieldErrors" in outcome) {
    const fieldErrors = localiseFieldErrors(locale, outcome.fieldErrors);
    return json({ kind, result: submission.reply({ fieldErrors }), error: null }, { status: 400 });
  }
  if (outcome.error === "not_found") notFound();
  return json({ kind, result: null, error: t("contract.error.conflict") }, { status: 409 });
}

function RegisterForm({
  lastResult,
  declaredTech,
  codes,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  declaredTech: string;
  codes: string[];
}) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof registrationSchema>>({ id: "register-form", lastResult });
  const { key: _key, ...accept } = getInputProps(fields.acceptCodes, { type: "checkbox" });
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      <h2>{t("registry.register")}</h2>
      <input type="hidden" name="intent" value="register" />
      <FormErrors errors={form.errors} />
      <TextField field={fields.registrationNo} label={t("contract.f.registrationNo")} />
      <TextField field={fields.techValueWan} label={t("registry.techValue")} hint={t("registry.techValueHint", { value: declaredTech })} />
      {codes.length > 0 && (
        <div className={`field${fields.acceptCodes.errors?.length ? " invalid" : ""}`}>
          <p className="alert info">{t("contract.codesToCheck", { codes: codes.join("、") })}</p>
          <label className="check">
            <input {...accept} />
            {t("registry.acceptCodes")}
          </label>
          {fields.acceptCodes.errors?.length ? (
            <ul className="errors">
              {fields.acceptCodes.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      <div>
        <button type="submit" className="primary">
          {t("registry.register")}
        </button>
      </div>
    </Form>
  );
}

function ReturnForm({ lastResult }: { lastResult: SubmissionResult<string[]> | null | undefined }) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof returnSchema>>({ id: "return-form", lastResult });
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      <h2>{t("registry.return")}</h2>
      <input type="hidden" name="intent" value="return" />
      <TextArea field={fields.reason} label={t("registry.reason")} rows={3} />
      <div>
        <button type="submit" className="danger">
          {t("registry.return")}
        </button>
      </div>
    </Form>
  );
}

export default function RegisterContract() {
  const t = useT();
  const locale = useLocale();
  const { view, amendsNo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const c = view.contract;
  return (
    <article>
      <p className="muted">
        <Link to="/admin/contracts">{t("registry.title")}</Link>
      </p>
      <h1>{c.title}</h1>
      <div className="tags">
        <ContractStatusTag status={c.status} supersededAt={c.supersededAt} />
        {c.amendmentNo > 0 && <span className="tag">{t("contract.amendmentNo", { n: c.amendmentNo })}</span>}
        {c.submittedAt && (
          <span className="tag">
            {t("contract.f.submittedAt")} {formatDateTime(c.submittedAt, locale)}
          </span>
        )}
      </div>
      {amendsNo && <p className="alert info">{t("registry.amends", { number: amendsNo })}</p>}
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      {c.status === "registered" && c.registrationNo && (
        <p className="alert ok">{t("contract.registeredAs", { number: c.registrationNo, year: c.registrationYear ?? "" })}</p>
      )}
      {view.canRegister && (
        <div className="grid-2 registrar-forms">
          <RegisterForm
            lastResult={actionData?.kind === "register" ? actionData.result : null}
            declaredTech={formatFen(c.techValueFen, locale)}
            codes={view.codesToAccept}
          />
          <ReturnForm lastResult={actionData?.kind === "return" ? actionData.result : null} />
        </div>
      )}
      <ContractFacts
        contract={c}
        field={view.field}
        chain={view.chain}
        brokerName={view.brokerName}
        creatorName={view.creatorName}
        deal={view.deal}
        file={view.file}
      />
      <ContractVersions currentId={c.id} family={view.family} linkBase="/admin/contracts" />
      <ContractHistory events={view.history} />
    </article>
  );
}
