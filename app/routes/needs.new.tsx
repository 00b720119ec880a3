import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { NeedForm } from "../components/listing-forms";
import { needSchema, parseForm } from "../schemas/index.server";
import { replyToSave } from "../services/listing-save.server";
import { listFormOptions } from "../services/listings.server";
import { createNeed } from "../services/needs.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "发布技术需求 · Post a need" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await roleContext(request, ["enterprise"]);
  return json({ options: listFormOptions(db), orgVerified: user.orgVerified });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, requestId } = await roleContext(request, ["enterprise"]);
  const submission = parseForm(await request.formData(), needSchema(), locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  return replyToSave(createNeed(db, actor, submission.value, requestId), submission, locale, "/needs");
}

export default function NewNeed() {
  const t = useT();
  const locale = useLocale();
  const { options, orgVerified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("need.new")}</h1>
      {!orgVerified && <p className="alert info">{t("error.unverifiedOrg")}</p>}
      <NeedForm id="need-form" lastResult={data?.result} options={options} locale={locale} submitLabel={t("listing.saveDraft")} />
    </div>
  );
}
