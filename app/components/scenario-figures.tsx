import { Link } from "@remix-run/react";
import { useT } from "./i18n";

/** The scenario list's headline figures beside the indicator page's others: the year's list against its target, and how many are open now. */
export function ScenarioFigures({ official }: { official: { year: number; scenarios: number; openScenarios: number; scenarioTarget: number } }) {
  const t = useT();
  return (
    <>
      <div>
        <dt>{t("indicators.scenarios")}</dt>
        <dd className="stat">
          <Link to={`/scenarios?year=${official.year}`}>{official.scenarios}</Link>
        </dd>
        <dd className="muted">
          {t("indicators.scenarioTarget")}: {official.scenarioTarget}
        </dd>
      </div>
      <div>
        <dt>{t("indicators.openScenarios")}</dt>
        <dd className="stat">{official.openScenarios}</dd>
      </div>
    </>
  );
}
