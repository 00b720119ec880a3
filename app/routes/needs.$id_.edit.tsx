import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { AttachmentManager } from "../components/listing-attachments";
import { listAttachments, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "../services/listing-attachments.server";
import { NeedForm } from "../components/listing-forms";
import { needSchema, parseForm } from "../schemas/index.server";
import { replyToSave } from "../services/listing-save.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { listFormOptions } from "../services/listings.server";
import { fenToWanInput } from "../services/money";
import { getNeedForEdit, updateNeed } from "../services/needs.server";
import { userContext } from "../services/request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const found = getNeedForEdit(db, actor, idParam(params.id));
  if (!found.ok) return found.error === "not_found" ? notFound() : forbidden("not_editable");
  const n = found.need;
  return json({
    attachments: listAttachments(db, "need", n.id),
    listingId: n.id,
    maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024,
    maxFiles: MAX_ATTACHMENTS,
    id: n.id,
    options: listFormOptions(db),
    defaultValue: {
      title: n.title,
      description: n.description,
      industryChainId: n.industryChainId,
      techFieldCode: n.techFieldCode,
      budgetMinWan: fenToWanInput(n.budgetMinFen),
      budgetMaxWan: fenToWanInput(n.budgetMaxFen),
      cooperationModes: n.cooperationModes as string[],
      expectedTrl: String(n.expectedTrl),
      deadline: n.deadline,
      countyCode: n.countyCode,
      contactName: n.contactName,
      contactPhone: n.contactPhone,
      contactEmail: n.contactEmail ?? "",
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, requestId } = await userContext(request);
  const id = idParam(params.id);
  const editable = getNeedForEdit(db, actor, id);
  if (!editable.ok) return editable.error === "not_found" ? notFound() : forbidden("not_editable");
  const submission = parseForm(await request.formData(), needSchema(), locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  return replyToSave(updateNeed(db, actor, id, submission.value, requestId), submission, locale, "/needs");
}

export default function EditNeed() {
  const t = useT();
  const locale = useLocale();
  const { options, defaultValue, attachments, listingId, maxMb, maxFiles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("need.edit")}</h1>
      <p className="alert info">{t("listing.editableHint")}</p>
      <NeedForm id="need-form" lastResult={data?.result} defaultValue={defaultValue} options={options} locale={locale} submitLabel={t("common.save")} />
      <AttachmentManager subject="need" id={listingId} files={attachments} maxFiles={maxFiles} maxMb={maxMb} />
    </div>
  );
}
