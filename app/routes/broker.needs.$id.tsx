import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AmountRange } from "../components/browse";
import { BrokerStandingNotice } from "../components/broker-standing";
import { MatchExplanationView, MatchScore } from "../components/matches";
import { ListLink, useFollowLinks } from "../components/followed-links";
import { useLocale, useT } from "../components/i18n";
import { formatDate } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { suggestionIntentSchema } from "../schemas/index.server";
import { DISMISS_REASONS } from "../codes";
import { brokerStanding, refuseBrokerAction } from "../services/brokers.server";
import { confirmSuggestion, dismissSuggestion, getLedNeed, suggestionsForLedNeed } from "../services/claims.server";
import { badRequest, forbidden, idParam, notFound } from "../services/http.server";
import { formatFen } from "../services/money";
import { roleContext, userContext } from "../services/request.server";
import { getSearch } from "../services/search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.need.title} · 经纪人工作台` : "经纪人工作台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await roleContext(request, ["broker"]);
  const id = idParam(params.id);
  const led = getLedNeed(db, actor, id);
  if (!led) notFound();
  const standing = brokerStanding(db, actor.id);
  const active = standing.state === "active";
  return {
    need: led.need,
    orgName: led.orgName,
    claimedAt: led.claim.claimedAt,
    deals: led.deals,
    active,
    standing: {
      state: standing.state,
      note: standing.broker?.statusNote ?? null,
      validFrom: standing.broker?.validFrom ?? null,
      validUntil: standing.broker?.validUntil ?? null,
    },
    suggestions: active && led.need.status === "published" ? ((await suggestionsForLedNeed(db, getSearch(), actor, id)) ?? []) : [],
  };
}

const ERRORS: Record<string, { status: number; key: MessageKey }> = {
  inactive_broker: { status: 403, key: "broker.error.inactive" },
  conflict: { status: 409, key: "broker.error.alreadyDeal" },
  dismissed: { status: 409, key: "broker.error.dismissed" },
  taken: { status: 409, key: "broker.error.taken" },
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, t, requestId } = await userContext(request);
  const needId = idParam(params.id);
  if (actor.role !== "broker") {
    refuseBrokerAction(db, actor, "confirm", "need_claim", needId, requestId);
    forbidden();
  }
  const parsed = suggestionIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest();
  const input = parsed.data;
  const outcome =
    input.intent === "confirm"
      ? await confirmSuggestion(db, getSearch(), actor, { needId, achievementId: input.achievementId }, requestId)
      : dismissSuggestion(db, actor, { needId, achievementId: input.achievementId, reason: input.reason, note: input.note }, requestId);
  if (outcome.ok) return "matchId" in outcome ? redirect(`/deals/${outcome.matchId}?done=confirmed`) : redirect(`/broker/needs/${needId}?done=dismissed`);
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "forbidden") forbidden();
  const e = ERRORS[outcome.error]!;
  return json({ error: t(e.key) }, { status: e.status });
}

export default function LedNeed() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const follow = useFollowLinks();
  const error = useActionData<typeof action>()?.error;
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <article>
      <p className="muted">
        <Link to="/broker">{t("broker.workbench.title")}</Link> · {t("broker.led.claimedOn", { date: formatDate(d.claimedAt, locale) })}
      </p>
      <h1>{d.need.title}</h1>
      {!d.active && <BrokerStandingNotice {...d.standing} />}
      {done === "claimed" && <p className="alert ok">{t("broker.led.claimed")}</p>}
      {done === "dismissed" && <p className="alert ok">{t("match.dismissed")}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <section className="card">
        <p>
          {d.orgName} · <AmountRange min={d.need.budgetMinFen} max={d.need.budgetMaxFen} /> · {t("need.deadline")} {formatDate(d.need.deadline, locale)}
        </p>
        <p className="pre-wrap">{d.need.description}</p>
        <Link to={`/needs/${d.need.id}`}>{t("broker.led.fullNeed")}</Link>
      </section>

      {d.deals.length > 0 && (
        <>
          <h2>{t("broker.led.deals")}</h2>
          <ul className="plain-list" ref={follow}>
            {d.deals.map((m) => (
              <li key={m.id}>
                <ListLink to={m.stage === "suggested" ? `/achievements/${m.achievementId}` : `/deals/${m.id}`}>{m.title}</ListLink>{" "}
                <span className="tag">{t(`deal.stage.${m.stage}` as MessageKey)}</span>
                {m.stage === "suggested" && d.active && (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="confirm" />
                    <input type="hidden" name="achievementId" value={m.achievementId} />
                    <button type="submit" className="secondary small">
                      {t("broker.led.confirm")}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      {d.active && d.need.status === "published" && (
        <section className="matches" aria-labelledby="suggestions-title">
          <h2 id="suggestions-title">{t("broker.led.suggestions")}</h2>
          <p className="muted">{t("broker.led.suggestionsHint")}</p>
          {d.suggestions.length === 0 ? (
            <p className="card empty">{t("match.none")}</p>
          ) : (
            <ol className="match-list" ref={follow}>
              {d.suggestions.map((s) => (
                <li key={s.achievementId} className="listing-item match">
                  <div className="match-head">
                    <h3>
                      <ListLink to={`/achievements/${s.achievementId}`}>{s.title}</ListLink>
                    </h3>
                    <MatchScore score={s.score} />
                  </div>
                  <p>
                    {s.orgName} · {s.priceFen === null ? t("common.negotiable") : formatFen(s.priceFen, locale)}
                  </p>
                  <MatchExplanationView explanation={s.explanation} score={s.score} />
                  <div className="actions">
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="confirm" />
                      <input type="hidden" name="achievementId" value={s.achievementId} />
                      <button type="submit" className="primary">
                        {t("broker.led.confirm")}
                      </button>
                    </Form>
                  </div>
                  <Form method="post" className="dismiss">
                    <input type="hidden" name="intent" value="dismiss" />
                    <input type="hidden" name="achievementId" value={s.achievementId} />
                    <label>
                      {t("match.dismissReason")}{" "}
                      <select name="reason" defaultValue="not_relevant">
                        {DISMISS_REASONS.map((r) => (
                          <option key={r} value={r}>
                            {t(`match.reason.${r}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <input name="note" maxLength={300} placeholder={t("match.dismissNote")} aria-label={t("match.dismissNote")} />
                    <button type="submit" className="secondary">
                      {t("match.dismiss")}
                    </button>
                  </Form>
                </li>
              ))}
            </ol>
          )}
          <Form method="post" className="filter-bar card">
            <input type="hidden" name="intent" value="confirm" />
            <label htmlFor="own-achievement">{t("broker.led.ownPick")}</label>
            <input id="own-achievement" name="achievementId" inputMode="numeric" pattern="[0-9]*" required placeholder={t("broker.led.ownPickHint")} />
            <button type="submit" className="secondary">
              {t("broker.led.confirm")}
            </button>
          </Form>
        </section>
      )}
    </article>
  );
}
