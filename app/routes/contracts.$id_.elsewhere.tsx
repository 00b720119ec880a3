import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ElsewhereForm } from "../components/contract-filing-forms";
import { useT } from "../components/i18n";
import type { MessageKey } from "../i18n";
import { elsewhereSchema, localiseFieldErrors, parseForm } from "../schemas/index.server";
import { isFileStorageFault, MAX_DOCUMENT_BYTES } from "../services/contract-documents.server";
import { fileElsewhere } from "../services/contract-filing.server";
import { contractVisible, getContractForViewer, refuseContractAction, type ContractError } from "../services/contracts.server";
import { readSingleFileUpload } from "../services/file-upload.server";
import { badRequest, idParam, notFound } from "../services/http.server";
import { userContext } from "../services/request.server";
import { storageFaultResponse } from "../services/storage-faults.server";

export const meta: MetaFunction = () => [{ title: "异地认定登记 · Registration elsewhere" }];

const REFUSALS: Partial<Record<ContractError, { status: number; key: MessageKey }>> = {
  not_seller: { status: 403, key: "contract.error.notSeller" },
  seller_local: { status: 409, key: "contract.error.sellerLocal" },
  inactive_broker: { status: 403, key: "contract.error.inactiveBroker" },
  unverified: { status: 403, key: "error.unverifiedOrg" },
  conflict: { status: 409, key: "contract.error.conflict" },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const view = getContractForViewer(db, actor, idParam(params.id));
  if (!view) notFound();
  const c = view.contract;
  return json({
    id: c.id,
    title: c.title,
    sellerName: c.sellerName,
    sellerDivision: c.sellerDivision,
    open: view.actions.includes("elsewhere"),
    notSeller: view.filingRefused,
    maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024,
  });
}

/** The seller's side records where the office of its locality registered the contract, with the certificate (multipart). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const id = idParam(params.id);
  if (!contractVisible(db, actor, id)) {
    refuseContractAction(db, actor, "file_elsewhere", id, requestId);
    notFound();
  }
  const upload = await readSingleFileUpload(request, "certificate", MAX_DOCUMENT_BYTES);
  if (upload === "too_large") {
    refuseContractAction(db, actor, "file_elsewhere", id, requestId);
    return json({ result: null, error: t("v.contract.documentTooLarge") }, { status: 413 });
  }
  if (upload === null) badRequest();
  const submission = parseForm(upload.fields, elsewhereSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), error: null }, { status: 400 });
  let outcome;
  try {
    outcome = fileElsewhere(db, actor, id, submission.value, upload.file, requestId);
  } catch (err) {
    if (!isFileStorageFault(err)) throw err;
    console.error(JSON.stringify({ level: "error", event: "document_storage_fault", code: (err as { code?: string }).code, requestId }));
    throw await storageFaultResponse(request);
  }
  if (outcome.ok) return redirect(`/contracts/${id}?done=elsewhere`);
  if ("fieldErrors" in outcome)
    return json({ result: submission.reply({ fieldErrors: localiseFieldErrors(locale, outcome.fieldErrors) }), error: null }, { status: 400 });
  if (outcome.error === "not_found") notFound();
  const refusal = REFUSALS[outcome.error] ?? { status: 403, key: "error.forbidden" as MessageKey };
  return json({ result: null, error: t(refusal.key) }, { status: refusal.status });
}

export default function FileElsewhere() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="form-page">
      <p className="muted">
        <Link to={`/contracts/${data.id}`}>{data.title}</Link>
      </p>
      <h1>{t("elsewhere.title")}</h1>
      <p className="lead">{t("contract.sellerElsewhereHint")}</p>
      <p className="muted">
        {t("contract.seller")}：{data.sellerName} · {data.sellerDivision}
      </p>
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      {data.open ? (
        <ElsewhereForm lastResult={actionData?.result} maxMb={data.maxMb} />
      ) : (
        <p className="alert error">{t(data.notSeller ? "contract.error.notSeller" : "contract.error.conflict")}</p>
      )}
    </div>
  );
}
