import type { CityFigure } from "../services/indicator.server";
import { formatYi } from "../services/money";
import { useLocale, useT } from "./i18n";

/** The city's technology-contract amount against its target, e.g. "2026 · 18.6 亿元 / 50 亿元". */
export function ContractFigureStat({ figure }: { figure: CityFigure }) {
  const t = useT();
  const locale = useLocale();
  const value = formatYi(figure.valueFen, locale);
  const target = figure.target;
  const pct = target && target.valueFen > 0 ? Math.min(100, Math.round((figure.valueFen / target.valueFen) * 100)) : 0;
  return (
    <div className="stat contract-figure">
      <div className="muted">{t("home.contractAmount")}</div>
      <div className="value">
        {target
          ? t("home.contractFigure", { year: figure.year, value, target: formatYi(target.valueFen, locale) })
          : t("home.contractNoTarget", { year: figure.year, value })}
      </div>
      {target && (
        <div
          className="progress"
          role="progressbar"
          aria-label={t("home.contractAmount")}
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
          title={target.source}
        >
          <span style={{ width: `${pct}%` }} />
        </div>
      )}
      <div className="muted small">
        {t("home.contractBasis", { series: t(`stats.series.${figure.setting.series}`), amount: t(`stats.amount.${figure.setting.amount}`) })}
      </div>
    </div>
  );
}
