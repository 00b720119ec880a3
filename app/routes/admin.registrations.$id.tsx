import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ContractFlags } from "../components/contract-flags";
import { ContractHistory } from "../components/contract-view";
import { useT } from "../components/i18n";
import { NationalRecordFacts, RecordCancelForm } from "../components/national-record";
import { localiseFieldErrors, nationalRecordCancelSchema, parseForm } from "../schemas/index.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { cancelNationalRecord, nationalRecordView } from "../services/national-import/records.server";
import { recordFlagsView } from "../services/padding-flags.server";
import { roleContext, userContext } from "../services/request.server";

// One record imported from the national system, and where the registrar cancels it (撤销登记)
// when it counts, or may count, on its own. A matched record is cancelled through its contract.

export const meta: MetaFunction = () => [{ title: "全国系统登记记录 · National record" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const id = idParam(params.id);
  const view = nationalRecordView(db, id);
  if (!view) notFound();
  return json({ view, flags: recordFlagsView(db, id).flags });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const id = idParam(params.id);
  if (actor.role !== "admin") {
    cancelNationalRecord(db, actor, id, { reason: "" }, requestId);
    forbidden();
  }
  if (!nationalRecordView(db, id)) notFound();
  const submission = parseForm(await request.formData(), nationalRecordCancelSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), error: null as string | null }, { status: 400 });
  const outcome = cancelNationalRecord(db, actor, id, submission.value, requestId);
  if (outcome.ok) return redirect(`/admin/registrations/${id}?done=cancelled`);
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "forbidden") forbidden();
  if (outcome.error === "invalid_reason")
    return json({ result: submission.reply({ fieldErrors: localiseFieldErrors(locale, { reason: ["v.invalid"] }) }), error: null }, { status: 400 });
  return json({ result: null, error: t("records.error.notCancellable") }, { status: 409 });
}

export default function NationalRecordPage() {
  const t = useT();
  const { view, flags } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const r = view.record;
  return (
    <article>
      <p className="muted">
        <Link to="/admin/registrations">{t("records.back")}</Link>
      </p>
      <h1>{r.title}</h1>
      {params.get("done") === "cancelled" && <p className="alert ok">{t("records.cancelledOk")}</p>}
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      {r.status === "matched" && view.contract && (
        <p className="alert info">
          {t("records.matchedHint")} <Link to={`/admin/contracts/${view.contract.id}`}>{t("records.contractLink")}</Link>
        </p>
      )}
      {r.status === "to_confirm" && (
        <p className="alert info">
          {t("records.toConfirmHint")} <Link to="/admin/registrations/pairs">{t("records.pairsLink")}</Link>
        </p>
      )}
      <NationalRecordFacts view={view} />
      <ContractFlags flags={flags} returnTo={`/admin/registrations/${r.id}`} />
      {view.canCancel && <RecordCancelForm lastResult={actionData?.result} />}
      <ContractHistory events={view.history} />
    </article>
  );
}
