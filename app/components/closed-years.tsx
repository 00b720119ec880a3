import { Form, Link } from "@remix-run/react";
import { formatDateTime } from "../i18n/format";
import type { ClosedYearRevisions, ItemAmounts, Revision, RevisionsReport } from "../services/closed-year-revisions.server";
import type { YearFigures } from "../services/closed-years.server";
import type { IndicatorSetting, SeriesAmounts } from "../services/indicator.server";
import { formatFen, formatYi } from "../services/money";
import { useLocale, useT } from "./i18n";
import { TableScroll } from "./table-scroll";

const pick = (s: SeriesAmounts, setting: IndicatorSetting) => (setting.amount === "tech" ? s[setting.series].techFen : s[setting.series].contractFen);

/** "已关账 1.62 亿元 · 修订后 1.66 亿元" beside a closed year's live figures, or how to close an open one. */
export function ClosedYearLine({ figures, setting, closable }: { figures: YearFigures; setting: IndicatorSetting; closable: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (figures.closed) {
    return (
      <p className="card closed-year">
        <strong>
          {t("years.closedFigure", {
            closed: formatYi(pick(figures.closed.figures, setting), locale),
            revised: formatYi(pick(figures.current, setting), locale),
          })}
        </strong>{" "}
        <span className="muted small">{t("years.closedOn", { date: formatDateTime(figures.closed.closedAt, locale) })}</span>
      </p>
    );
  }
  return (
    <p className="card closed-year">
      <span className="muted">{t("years.open")}</span>{" "}
      {closable ? (
        <Link className="button secondary" to={`?year=${figures.year}&close=${figures.year}`}>
          {t("years.close")}
        </Link>
      ) : (
        <span className="muted small">{t("years.notEnded")}</span>
      )}
    </p>
  );
}

/** The confirmation step before a year is closed: what will be frozen, and the one button that does it. */
export function CloseYearConfirm({ figures }: { figures: YearFigures }) {
  const t = useT();
  const locale = useLocale();
  const { year } = figures;
  return (
    <section className="card narrow" aria-labelledby="close-year-title">
      <h2 id="close-year-title">{t("years.confirmTitle", { year })}</h2>
      <p>{t("years.confirmText", { year, output: formatYi(figures.current.output.contractFen, locale), count: figures.current.output.count })}</p>
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="close_year" />
        <input type="hidden" name="year" value={year} />
        <button type="submit" className="primary">
          {t("years.confirm")}
        </button>{" "}
        <Link to={`?year=${year}`}>{t("years.cancel")}</Link>
      </Form>
    </section>
  );
}

function AmountsCell({ a }: { a: ItemAmounts | null }) {
  const locale = useLocale();
  return <td className="num">{a ? `${formatFen(a.contractValueFen, locale)} / ${formatFen(a.techValueFen, locale)}` : "—"}</td>;
}

function RevisionRow({ r }: { r: Revision }) {
  const t = useT();
  const locale = useLocale();
  return (
    <tr>
      <td>{t(`years.kind.${r.kind}`)}</td>
      <td>
        {r.registrationNo ?? "—"}
        {r.source === "national" && <span className="muted small"> · {t("years.source.national")}</span>}
      </td>
      <AmountsCell a={r.before} />
      <AmountsCell a={r.after} />
      <td>{formatDateTime(r.changedAt, locale)}</td>
    </tr>
  );
}

function YearRevisions({ y, setting }: { y: ClosedYearRevisions; setting: IndicatorSetting }) {
  const t = useT();
  const locale = useLocale();
  return (
    <TableScroll
      label={t("years.revisionsOf", { year: y.year, closed: formatYi(pick(y.closed, setting), locale), revised: formatYi(pick(y.revised, setting), locale) })}
    >
      <table className="data">
        <caption>
          {t("years.revisionsOf", { year: y.year, closed: formatYi(pick(y.closed, setting), locale), revised: formatYi(pick(y.revised, setting), locale) })}
        </caption>
        <thead>
          <tr>
            <th>{t("years.col.kind")}</th>
            <th>{t("years.col.no")}</th>
            <th className="num">{t("years.col.before")}</th>
            <th className="num">{t("years.col.after")}</th>
            <th>{t("years.col.when")}</th>
          </tr>
        </thead>
        <tbody>
          {y.changes.map((r) => (
            <RevisionRow key={`${r.kind}-${r.familyId ?? ""}-${r.nationalRecordId ?? ""}`} r={r} />
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The revisions to closed years made in the report's year, closed year by closed year. */
export function RevisionsReportView({ report, setting }: { report: RevisionsReport; setting: IndicatorSetting }) {
  const t = useT();
  const years = report.years.filter((y) => y.changes.length > 0);
  return (
    <section className="stats-table">
      <h2>{t("years.revisions", { year: report.reportYear ?? "" })}</h2>
      {years.length === 0 ? <p className="card empty">{t("years.revisionsNone")}</p> : years.map((y) => <YearRevisions key={y.year} y={y} setting={setting} />)}
    </section>
  );
}
