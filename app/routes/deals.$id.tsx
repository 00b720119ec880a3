import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DealFiles, DealLog, DealParties, DealResponses, NoteForm, ProposalForm, StageForm, StageTag } from "../components/deal-room";
import { useLocale, useT } from "../components/i18n";
import { formatDateTime } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { dealIntentSchema, parseForm } from "../schemas/index.server";
import { MAX_FILE_BYTES, MAX_FILES_PER_DEAL, refuseUpload, storeDealFile, type UploadError } from "../services/deal-files.server";
import { readSingleFileUpload, type UploadedFile } from "../services/file-upload.server";
import { applyDealIntent, dealVisible, getDealForViewer, refuseDealAction, type DealError } from "../services/deals.server";
import { badRequest, forbidden, idParam, notFound } from "../services/http.server";
import { requestContext, userContext } from "../services/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.deal.subject.title} · 对接 · Deal` : "对接 · Deal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const deal = getDealForViewer(db, actor, idParam(params.id));
  if (!deal) notFound();
  return json({ deal, showAudit: actor?.role === "admin", maxFiles: MAX_FILES_PER_DEAL, maxMb: MAX_FILE_BYTES / 1024 / 1024 });
}

const DEAL_ERRORS: Record<Exclude<DealError, "not_found" | "forbidden">, { status: number; key: MessageKey }> = {
  inactive_broker: { status: 403, key: "broker.error.inactive" },
  closed: { status: 409, key: "deal.error.closed" },
  conflict: { status: 409, key: "deal.error.conflict" },
  needs_confirmations: { status: 409, key: "deal.signNeedsBoth" },
};

const UPLOAD_ERRORS: Record<Exclude<UploadError, "not_found" | "forbidden">, { status: number; key: MessageKey }> = {
  inactive_broker: { status: 403, key: "broker.error.inactive" },
  closed: { status: 409, key: "deal.error.closed" },
  empty: { status: 400, key: "deal.files.emptyUpload" },
  too_large: { status: 413, key: "deal.files.tooLarge" },
  unsupported_type: { status: 415, key: "deal.files.badType" },
  quota: { status: 413, key: "deal.files.quota" },
};

/** One file per request: a second file part, or a file under another name, is not read. */
async function readUpload(request: Request): Promise<UploadedFile | "too_large" | null> {
  const upload = await readSingleFileUpload(request, "file", MAX_FILE_BYTES);
  return upload === null || upload === "too_large" ? upload : upload.file;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, t, locale, requestId } = await userContext(request);
  const id = idParam(params.id);
  if (!dealVisible(db, actor, id)) {
    refuseDealAction(db, actor, id, requestId);
    notFound();
  }
  const contentType = request.headers.get("Content-Type") ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    const upload = await readUpload(request);
    if (upload === "too_large") {
      refuseUpload(db, actor, id, "too_large", requestId);
      return json({ error: t("deal.files.tooLarge") }, { status: 413 });
    }
    if (upload === null) badRequest();
    const outcome = storeDealFile(db, actor, id, upload, requestId);
    if (outcome.ok) return redirect(`/deals/${id}?done=uploaded#files`);
    if (outcome.error === "not_found") notFound();
    if (outcome.error === "forbidden") forbidden();
    const e = UPLOAD_ERRORS[outcome.error];
    return json({ error: t(e.key) }, { status: e.status });
  }
  const submission = parseForm(await request.formData(), dealIntentSchema, locale);
  if (submission.status !== "success") return invalidIntent(submission.payload, submission.error ?? {});
  const outcome = applyDealIntent(db, actor, id, submission.value, requestId);
  if (outcome.ok) return redirect(`/deals/${id}?done=${submission.value.intent}`);
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "forbidden") forbidden();
  const e = DEAL_ERRORS[outcome.error];
  return json({ error: t(e.key) }, { status: e.status });
}

/**
 * A form of the room that does not pass its schema comes back with the message beside its field
 * (already in the visitor's language) and, for a note, what was typed; a post with no known
 * intent is a bad request.
 */
function invalidIntent(payload: Record<string, unknown>, errors: Record<string, string[] | null>) {
  const messages = Object.values(errors).flatMap((m) => m ?? []);
  if (payload.intent === "note") {
    const body = typeof payload.body === "string" ? payload.body : "";
    return json({ noteError: messages[0] ?? null, noteBody: body }, { status: 400 });
  }
  if (messages.length === 0 || errors.intent) badRequest();
  return json({ error: messages.join(" ") }, { status: 400 });
}

const DONE: Record<string, MessageKey> = {
  note: "deal.done.note",
  stage: "deal.done.stage",
  propose: "deal.done.propose",
  answer: "deal.done.answer",
  agree: "deal.done.agree",
  uploaded: "deal.done.uploaded",
  confirmed: "deal.done.confirmed",
};

export default function DealRoom() {
  const t = useT();
  const locale = useLocale();
  const { deal, showAudit, maxFiles, maxMb } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : undefined;
  const note = actionData && "noteBody" in actionData ? actionData : null;
  const [params] = useSearchParams();
  const done = params.get("done");
  const can = (a: (typeof deal.actions)[number]) => deal.actions.includes(a);
  const confirmedSides = new Set(deal.confirmations.map((c) => c.side));
  return (
    <article className="deal-room">
      <p className="muted">
        {deal.role === "lead" ? (
          <Link to="/broker">{t("broker.workbench.title")}</Link>
        ) : deal.role === "admin" ? (
          t("deal.title")
        ) : (
          <Link to="/me/deals">{t("deal.mine.title")}</Link>
        )}
      </p>
      <h1>
        {deal.subject.title} <span className="muted">↔</span> {deal.achievement.title}
      </h1>
      <div className="tags">
        <StageTag stage={deal.match.stage} />
        {deal.match.source === "engine" && <span className="tag">{t("deal.score", { score: `${Math.round(deal.match.score)}${t("match.outOf100")}` })}</span>}
        {deal.match.stageChangedAt && <span className="tag">{t("deal.since", { date: formatDateTime(deal.match.stageChangedAt, locale) })}</span>}
        {showAudit && <Link to={`/admin/audit/match/${deal.match.id}`}>{t("listing.history")}</Link>}
      </div>
      {done && DONE[done] && <p className="alert ok">{t(DONE[done]!)}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {deal.role === "lead" && !deal.brokerActive && <p className="alert error">{t("broker.error.inactive")}</p>}
      {deal.match.stage === "dismissed" && deal.match.dismissReason && (
        <p className="alert info">
          {t("deal.dismissedBecause", { reason: t(`match.reason.${deal.match.dismissReason}` as MessageKey) })}
          {deal.match.dismissNote && ` · ${deal.match.dismissNote}`}
        </p>
      )}

      <DealParties deal={deal} />

      <section aria-labelledby="progress-title">
        <h2 id="progress-title">{t("deal.progress")}</h2>
        <div className="card">
          <p>
            {(["buyer", "seller"] as const).map((side) => (
              <span key={side} className={`tag ${confirmedSides.has(side) ? "ok" : ""}`}>
                {t(side === "buyer" ? "deal.buyer" : "deal.seller")}: {confirmedSides.has(side) ? t("deal.agreed") : t("deal.notYetAgreed")}
              </span>
            ))}
          </p>
          {can("agree") && (
            <Form method="post" className="inline">
              <input type="hidden" name="intent" value="agree" />
              <button type="submit" className="primary">
                {t("deal.agree")}
              </button>
              <span className="hint muted"> {t("deal.agreeHint")}</span>
            </Form>
          )}
          {can("stage") && <StageForm targets={deal.stageTargets} bothConfirmed={deal.bothConfirmed} />}
          {deal.role === "lead" && deal.match.stage === "signed" && deal.brokerActive && (
            <p>
              <Link to={`/contracts/new?matchId=${deal.match.id}`} className="button">
                {t("deal.recordContract")}
              </Link>
            </p>
          )}
        </div>
      </section>

      <section aria-labelledby="responses-title">
        <h2 id="responses-title">{t("deal.responses.title")}</h2>
        <DealResponses responses={deal.responses} />
        {can("propose") && (
          <div className="card">
            <ProposalForm isLead={deal.role === "lead"} />
          </div>
        )}
      </section>

      <section aria-labelledby="files-title" id="files">
        <h2 id="files-title">{t("deal.files.title")}</h2>
        <DealFiles matchId={deal.match.id} files={deal.files} canUpload={can("upload")} maxFiles={maxFiles} maxMb={maxMb} />
      </section>

      <section aria-labelledby="log-title">
        <h2 id="log-title">{t("deal.log.title")}</h2>
        {can("note") && (
          <div className="card">
            <NoteForm error={note?.noteError ?? null} typed={note?.noteBody ?? ""} />
          </div>
        )}
        <DealLog events={deal.events} />
      </section>
    </article>
  );
}
