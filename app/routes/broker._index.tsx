import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BrokerAwardCard } from "../components/award-batches";
import { AmountRange } from "../components/browse";
import { RewardSummaryCard } from "../components/contract-rewards";
import { ChainTags } from "../components/broker-profile";
import { PipelineBoard } from "../components/broker-pipeline";
import { BrokerStandingNotice } from "../components/broker-standing";
import { ListLink, useFollowLinks } from "../components/followed-links";
import { useLocale, useT } from "../components/i18n";
import { formatDate, todayInShanghai, yearInShanghai } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { claimIntentSchema, openNeedsFilterSchema } from "../schemas/index.server";
import { brokerAwardFigures } from "../services/award-batches.server";
import { brokerStanding, refuseBrokerAction } from "../services/brokers.server";
import { chainNames, chainsForFilter, claimNeed, listClaimsOf, listOpenNeeds, suggestionsForLedNeed } from "../services/claims.server";
import { brokerPipeline } from "../services/deals.server";
import { badRequest, forbidden, notFound } from "../services/http.server";
import { roleContext } from "../services/request.server";
import { brokerRewardSummary } from "../services/rewards.server";
import { getSearch } from "../services/search.server";

export const meta: MetaFunction = () => [{ title: "经纪人工作台 · Broker workbench" }];

/** Claimed needs whose suggestions are counted on the board; more would slow the page for little. */
const SUGGESTION_COUNT_LIMIT = 12;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await roleContext(request, ["broker"]);
  const standing = brokerStanding(db, actor.id);
  const active = standing.state === "active";
  const filter = openNeedsFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const claims = listClaimsOf(db, actor.id);
  let pendingSuggestions = 0;
  if (active) {
    const search = getSearch();
    for (const c of claims.filter((c) => c.status === "published").slice(0, SUGGESTION_COUNT_LIMIT)) {
      pendingSuggestions += (await suggestionsForLedNeed(db, search, actor, c.needId, 5))?.length ?? 0;
    }
  }
  const own = standing.broker?.chains ?? [];
  return json({
    standing: {
      state: standing.state,
      note: standing.broker?.statusNote ?? null,
      validFrom: standing.broker?.validFrom ?? null,
      validUntil: standing.broker?.validUntil ?? null,
    },
    chains: chainNames(db),
    ownChains: own,
    filter: filter.chain ?? "mine",
    openNeeds: active ? listOpenNeeds(db, chainsForFilter(filter.chain, own)) : [],
    claims,
    pipeline: brokerPipeline(db, actor.id),
    pendingSuggestions,
    reward: standing.broker ? brokerRewardSummary(db, actor.id, yearInShanghai()) : null,
    awards: standing.broker ? brokerAwardFigures(db, actor.id, todayInShanghai()) : null,
  });
}

const ERRORS = {
  inactive_broker: { status: 403, key: "broker.error.inactive" },
  taken: { status: 409, key: "broker.error.taken" },
  conflict: { status: 409, key: "broker.error.notClaimable" },
} as const satisfies Record<string, { status: number; key: MessageKey }>;

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, t, requestId } = await roleContext(request, ["broker"], (c) =>
    refuseBrokerAction(c.db, c.actor, "claim", "need_claim", "any", c.requestId),
  );
  const parsed = claimIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest();
  const outcome = claimNeed(db, actor, parsed.data.needId, requestId);
  if (outcome.ok) return redirect(`/broker/needs/${parsed.data.needId}?done=claimed`);
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "forbidden") forbidden();
  const e = ERRORS[outcome.error];
  return json({ error: t(e.key) }, { status: e.status });
}

export default function Workbench() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error;
  const [params] = useSearchParams();
  const follow = useFollowLinks();
  const active = d.standing.state === "active";
  const chainName = (id: string) => {
    const c = d.chains.find((x) => x.id === id);
    return c ? (locale === "en" ? c.nameEn : c.nameZh) : id;
  };
  return (
    <>
      <h1>{t("broker.workbench.title")}</h1>
      <BrokerStandingNotice {...d.standing} />
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {params.get("done") === "applied" && <p className="alert ok">{t("broker.apply.done")}</p>}
      {d.awards && <BrokerAwardCard {...d.awards} />}
      {d.reward && <RewardSummaryCard summary={d.reward} />}
      <PipelineBoard columns={d.pipeline.columns} negotiationValueFen={d.pipeline.negotiationValueFen} pendingSuggestions={d.pendingSuggestions} />

      <h2>{t("broker.claims.title")}</h2>
      {d.claims.length === 0 ? (
        <p className="card empty">{t("broker.claims.empty")}</p>
      ) : (
        <table className="data" ref={follow}>
          <thead>
            <tr>
              <th>{t("need.title")}</th>
              <th>{t("listing.org")}</th>
              <th>{t("common.industryChain")}</th>
              <th>{t("broker.claims.claimedAt")}</th>
              <th className="num">{t("broker.claims.deals")}</th>
            </tr>
          </thead>
          <tbody>
            {d.claims.map((c) => (
              <tr key={c.needId}>
                <td>
                  <ListLink to={`/broker/needs/${c.needId}`}>{c.title}</ListLink>
                  {c.status !== "published" && <span className="tag">{t(`status.${c.status}` as MessageKey)}</span>}
                </td>
                <td>{c.orgName}</td>
                <td>{chainName(c.industryChainId)}</td>
                <td>{formatDate(c.claimedAt, locale)}</td>
                <td className="num">{c.deals}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {active && (
        <section aria-labelledby="open-title">
          <h2 id="open-title">{t("broker.open.title")}</h2>
          <Form method="get" className="filter-bar">
            <label htmlFor="chain">{t("common.industryChain")}</label>
            <select id="chain" name="chain" defaultValue={d.filter}>
              <option value="mine">{t("broker.open.mine")}</option>
              <option value="all">{t("common.all")}</option>
              {d.chains.map((c) => (
                <option key={c.id} value={c.id}>
                  {locale === "en" ? c.nameEn : c.nameZh}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              {t("common.filter")}
            </button>
          </Form>
          {d.filter === "mine" && d.ownChains.length > 0 && (
            <p className="muted">
              {t("broker.open.mineHint")} <ChainTags ids={d.ownChains} chains={d.chains} />
            </p>
          )}
          {d.openNeeds.length === 0 ? (
            <p className="card empty">{t("broker.open.empty")}</p>
          ) : (
            <table className="data" ref={follow}>
              <thead>
                <tr>
                  <th>{t("need.title")}</th>
                  <th>{t("listing.org")}</th>
                  <th>{t("common.industryChain")}</th>
                  <th>{t("need.budget")}</th>
                  <th>{t("need.deadline")}</th>
                  <th>{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {d.openNeeds.map((n) => (
                  <tr key={n.id}>
                    <td>
                      <ListLink to={`/needs/${n.id}`}>{n.title}</ListLink>
                    </td>
                    <td>{n.orgName}</td>
                    <td>{locale === "en" ? n.chainEn : n.chainZh}</td>
                    <td>
                      <AmountRange min={n.budgetMinFen} max={n.budgetMaxFen} />
                    </td>
                    <td>{formatDate(n.deadline, locale)}</td>
                    <td>
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="claim" />
                        <input type="hidden" name="needId" value={n.id} />
                        <button type="submit" className="primary">
                          {t("broker.open.claim")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
