import { Form, useSearchParams } from "@remix-run/react";
import type { MessageKey } from "../i18n";
import type { SuggestionView } from "../services/matching.server";
import { matchReading, topFactor } from "../../search/reading";
import { ListLink, useFollowLinks } from "./followed-links";
import { useT } from "./i18n";

const REASONS = ["not_relevant", "too_immature", "price", "ip_terms", "already_known", "other"] as const;

/** A score out of 100, as the big number beside a suggestion's title. */
export function MatchScore({ score }: { score: number }) {
  const t = useT();
  return (
    <span className="score" title={t("match.score", { score })}>
      {Math.round(score)}
      <span className="muted small">{t("match.outOf100")}</span>
    </span>
  );
}

/** One line a broker reads first: strong / possible / weak, and the factor that earned most. */
export function MatchReadingLine({ score, explanation }: { score: number; explanation: SuggestionView["explanation"] }) {
  const t = useT();
  const top = topFactor(explanation.factors);
  return (
    <p className="match-reading">
      {t(`match.reading.${matchReading(score)}` as MessageKey, { score: Math.round(score) })}
      {top && ` · ${t("match.topFactor", { factor: t(`match.factor.${top}` as MessageKey) })}`}
    </p>
  );
}

/** Why a suggestion scored what it did: a reading, each factor's points (folded away) and the shared terms. */
export function MatchExplanationView({ explanation, score }: { explanation: SuggestionView["explanation"]; score?: number }) {
  const t = useT();
  return (
    <>
      {score !== undefined && <MatchReadingLine score={score} explanation={explanation} />}
      <details>
        <summary>{t("match.why")}</summary>
        <table className="factors">
          <tbody>
            {Object.entries(explanation.factors).map(([name, f]) => (
              <tr key={name}>
                <th scope="row">{t(`match.factor.${name}` as MessageKey)}</th>
                <td>
                  <meter min={0} max={f.max} value={f.points} />
                </td>
                <td className="num">
                  {f.points} / {f.max}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {explanation.sharedTerms.length > 0 && (
        <div className="tags" aria-label={t("match.sharedTerms")}>
          <span className="muted">{t("match.sharedTerms")}:</span>
          {explanation.sharedTerms.slice(0, 8).map((term) => (
            <span key={term} className="tag">
              {term}
            </span>
          ))}
        </div>
      )}
    </>
  );
}

/** The top suggestions for a listing, each with its score broken down and a way to dismiss it. */
export function MatchList({ kind, items }: { kind: "need" | "achievement"; items: SuggestionView[] }) {
  const t = useT();
  const [params] = useSearchParams();
  const targetBase = kind === "need" ? "/achievements" : "/needs";
  const follow = useFollowLinks();
  return (
    <section className="matches" aria-labelledby="matches-title">
      <h2 id="matches-title">{kind === "need" ? t("match.forNeed") : t("match.forAchievement")}</h2>
      <p className="muted">{t("match.visibleTo")}</p>
      {params.get("done") === "dismissed" && <p className="alert ok">{t("match.dismissed")}</p>}
      {items.length === 0 ? (
        <p className="card empty">{t("match.none")}</p>
      ) : (
        <ol className="match-list" ref={follow}>
          {items.map((m) => (
            <li key={m.id} className="listing-item match">
              <div className="match-head">
                <h3>
                  <ListLink to={`${targetBase}/${m.id}`}>{m.title}</ListLink>
                </h3>
                <MatchScore score={m.score} />
              </div>
              <p>{m.orgName}</p>
              <MatchExplanationView explanation={m.explanation} score={m.score} />
              <Form method="post" className="dismiss">
                <input type="hidden" name="intent" value="dismiss" />
                <input type="hidden" name="otherId" value={m.id} />
                <label>
                  {t("match.dismissReason")}{" "}
                  <select name="reason" defaultValue="not_relevant">
                    {REASONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`match.reason.${r}` as MessageKey)}
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
    </section>
  );
}
