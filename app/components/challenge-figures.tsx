import { Link } from "@remix-run/react";
import { numberFormat } from "../i18n/intl";
import { formatYi } from "../services/money";
import { useLocale, useT } from "./i18n";

/** The challenge figures of the indicators: open now, awarded in the year, and the rewards awarded. */
export function ChallengeFigures({
  figures,
  year,
}: {
  figures: { openChallenges: number; awardedChallenges: number; challengeRewardFen: number };
  year: number;
}) {
  const t = useT();
  const locale = useLocale();
  const fmt = numberFormat(locale === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 0 });
  return (
    <section aria-labelledby="challenge-figures-title">
      <h2 id="challenge-figures-title">
        <Link to="/challenges">{t("challenge.list.title")}</Link>
      </h2>
      <dl className="headline-figures">
        <div>
          <dt>{t("challenge.ind.open")}</dt>
          <dd className="stat">{fmt.format(figures.openChallenges)}</dd>
        </div>
        <div>
          <dt>{t("challenge.ind.awarded", { year })}</dt>
          <dd className="stat">{fmt.format(figures.awardedChallenges)}</dd>
        </div>
        <div>
          <dt>{t("challenge.ind.reward", { year })}</dt>
          <dd className="stat">{formatYi(figures.challengeRewardFen, locale)}</dd>
        </div>
      </dl>
    </section>
  );
}
