import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { ScenarioForm } from "../components/scenario-form";
import { parseForm, scenarioSchema } from "../schemas/index.server";
import { forbidden } from "../services/http.server";
import { listFormOptions } from "../services/listings.server";
import { createScenario } from "../services/scenarios/drafting.server";
import { replyToScenarioSave } from "../services/scenarios/forms.server";
import { userContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "发布应用场景 · Post a scenario" }];

const mayPost = (role: string) => role === "enterprise" || role === "admin";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await userContext(request);
  if (!mayPost(user.role)) forbidden();
  return json({ options: listFormOptions(db), orgVerified: user.orgVerified });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, actor, locale, requestId } = await userContext(request);
  if (!mayPost(user.role)) forbidden();
  const submission = parseForm(await request.formData(), scenarioSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  return replyToScenarioSave(createScenario(db, actor, submission.value, requestId), submission, locale);
}

export default function NewScenario() {
  const t = useT();
  const locale = useLocale();
  const { options, orgVerified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("scenario.new")}</h1>
      {!orgVerified && <p className="alert info">{t("error.unverifiedOrg")}</p>}
      <ScenarioForm id="scenario-form" lastResult={data?.result} options={options} locale={locale} submitLabel={t("scenario.saveDraft")} />
    </div>
  );
}
