import type { MessageKey } from "../i18n";
import type { Amounts, BreakdownRow, SeriesAmounts, SeriesRow } from "../services/indicator.server";
import { formatFen } from "../services/money";
import { useLocale, useT } from "./i18n";
import { TableScroll } from "./table-scroll";

const SERIES = ["output", "absorbed", "local"] as const;

function Cells({ a }: { a: Amounts }) {
  const locale = useLocale();
  return (
    <>
      <td className="num">{formatFen(a.contractFen, locale)}</td>
      <td className="num">{formatFen(a.techFen, locale)}</td>
      <td className="num">{a.count}</td>
    </>
  );
}

/** One dimension against the three series, each in 成交额, 技术交易额 and number of contracts. */
export function SeriesTable({
  caption,
  head,
  rows,
  totals,
  label,
}: {
  caption: string;
  /** What the first column lists: year, type, chain, broker. */
  head: string;
  rows: BreakdownRow[];
  totals?: SeriesAmounts;
  label?: (row: BreakdownRow) => string;
}) {
  const t = useT();
  const locale = useLocale();
  const name = label ?? ((r: BreakdownRow) => (locale === "en" ? r.labelEn : r.labelZh));
  return (
    <section className="stats-table">
      <h2>{caption}</h2>
      {rows.length === 0 ? (
        <p className="card empty">{t("stats.empty")}</p>
      ) : (
        <TableScroll label={caption}>
          <table className="data">
            <thead>
              <tr>
                <th rowSpan={2}>{head}</th>
                {SERIES.map((s) => (
                  <th key={s} colSpan={3} className="group">
                    {t(`stats.series.${s}`)}
                  </th>
                ))}
              </tr>
              <tr>
                {SERIES.map((s) => (
                  <Headers key={s} />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{name(r)}</th>
                  {SERIES.map((s) => (
                    <Cells key={s} a={r.series[s]} />
                  ))}
                </tr>
              ))}
            </tbody>
            {totals && (
              <tfoot>
                <tr>
                  <th scope="row">{t("stats.total")}</th>
                  {SERIES.map((s) => (
                    <Cells key={s} a={totals[s]} />
                  ))}
                </tr>
              </tfoot>
            )}
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function Headers() {
  const t = useT();
  return (
    <>
      <th className="num">{t("stats.amount.contract")}</th>
      <th className="num">{t("stats.amount.tech")}</th>
      <th className="num">{t("stats.count")}</th>
    </>
  );
}

/** Counties differ by series (seller's county for output and local, buyer's for absorbed), so one table each. */
export function CountyTables({ byCounty }: { byCounty: Record<(typeof SERIES)[number], SeriesRow[]> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="stats-table">
      <h2>{t("stats.byCounty")}</h2>
      <p className="hint muted">{t("stats.countyNote")}</p>
      <div className="grid-3">
        {SERIES.map((s) => (
          <div key={s}>
            <h3>{t(`stats.series.${s}` as MessageKey)}</h3>
            {byCounty[s].length === 0 ? (
              <p className="muted">{t("stats.empty")}</p>
            ) : (
              <table className="data">
                <thead>
                  <tr>
                    <th>{t("common.county")}</th>
                    <Headers />
                  </tr>
                </thead>
                <tbody>
                  {byCounty[s].map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{locale === "en" ? r.labelEn : r.labelZh}</th>
                      <Cells a={r.amounts} />
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
