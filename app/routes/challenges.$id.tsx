import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ApplyForm, ChallengeActions, ChallengeFacts, StatusTag, Winners } from "../components/challenge-page";
import { ExpressInterest } from "../components/express-interest";
import { AttachmentGallery } from "../components/listing-attachments";
import { useT } from "../components/i18n";
import { challengeApplicationSchema, challengePageIntentSchema, parseForm } from "../schemas/index.server";
import {
  applyToChallenge,
  cancelChallenge,
  closeChallengeEarly,
  getChallengeForViewer,
  reviewChallenge,
  submitChallenge,
  MAX_FILES_PER_APPLICATION,
} from "../services/challenges/index.server";
import { doneRedirect, refusalReply } from "../services/challenges/routes.server";
import { interestState } from "../services/enquiries.server";
import { listAttachments } from "../services/listing-attachments.server";
import { handleInterestIntent } from "../services/enquiry-intents.server";
import { MAX_FILE_BYTES } from "../services/deal-files.server";
import { readSingleFileUpload } from "../services/file-upload.server";
import { badRequest, idParam, notFound } from "../services/http.server";
import { requestContext, userContext } from "../services/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.view.challenge.title} · 揭榜挂帅` : "揭榜挂帅 · Challenges" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const id = idParam(params.id);
  const view = getChallengeForViewer(db, actor, id);
  if (!view) notFound();
  return json({
    view,
    signedIn: !!actor,
    isAdmin: actor?.role === "admin",
    maxMb: MAX_FILE_BYTES / 1024 / 1024,
    maxFiles: MAX_FILES_PER_APPLICATION,
    interest: interestState(db, actor, "challenge", id),
    attachments: listAttachments(db, "challenge", id),
  });
}

async function apply(request: Request, id: number) {
  const { db, actor, locale, requestId } = await userContext(request);
  const upload = await readSingleFileUpload(request, "file", MAX_FILE_BYTES);
  if (upload === "too_large") return refusalReply("too_large", `/challenges/${id}`);
  if (upload === null) badRequest();
  const submission = parseForm(upload.fields, challengeApplicationSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = applyToChallenge(db, actor, id, submission.value, upload.file ? [upload.file] : [], requestId);
  if (!outcome.ok) return refusalReply(outcome.error, `/challenges/${id}`);
  return doneRedirect(`/challenges/${id}?done=applied#apply`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = idParam(params.id);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return apply(request, id);
  if ((await request.clone().formData()).get("intent") === "interest") return handleInterestIntent(request, "challenge", params.id);
  const { db, actor, requestId } = await userContext(request);
  const parsed = challengePageIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "v.reasonRequired" as const, back: `/challenges/${id}` }, { status: 400 });
  const i = parsed.data;
  const outcome =
    i.intent === "submit"
      ? submitChallenge(db, actor, id, requestId)
      : i.intent === "close"
        ? closeChallengeEarly(db, actor, id, requestId)
        : i.intent === "approve"
          ? reviewChallenge(db, actor, id, { decision: "approve" }, requestId)
          : i.intent === "return"
            ? reviewChallenge(db, actor, id, { decision: "return", reason: i.reason }, requestId)
            : cancelChallenge(db, actor, id, i.reason, requestId);
  if (!outcome.ok) return refusalReply(outcome.error, `/challenges/${id}`);
  return doneRedirect(`/challenges/${id}?done=${i.intent}`);
}

export default function ChallengePage() {
  const t = useT();
  const { view, signedIn, isAdmin, maxMb, interest, attachments } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const c = view.challenge;
  const seesApplications = view.parties.length > 0 || !!view.myApplication;
  return (
    <article>
      <p className="muted">
        <Link to="/challenges">{t("challenge.list.title")}</Link>
      </p>
      <h1>{c.title}</h1>
      <p>
        <StatusTag status={view.status} /> <span className="tag">{t(`challenge.mode.${c.mode}`)}</span>
      </p>
      {done && (
        <p className="alert ok" role="status">
          {t("challenge.done")}
        </p>
      )}
      {data && "error" in data && (
        <p className="alert error" role="alert">
          {t(data.error)}
        </p>
      )}
      {c.status === "cancelled" && (
        <section className="alert warn" id="cancelled">
          <strong>{t("challenge.cancelledReason")}</strong> {c.cancelReason}
        </section>
      )}
      {c.status === "returned" && c.reviewNote && (
        <p className="alert warn">
          {t("challenge.returnedNote")} {c.reviewNote}
        </p>
      )}
      {view.winners.length > 0 && <Winners winners={view.winners} />}
      <ChallengeActions view={view} isAdmin={isAdmin} />
      {seesApplications && (
        <p>
          <Link to={`/challenges/${c.id}/applications`} className="button">
            {view.parties.length > 0 ? t("challenge.applications.open") : t("challenge.applications.mine")}
          </Link>
        </p>
      )}
      <ChallengeFacts view={view} />
      <AttachmentGallery files={attachments} />
      <ApplyForm view={view} signedIn={signedIn} maxMb={maxMb} lastResult={data && "result" in data ? data.result : undefined} />
      <ExpressInterest subject="challenge" id={c.id} state={interest} />
    </article>
  );
}
