import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { AttachmentManager } from "../components/listing-attachments";
import { listAttachments, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "../services/listing-attachments.server";
import { AchievementForm } from "../components/listing-forms";
import { achievementSchema, parseForm } from "../schemas/index.server";
import { getAchievementForEdit, updateAchievement } from "../services/achievements.server";
import { replyToSave } from "../services/listing-save.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { listFormOptions } from "../services/listings.server";
import { fenToWanInput } from "../services/money";
import { userContext } from "../services/request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const found = getAchievementForEdit(db, actor, idParam(params.id));
  if (!found.ok) return found.error === "not_found" ? notFound() : forbidden("not_editable");
  const a = found.achievement;
  return json({
    attachments: listAttachments(db, "achievement", a.id),
    listingId: a.id,
    maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024,
    maxFiles: MAX_ATTACHMENTS,
    options: listFormOptions(db),
    defaultValue: {
      title: a.title,
      summary: a.summary,
      keywords: a.keywords.join("，"),
      industryChainId: a.industryChainId,
      techFieldCode: a.techFieldCode,
      trl: String(a.trl),
      ipType: a.ipType,
      patentNumbers: a.patentNumbers.join("\n"),
      transferModes: a.transferModes as string[],
      priceWan: fenToWanInput(a.priceFen),
      owners: a.owners,
      countyCode: a.countyCode ?? "",
      contactName: a.contactName,
      contactPhone: a.contactPhone,
      contactEmail: a.contactEmail ?? "",
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, requestId } = await userContext(request);
  const id = idParam(params.id);
  const editable = getAchievementForEdit(db, actor, id);
  if (!editable.ok) return editable.error === "not_found" ? notFound() : forbidden("not_editable");
  const submission = parseForm(await request.formData(), achievementSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  return replyToSave(updateAchievement(db, actor, id, submission.value, requestId), submission, locale, "/achievements");
}

export default function EditAchievement() {
  const t = useT();
  const locale = useLocale();
  const { options, defaultValue, attachments, listingId, maxMb, maxFiles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("ach.edit")}</h1>
      <p className="alert info">{t("listing.editableHint")}</p>
      <AchievementForm
        id="achievement-form"
        lastResult={data?.result}
        defaultValue={defaultValue}
        options={options}
        locale={locale}
        submitLabel={t("common.save")}
      />
      <AttachmentManager subject="achievement" id={listingId} files={attachments} maxFiles={maxFiles} maxMb={maxMb} />
    </div>
  );
}
