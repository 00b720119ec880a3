import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ContractTabs } from "../components/contract-payments";
import { ContractFacts, ContractHistory, ContractRegistrationNotes, ContractStatusTag, ContractVersions } from "../components/contract-view";
import { useLocale, useT } from "../components/i18n";
import { formatDateTime } from "../i18n/format";
import { contractIntentSchema } from "../schemas/index.server";
import { amendContract, submitContract } from "../services/contract-filing.server";
import { contractVisible, getContractForViewer, refuseContractAction } from "../services/contracts.server";
import { idParam, notFound } from "../services/http.server";
import { userContext } from "../services/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.view.contract.title} · 吕梁科技大市场` : "吕梁科技大市场" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const view = getContractForViewer(db, actor, idParam(params.id));
  if (!view) notFound();
  return json({ view, isAdmin: actor.role === "admin" });
}

/** Submit and amend. Whether this user may touch this contract is settled before the form is read. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, t, requestId } = await userContext(request);
  const id = idParam(params.id);
  const form = await request.formData();
  const parsed = contractIntentSchema.safeParse(Object.fromEntries(form));
  if (!contractVisible(db, actor, id)) {
    refuseContractAction(db, actor, parsed.success ? parsed.data.intent : "action", id, requestId);
    notFound();
  }
  if (!parsed.success) return json({ error: t("error.generic") }, { status: 400 });
  const outcome = parsed.data.intent === "submit" ? submitContract(db, actor, id, requestId) : amendContract(db, actor, id, requestId);
  if (outcome.ok) return parsed.data.intent === "submit" ? redirect(`/contracts/${id}?done=submitted`) : redirect(`/contracts/${outcome.id}/edit?amended=1`);
  if ("fieldErrors" in outcome) return json({ error: t("error.generic") }, { status: 400 });
  switch (outcome.error) {
    case "not_found":
      return notFound();
    case "inactive_broker":
      return json({ error: t("contract.error.inactiveBroker") }, { status: 403 });
    case "unverified":
      return json({ error: t("error.unverifiedOrg") }, { status: 403 });
    case "conflict":
      return json({ error: t("contract.error.conflict") }, { status: 403 });
    case "not_seller":
      return json({ error: t("contract.error.notSeller") }, { status: 403 });
    case "seller_elsewhere":
      return json({ error: t("contract.error.sellerElsewhere") }, { status: 409 });
    default:
      return json({ error: t("error.forbidden") }, { status: 403 });
  }
}

export default function ContractPage() {
  const t = useT();
  const locale = useLocale();
  const { view, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const c = view.contract;
  return (
    <article>
      <p className="muted">
        <Link to={isAdmin ? "/admin/contracts" : "/contracts"}>{isAdmin ? t("registry.title") : t("contract.mine")}</Link>
      </p>
      <h1>{c.title}</h1>
      <ContractTabs contractId={c.id} registered={c.status === "registered"} />
      {params.get("saved") && <p className="alert ok">{t("contract.saved")}</p>}
      {params.get("done") === "submitted" && <p className="alert ok">{t("contract.submitted")}</p>}
      {params.get("done") === "elsewhere" && <p className="alert ok">{t("contract.filedElsewhere")}</p>}
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      {c.status === "returned" && c.returnReason && <p className="alert error">{t("contract.returnedBecause", { reason: c.returnReason })}</p>}
      {c.status === "registered" && c.registrationNo && !c.supersededAt && (
        <p className="alert ok">{t("contract.registeredAs", { number: c.registrationNo, year: c.registrationYear ?? "" })}</p>
      )}
      {c.supersededAt && <p className="alert info">{t("contract.supersededNote")}</p>}
      <div className="tags">
        <ContractStatusTag status={c.status} supersededAt={c.supersededAt} elsewhereConfirmedAt={c.elsewhereConfirmedAt} />
        {c.amendmentNo > 0 && <span className="tag">{t("contract.amendmentNo", { n: c.amendmentNo })}</span>}
        {c.submittedAt && (
          <span className="tag">
            {t("contract.f.submittedAt")} {formatDateTime(c.submittedAt, locale)}
          </span>
        )}
      </div>
      <div className="actions">
        {view.actions.includes("edit") && (
          <Link to={`/contracts/${c.id}/edit`} className="button secondary">
            {t("common.edit")}
          </Link>
        )}
        {view.actions.includes("submit") && (
          <Form method="post" className="inline">
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="primary" disabled={busy}>
              {t("contract.submit")}
            </button>
          </Form>
        )}
        {view.actions.includes("elsewhere") && (
          <Link to={`/contracts/${c.id}/elsewhere`} className="button primary">
            {t("contract.fileElsewhere")}
          </Link>
        )}
        {view.actions.includes("amend") && (
          <Form method="post" className="inline">
            <input type="hidden" name="intent" value="amend" />
            <button type="submit" className="secondary" disabled={busy} title={t("contract.amendHint")}>
              {t("contract.amend")}
            </button>
          </Form>
        )}
        {view.canRegister && (
          <Link to={`/admin/contracts/${c.id}`} className="button primary">
            {t("registry.open")}
          </Link>
        )}
      </div>
      {view.actions.includes("amend") && <p className="hint muted">{t("contract.amendHint")}</p>}
      {view.actions.includes("elsewhere") && <p className="hint muted">{t("contract.sellerElsewhereHint")}</p>}
      {view.filingRefused && <p className="alert info">{t("contract.error.notSeller")}</p>}
      <ContractRegistrationNotes contract={c} documents={view.documents} linkBase="/contracts" />
      <ContractFacts
        contract={c}
        field={view.field}
        chain={view.chain}
        brokerName={view.brokerName}
        creatorName={view.creatorName}
        deal={view.deal}
        file={view.file}
        filerName={view.filerName}
      />
      <ContractVersions currentId={c.id} family={view.family} linkBase="/contracts" />
      <ContractHistory events={view.history} />
    </article>
  );
}
