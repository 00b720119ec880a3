import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { AchievementForm } from "../components/listing-forms";
import { achievementSchema, parseForm } from "../schemas/index.server";
import { replyToSave } from "../services/listing-save.server";
import { listFormOptions } from "../services/listings.server";
import { createAchievement } from "../services/achievements.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "发布科技成果 · List an achievement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await roleContext(request, ["institute"]);
  return json({ options: listFormOptions(db), orgVerified: user.orgVerified });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, requestId } = await roleContext(request, ["institute"]);
  const submission = parseForm(await request.formData(), achievementSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  return replyToSave(createAchievement(db, actor, submission.value, requestId), submission, locale, "/achievements");
}

export default function NewAchievement() {
  const t = useT();
  const locale = useLocale();
  const { options, orgVerified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("ach.new")}</h1>
      {!orgVerified && <p className="alert info">{t("error.unverifiedOrg")}</p>}
      <AchievementForm id="achievement-form" lastResult={data?.result} options={options} locale={locale} submitLabel={t("listing.saveDraft")} />
    </div>
  );
}
