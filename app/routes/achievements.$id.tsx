import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AmountRange } from "../components/browse";
import { useLocale, useT } from "../components/i18n";
import { contactRows, Facts, ListingHeader } from "../components/listing-page";
import { formatDateTime, formatList } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { trlStage } from "../../db/vocabularies";
import { getAchievementForViewer, setOnTransformationList } from "../services/achievements.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { handleListingIntent } from "../services/listing-intents.server";
import { freshnessDays } from "../services/listings.server";
import { requestContext, userContext } from "../services/request.server";
import { suggestionsFor } from "../services/matching.server";
import { handleDismiss } from "../services/match-intents.server";
import { getSearch } from "../services/search.server";
import { MatchList } from "../components/matches";
import { ExpressInterest } from "../components/express-interest";
import { AttachmentGallery } from "../components/listing-attachments";
import { listAttachments } from "../services/listing-attachments.server";
import { interestState } from "../services/enquiries.server";
import { handleInterestIntent } from "../services/enquiry-intents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.view.achievement.title} · 吕梁科技大市场` : "吕梁科技大市场" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const id = idParam(params.id);
  const view = getAchievementForViewer(db, actor, id);
  if (!view) notFound();
  const suggestions = await suggestionsFor(db, getSearch(), "achievement", actor, id);
  // The maturity stage is worked out here: the vocabularies module stays on the server.
  return json({
    view,
    stage: trlStage(view.achievement.trl),
    suggestions,
    staleDays: freshnessDays(db),
    showAudit: actor?.role === "admin",
    interest: interestState(db, actor, "achievement", id),
    attachments: listAttachments(db, "achievement", id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.clone().formData();
  const intent = form.get("intent");
  if (intent === "dismiss") return handleDismiss(request, "achievement", params.id, form);
  if (intent === "interest") return handleInterestIntent(request, "achievement", params.id);
  if (intent !== "tlist.add" && intent !== "tlist.remove") return handleListingIntent(request, "achievement", params.id);
  const { db, actor, requestId } = await userContext(request);
  const id = idParam(params.id);
  const outcome = setOnTransformationList(db, actor, id, intent === "tlist.add", { requestId });
  if (!outcome.ok) return outcome.error === "not_found" ? notFound() : forbidden(outcome.error);
  return redirect(`/achievements/${id}`);
}

export default function AchievementPage() {
  const t = useT();
  const locale = useLocale();
  const { view, stage, suggestions, staleDays, showAudit, interest, attachments } = useLoaderData<typeof loader>();
  const { achievement: a, codes } = view;
  const name = (r: { nameZh: string; nameEn: string } | null) => (r ? (locale === "en" ? r.nameEn : r.nameZh) : "");
  return (
    <article>
      <p className="muted">{t("ach.list.title")}</p>
      <h1>{a.title}</h1>
      {a.transformationListYear && <p className="tag ok">{t("ach.onTransformationList", { year: a.transformationListYear })}</p>}
      <ListingHeader
        kind="achievement"
        id={a.id}
        status={a.status}
        stale={view.stale}
        reviewNote={a.reviewNote}
        actions={view.actions}
        canEdit={view.canEdit}
        staleDays={staleDays}
        confirmedAt={a.confirmedAt}
        showAudit={showAudit}
      />
      {view.canManageList && (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value={a.transformationListYear ? "tlist.remove" : "tlist.add"} />
          <button type="submit" className={a.transformationListYear ? "secondary" : "primary"}>
            {a.transformationListYear ? t("ach.tlist.remove") : t("ach.tlist.add")}
          </button>
        </Form>
      )}
      <div className="grid-2">
        <section className="card">
          <h2>{t("ach.summary")}</h2>
          <p className="pre-wrap">{a.summary}</p>
          <div className="tags">
            {a.keywords.map((k) => (
              <span key={k} className="tag">
                {k}
              </span>
            ))}
          </div>
        </section>
        <section className="card">
          <Facts
            rows={[
              [
                t("listing.org"),
                <Link key="org" to={`/organisations/${a.orgId}`} title={t("listing.orgPage")}>
                  {locale === "en" ? (view.org.nameEn ?? view.org.name) : view.org.name}
                </Link>,
              ],
              [t("common.industryChain"), name(codes.chain)],
              [t("common.techField"), `${name(codes.fieldParent)} / ${name(codes.field)}`],
              [t("ach.stage"), `${t(`stage.${stage}` as MessageKey)} · ${t(`trl.${a.trl}` as MessageKey)}`],
              [t("ach.ipType"), t(`ip.${a.ipType}` as MessageKey)],
              ...(a.patentNumbers.length ? [[t("ach.patentNumbers"), formatList(a.patentNumbers, locale)] as [string, string]] : []),
              [
                t("ach.transferModes"),
                formatList(
                  a.transferModes.map((m) => t(`mode.${m}` as MessageKey)),
                  locale,
                ),
              ],
              [t("ach.price"), <AmountRange key="p" min={a.priceFen} max={a.priceFen} />],
              [t("ach.owners"), a.owners],
              ...(codes.county ? [[t("common.county"), name(codes.county)] as [string, string]] : []),
              ...(a.publishedAt ? [[t("listing.publishedAt"), formatDateTime(a.publishedAt, locale)] as [string, string]] : []),
              ...contactRows(t, a, view.showContact),
            ]}
          />
          {!view.showContact && <p className="muted">{t("listing.contactHidden")}</p>}
        </section>
      </div>
      <AttachmentGallery files={attachments} />
      <ExpressInterest subject="achievement" id={a.id} state={interest} />
      {suggestions && <MatchList kind="achievement" items={suggestions} />}
    </article>
  );
}
