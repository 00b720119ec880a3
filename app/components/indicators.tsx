import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useLocale } from "./i18n";
import { numberFormat } from "../i18n/intl";

// A server-drawn chart (an SVG image named by its title) with its data table beside it.

export interface ChartView {
  id: string;
  title: string;
  valueLabel: string;
  rows: { label: string; value: number; href?: string | null }[];
  svg: string;
}

/** A chart with its figures as a table; `level` is its heading's, one below the section it sits in. */
export function ChartWithTable({
  chart,
  labelHeading,
  extra,
  level = 3,
}: {
  chart: ChartView;
  labelHeading: string;
  extra?: { heading: string; cells: ReactNode[] };
  level?: 2 | 3;
}) {
  const locale = useLocale();
  const Heading = level === 2 ? "h2" : "h3";
  const fmt = numberFormat(locale === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 2 });
  return (
    <section className="indicator-chart" aria-labelledby={`${chart.id}-h`} id={chart.id}>
      <Heading id={`${chart.id}-h`}>{chart.title}</Heading>
      <div className="indicator-chart-body">
        {/* The SVG is drawn by the server from figures alone; it carries role="img" and the title. */}
        <div className="chart-svg" dangerouslySetInnerHTML={{ __html: chart.svg }} />
        <table className="data">
          <caption>{chart.title}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              <th scope="col" className="num">
                {chart.valueLabel}
              </th>
              {extra && (
                <th scope="col" className="num">
                  {extra.heading}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {chart.rows.map((r, i) => (
              <tr key={`${r.label}-${i}`}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.href ? <Link to={r.href}>{fmt.format(r.value)}</Link> : fmt.format(r.value)}</td>
                {extra && <td className="num">{extra.cells[i]}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
