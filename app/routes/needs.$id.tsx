import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AmountRange } from "../components/browse";
import { useLocale, useT } from "../components/i18n";
import { contactRows, Facts, ListingHeader } from "../components/listing-page";
import { formatDate, formatDateTime, formatList } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { idParam, notFound } from "../services/http.server";
import { handleListingIntent } from "../services/listing-intents.server";
import { freshnessDays } from "../services/listings.server";
import { getNeedForViewer } from "../services/needs.server";
import { requestContext } from "../services/request.server";
import { suggestionsFor } from "../services/matching.server";
import { handleDismiss } from "../services/match-intents.server";
import { getSearch } from "../services/search.server";
import { MatchList } from "../components/matches";
import { ExpressInterest } from "../components/express-interest";
import { AttachmentGallery } from "../components/listing-attachments";
import { listAttachments } from "../services/listing-attachments.server";
import { interestState } from "../services/enquiries.server";
import { handleInterestIntent } from "../services/enquiry-intents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.view.need.title} · 吕梁科技大市场` : "吕梁科技大市场" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const id = idParam(params.id);
  const view = getNeedForViewer(db, actor, id);
  if (!view) notFound();
  const suggestions = await suggestionsFor(db, getSearch(), "need", actor, id);
  return {
    view,
    suggestions,
    staleDays: freshnessDays(db),
    showAudit: actor?.role === "admin",
    interest: interestState(db, actor, "need", id),
    attachments: listAttachments(db, "need", id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.clone().formData();
  if (form.get("intent") === "dismiss") return handleDismiss(request, "need", params.id, form);
  if (form.get("intent") === "interest") return handleInterestIntent(request, "need", params.id);
  return handleListingIntent(request, "need", params.id);
}

export default function NeedPage() {
  const t = useT();
  const locale = useLocale();
  const { view, suggestions, staleDays, showAudit, interest, attachments } = useLoaderData<typeof loader>();
  const { need, codes } = view;
  const name = (r: { nameZh: string; nameEn: string } | null) => (r ? (locale === "en" ? r.nameEn : r.nameZh) : "");
  return (
    <article>
      <p className="muted">{t("need.list.title")}</p>
      <h1>{need.title}</h1>
      <ListingHeader
        kind="need"
        id={need.id}
        status={need.status}
        stale={view.stale}
        reviewNote={need.reviewNote}
        actions={view.actions}
        canEdit={view.canEdit}
        staleDays={staleDays}
        confirmedAt={need.confirmedAt}
        showAudit={showAudit}
      />
      <div className="grid-2">
        <section className="card">
          <h2>{t("need.description")}</h2>
          <p className="pre-wrap">{need.description}</p>
        </section>
        <section className="card">
          <Facts
            rows={[
              [
                t("listing.org"),
                <Link key="org" to={`/organisations/${need.orgId}`} title={t("listing.orgPage")}>
                  {locale === "en" ? (view.org.nameEn ?? view.org.name) : view.org.name}
                </Link>,
              ],
              [t("common.industryChain"), name(codes.chain)],
              [t("common.techField"), `${name(codes.fieldParent)} / ${name(codes.field)}`],
              [t("need.budget"), <AmountRange key="b" min={need.budgetMinFen} max={need.budgetMaxFen} />],
              [
                t("need.modes"),
                formatList(
                  need.cooperationModes.map((m) => t(`mode.${m}` as MessageKey)),
                  locale,
                ),
              ],
              [t("need.expectedTrl"), t(`trl.${need.expectedTrl}` as MessageKey)],
              [t("need.deadline"), formatDate(need.deadline, locale)],
              [t("common.county"), name(codes.county)],
              ...(need.listYear ? [[t("need.listYear"), String(need.listYear)] as [string, string]] : []),
              ...(need.publishedAt ? [[t("listing.publishedAt"), formatDateTime(need.publishedAt, locale)] as [string, string]] : []),
              ...contactRows(t, need, view.showContact),
            ]}
          />
          {!view.showContact && <p className="muted">{t("listing.contactHidden")}</p>}
        </section>
      </div>
      <AttachmentGallery files={attachments} />
      <ExpressInterest subject="need" id={need.id} state={interest} />
      {suggestions && <MatchList kind="need" items={suggestions} />}
    </article>
  );
}
