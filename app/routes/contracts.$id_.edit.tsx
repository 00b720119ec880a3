import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ContractForm } from "../components/contract-form";
import { useLocale, useT } from "../components/i18n";
import { contractFormValues, contractSchema, localiseFieldErrors, parseForm } from "../schemas/index.server";
import { contractFormOptions } from "../services/contract-form.server";
import { getContractForEdit, refuseContractAction } from "../services/contracts.server";
import { updateContract } from "../services/contract-filing.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { userContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "修改技术合同 · Edit a contract" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const found = getContractForEdit(db, actor, idParam(params.id));
  if (!found.ok) return found.error === "not_found" ? notFound() : forbidden("not_editable");
  const c = found.contract;
  return json({
    id: c.id,
    returnReason: c.status === "returned" ? c.returnReason : null,
    amendmentNo: c.amendmentNo,
    options: contractFormOptions(db),
    defaults: contractFormValues(c),
    isBroker: c.brokerUserId !== null,
    fromDeal: c.matchId !== null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const id = idParam(params.id);
  const editable = getContractForEdit(db, actor, id);
  if (!editable.ok) {
    refuseContractAction(db, actor, "update", id, requestId);
    return editable.error === "not_found" ? notFound() : forbidden("not_editable");
  }
  const submission = parseForm(await request.formData(), contractSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), error: null }, { status: 400 });
  const outcome = updateContract(db, actor, id, submission.value, requestId);
  if (outcome.ok) return redirect(`/contracts/${id}?saved=1`);
  if ("fieldErrors" in outcome) {
    const fieldErrors = localiseFieldErrors(locale, outcome.fieldErrors);
    return json({ result: submission.reply({ fieldErrors }), error: null }, { status: 400 });
  }
  if (outcome.error === "not_found") notFound();
  return json(
    { result: null, error: outcome.error === "inactive_broker" ? t("contract.error.inactiveBroker") : t("contract.error.conflict") },
    { status: 403 },
  );
}

export default function EditContract() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="form-page">
      <h1>
        {t("contract.edit")}
        {data.amendmentNo > 0 && <span className="muted"> · {t("contract.amendmentNo", { n: data.amendmentNo })}</span>}
      </h1>
      {params.get("amended") && <p className="alert ok">{t("contract.amended")}</p>}
      {data.returnReason && <p className="alert error">{t("contract.returnedBecause", { reason: data.returnReason })}</p>}
      <p className="alert info">{t("contract.editableHint")}</p>
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      <ContractForm
        id="contract-form"
        lastResult={actionData?.result}
        defaultValue={data.defaults}
        options={data.options}
        locale={locale}
        submitLabel={t("common.save")}
        isBroker={data.isBroker}
        fromDeal={data.fromDeal}
      />
    </div>
  );
}
