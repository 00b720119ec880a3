import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChallengeForm } from "../components/challenge-form";
import { useLocale, useT } from "../components/i18n";
import { challengeSchema, parseForm } from "../schemas/index.server";
import { createChallenge } from "../services/challenges/index.server";
import { doneRedirect, ownNeedsForChallenge, prefillFromNeed, refusalReply } from "../services/challenges/routes.server";
import { listFormOptions } from "../services/listings.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "发布揭榜挂帅 · Post a challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user, actor } = await roleContext(request, ["enterprise", "admin"]);
  const needId = Number(new URL(request.url).searchParams.get("need") ?? "");
  const defaultValue = Number.isSafeInteger(needId) && needId > 0 ? (prefillFromNeed(db, actor, needId) ?? undefined) : undefined;
  return json({ options: listFormOptions(db), needs: ownNeedsForChallenge(db, actor), defaultValue, orgVerified: user.orgVerified || user.role === "admin" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, requestId } = await roleContext(request, ["enterprise", "admin"]);
  const submission = parseForm(await request.formData(), challengeSchema(), locale);
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = createChallenge(db, actor, submission.value, requestId);
  if (!outcome.ok) return refusalReply(outcome.error, "/challenges/new");
  return doneRedirect(`/challenges/${outcome.id}?saved=1`);
}

export default function NewChallenge() {
  const t = useT();
  const locale = useLocale();
  const { options, needs, defaultValue, orgVerified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("challenge.new")}</h1>
      {!orgVerified && <p className="alert info">{t("error.unverifiedOrg")}</p>}
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
    </div>
  );
}
