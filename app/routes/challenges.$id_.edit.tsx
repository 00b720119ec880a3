import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AttachmentManager } from "../components/listing-attachments";
import { listAttachments, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "../services/listing-attachments.server";
import { ChallengeForm } from "../components/challenge-form";
import { useLocale, useT } from "../components/i18n";
import { challengeSchema, parseForm } from "../schemas/index.server";
import { getChallengeForEdit, updateChallenge } from "../services/challenges/index.server";
import { challengeFormValues, doneRedirect, ownNeedsForChallenge, refusalReply } from "../services/challenges/routes.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { listFormOptions } from "../services/listings.server";
import { userContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "修改揭榜挂帅 · Edit a challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const id = idParam(params.id);
  const found = getChallengeForEdit(db, actor, id);
  if (!found.ok) return found.error === "not_found" ? notFound() : forbidden("not_editable");
  return json({
    id,
    options: listFormOptions(db),
    needs: ownNeedsForChallenge(db, actor),
    defaultValue: challengeFormValues(found.challenge),
    attachments: listAttachments(db, "challenge", id),
    maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024,
    maxFiles: MAX_ATTACHMENTS,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, requestId } = await userContext(request);
  const id = idParam(params.id);
  const found = getChallengeForEdit(db, actor, id);
  if (!found.ok) return found.error === "not_found" ? notFound() : forbidden("not_editable");
  const submission = parseForm(await request.formData(), challengeSchema(), locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = updateChallenge(db, actor, id, submission.value, requestId);
  if (!outcome.ok) return refusalReply(outcome.error, `/challenges/${id}`);
  return doneRedirect(`/challenges/${id}?saved=1`);
}

export default function EditChallenge() {
  const t = useT();
  const locale = useLocale();
  const { id, options, needs, defaultValue, attachments, maxMb, maxFiles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("challenge.edit")}</h1>
      {data && "error" in data && <p className="alert error">{t(data.error)}</p>}
      <ChallengeForm
        id="challenge-form"
        lastResult={data && "result" in data ? data.result : undefined}
        defaultValue={defaultValue}
        options={options}
        needs={needs}
        locale={locale}
        submitLabel={t("listing.saveDraft")}
      />
      <AttachmentManager subject="challenge" id={id} files={attachments} maxFiles={maxFiles} maxMb={maxMb} />
    </div>
  );
}
