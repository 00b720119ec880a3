import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContractFlags } from "../components/contract-flags";
import { CancelForm, ConfirmElsewhereForm, RegisterForm, ReturnForm, TerminateForm } from "../components/contract-registrar-forms";
import { ContractFacts, ContractHistory, ContractRegistrationNotes, ContractStatusTag, ContractVersions } from "../components/contract-view";
import { useLocale, useT } from "../components/i18n";
import { formatDateTime } from "../i18n/format";
import { cancelSchema, registrationSchema, returnSchema, terminateSchema, localiseFieldErrors, parseForm } from "../schemas/index.server";
import { isFileStorageFault, MAX_DOCUMENT_BYTES } from "../services/contract-documents.server";
import { cancelRegistration, confirmElsewhereContract, recordTermination, registerContract, returnContract } from "../services/contract-registrar.server";
import { contractVisible, getContractForViewer, refuseContractAction, type ContractResult } from "../services/contracts.server";
import { readSingleFileUpload } from "../services/file-upload.server";
import { contractFlagsView } from "../services/padding-flags.server";
import { badRequest, forbidden, idParam, notFound } from "../services/http.server";
import { fenToWanInput, formatFen } from "../services/money";
import { roleContext, userContext } from "../services/request.server";
import { storageFaultResponse } from "../services/storage-faults.server";

export const meta: MetaFunction = () => [{ title: "认定登记 · Register a contract" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await roleContext(request, ["admin"]);
  const view = getContractForViewer(db, actor, idParam(params.id));
  if (!view) notFound();
  const amends = view.contract.amendsId ? view.family.find((v) => v.id === view.contract.amendsId) : undefined;
  const { flags } = contractFlagsView(db, view.contract.id);
  return json({ view, flags, amendsNo: amends?.registrationNo ?? null, maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024 });
}

const INTENTS = ["register", "return", "confirm", "cancel", "terminate"] as const;
type Intent = (typeof INTENTS)[number];
const DONE: Record<Intent, string> = { register: "registered", return: "returned", confirm: "confirmed", cancel: "cancelled", terminate: "terminated" };

/** The form, and the one file a cancellation or termination may carry (those two come as multipart). */
async function readBody(request: Request) {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return { fields: await request.formData(), file: null };
  return readSingleFileUpload(request, "evidence", MAX_DOCUMENT_BYTES);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const id = idParam(params.id);
  if (actor.role !== "admin") {
    // The refusal names what was attempted; a multipart body from a non-admin is not read.
    const urlEncoded = (request.headers.get("Content-Type") ?? "").startsWith("application/x-www-form-urlencoded");
    const claimed = urlEncoded ? (await request.formData()).get("intent") : null;
    refuseContractAction(db, actor, INTENTS.find((i) => i === claimed) ?? "register", id, requestId);
    forbidden();
  }
  if (!contractVisible(db, actor, id)) notFound();
  const body = await readBody(request);
  if (body === "too_large") return json({ kind: "cancel" as Intent, result: null, error: t("v.contract.documentTooLarge") }, { status: 413 });
  if (body === null) badRequest();
  const kind: Intent = INTENTS.find((i) => i === body.fields.get("intent")) ?? "register";
  const fail = (result: unknown, status = 400) => json({ kind, result: result as never, error: null as string | null }, { status });
  let outcome: ContractResult;
  let reply: ((o?: { fieldErrors: Record<string, string[]> }) => unknown) | null = null;
  try {
    if (kind === "confirm") outcome = confirmElsewhereContract(db, actor, id, requestId);
    else if (kind === "return") {
      const s = parseForm(body.fields, returnSchema, locale);
      if (s.status !== "success") return fail(s.reply());
      reply = s.reply;
      outcome = returnContract(db, actor, id, s.value.reason, requestId);
    } else if (kind === "cancel") {
      const s = parseForm(body.fields, cancelSchema, locale);
      if (s.status !== "success") return fail(s.reply());
      reply = s.reply;
      outcome = cancelRegistration(db, actor, id, { reason: s.value.reason, evidence: body.file }, requestId);
    } else if (kind === "terminate") {
      const s = parseForm(body.fields, terminateSchema, locale);
      if (s.status !== "success") return fail(s.reply());
      reply = s.reply;
      outcome = recordTermination(db, actor, id, { terminatedOn: s.value.terminatedOn, reason: s.value.reason, evidence: body.file }, requestId);
    } else {
      const s = parseForm(body.fields, registrationSchema, locale);
      if (s.status !== "success") return fail(s.reply());
      reply = s.reply;
      outcome = registerContract(db, actor, id, s.value, requestId);
    }
  } catch (err) {
    if (!isFileStorageFault(err)) throw err;
    console.error(JSON.stringify({ level: "error", event: "document_storage_fault", code: (err as { code?: string }).code, requestId }));
    throw await storageFaultResponse(request);
  }
  if (outcome.ok) return redirect(`/admin/contracts?done=${DONE[kind]}`);
  if ("fieldErrors" in outcome && reply) return fail(reply({ fieldErrors: localiseFieldErrors(locale, outcome.fieldErrors) }));
  if ("error" in outcome && outcome.error === "not_found") notFound();
  return json({ kind, result: null, error: t("contract.error.conflict") }, { status: 409 });
}

export default function RegisterContract() {
  const t = useT();
  const locale = useLocale();
  const { view, flags, amendsNo, maxMb } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const c = view.contract;
  const last = (kind: Intent) => (actionData?.kind === kind ? actionData.result : null);
  return (
    <article>
      <p className="muted">
        <Link to="/admin/contracts">{t("registry.title")}</Link>
      </p>
      <h1>{c.title}</h1>
      <div className="tags">
        <ContractStatusTag status={c.status} supersededAt={c.supersededAt} elsewhereConfirmedAt={c.elsewhereConfirmedAt} />
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
      {view.openFlags.length > 0 && (view.canRegister || view.canConfirm) && <p className="alert error">{t("registry.flagsOpen")}</p>}
      {flags.length > 0 && <ContractFlags flags={flags} returnTo={`/admin/contracts/${c.id}`} />}
      <ContractRegistrationNotes contract={c} documents={view.documents} linkBase="/contracts" />
      {view.canRegister && (
        <div className="grid-2 registrar-forms">
          <RegisterForm
            lastResult={last("register")}
            items={{
              equipmentWan: fenToWanInput(c.equipmentFen),
              instrumentsWan: fenToWanInput(c.instrumentsFen),
              materialsWan: fenToWanInput(c.materialsFen),
              otherWan: fenToWanInput(c.otherFen),
            }}
            declaredTech={formatFen(c.techValueFen, locale)}
            codes={view.codesToAccept}
          />
          <ReturnForm lastResult={last("return")} />
        </div>
      )}
      {view.canConfirm && (
        <div className="grid-2 registrar-forms">
          <ConfirmElsewhereForm />
          <ReturnForm lastResult={last("return")} />
        </div>
      )}
      {(view.canCancel || view.canTerminate) && (
        <div className="grid-2 registrar-forms">
          {view.canTerminate && <TerminateForm lastResult={last("terminate")} maxMb={maxMb} />}
          {view.canCancel && <CancelForm lastResult={last("cancel")} maxMb={maxMb} />}
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
        filerName={view.filerName}
      />
      <ContractVersions currentId={c.id} family={view.family} linkBase="/admin/contracts" />
      <ContractHistory events={view.history} />
    </article>
  );
}
