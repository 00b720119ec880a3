import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { AttachmentManager } from "../components/listing-attachments";
import { ScenarioForm } from "../components/scenario-form";
import { parseForm, scenarioSchema } from "../schemas/index.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { listAttachments, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "../services/listing-attachments.server";
import { listFormOptions } from "../services/listings.server";
import { getScenarioForEdit, updateScenario } from "../services/scenarios/drafting.server";
import { replyToScenarioSave, scenarioFormValues } from "../services/scenarios/forms.server";
import { userContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "编辑应用场景 · Edit scenario" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const found = getScenarioForEdit(db, actor, idParam(params.id));
  if (!found.ok) return found.error === "not_found" ? notFound() : forbidden("not_editable");
  return json({
    id: found.scenario.id,
    options: listFormOptions(db),
    defaultValue: scenarioFormValues(found.scenario),
    attachments: listAttachments(db, "scenario", found.scenario.id),
    maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024,
    maxFiles: MAX_ATTACHMENTS,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, requestId } = await userContext(request);
  const id = idParam(params.id);
  const editable = getScenarioForEdit(db, actor, id);
  if (!editable.ok) return editable.error === "not_found" ? notFound() : forbidden("not_editable");
  const submission = parseForm(await request.formData(), scenarioSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  return replyToScenarioSave(updateScenario(db, actor, id, submission.value, requestId), submission, locale);
}

export default function EditScenario() {
  const t = useT();
  const locale = useLocale();
  const { id, options, defaultValue, attachments, maxMb, maxFiles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("scenario.edit")}</h1>
      <p className="alert info">{t("listing.editableHint")}</p>
      <ScenarioForm id="scenario-form" lastResult={data?.result} defaultValue={defaultValue} options={options} locale={locale} submitLabel={t("common.save")} />
      <AttachmentManager subject="scenario" id={id} files={attachments} maxFiles={maxFiles} maxMb={maxMb} />
    </div>
  );
}
