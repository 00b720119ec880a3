import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { NATIONAL_RECORD_STATUSES } from "../codes";
import { useLocale, useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import { nationalRecordFilterSchema } from "../schemas/index.server";
import { formatFen } from "../services/money";
import { listNationalRecords, type NationalRecordRow } from "../services/national-import/records.server";
import { roleContext } from "../services/request.server";
import { TableScroll } from "../components/table-scroll";

// The records imported from the national system, newest registration first, fifty a page:
// filtered by status, registration year and a text query; each links to its own page.

export const meta: MetaFunction = () => [{ title: "全国系统登记记录 · Records from the national system" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const filter = nationalRecordFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({ filter, ...listNationalRecords(db, filter) });
}

function Place({ division }: { division: string }) {
  const t = useT();
  const local = division.startsWith("1411");
  return <span className={`tag${local ? " ok" : ""}`}>{t(local ? "records.local" : "records.outside")}</span>;
}

function Filters({ status, year, q, years }: { status: string; year: string; q: string; years: number[] }) {
  const t = useT();
  return (
    <Form method="get" className="filters inline">
      <label>
        {t("records.filter.status")}{" "}
        <select name="status" defaultValue={status}>
          <option value="">{t("common.all")}</option>
          {NATIONAL_RECORD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`records.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        {t("records.filter.year")}{" "}
        <select name="year" defaultValue={year}>
          <option value="">{t("records.filter.allYears")}</option>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        {t("records.filter.q")} <input type="search" name="q" maxLength={100} defaultValue={q} />
      </label>{" "}
      <button type="submit" className="secondary">
        {t("common.filter")}
      </button>
    </Form>
  );
}

function RecordRow({ r }: { r: NationalRecordRow }) {
  const t = useT();
  const locale = useLocale();
  return (
    <tr>
      <td className="nowrap">
        <Link to={`/admin/registrations/${r.id}`}>{r.registrationNo}</Link>
      </td>
      <td>{r.title}</td>
      <td>
        {r.sellerName} <Place division={r.sellerDivision} />
        <div className="muted">
          → {r.buyerName} <Place division={r.buyerDivision} />
        </div>
      </td>
      <td className="num">{formatFen(r.contractValueFen, locale)}</td>
      <td className="num">{formatFen(r.techValueFen, locale)}</td>
      <td className="nowrap">{formatDate(r.registeredOn, locale)}</td>
      <td>{r.office}</td>
      <td>{t(`records.status.${r.status}` as MessageKey)}</td>
      <td className="num">{r.openFlags}</td>
      <td>
        {r.contractId !== null && (r.status === "matched" || r.status === "to_confirm") && (
          <Link to={`/admin/contracts/${r.contractId}`}>{t("records.contractLink")}</Link>
        )}
      </td>
    </tr>
  );
}

export default function NationalRecords() {
  const t = useT();
  const { filter, rows, total, page, pages, years } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    if (filter.status) params.set("status", filter.status);
    if (filter.year !== undefined) params.set("year", String(filter.year));
    if (filter.q) params.set("q", filter.q);
    params.set("page", String(n));
    return `/admin/registrations?${params.toString()}`;
  };
  const filtered = Boolean(filter.status || filter.year !== undefined || filter.q);
  return (
    <article>
      <div className="result-meta">
        <h1>{t("records.title")}</h1>
        <ExportLinks path="/admin/registrations" />
        <div className="actions">
          <Link to="/admin/contracts">{t("registry.title")}</Link>
          <Link to="/admin/registrations/import">{t("nimport.nav")}</Link>
          <Link to="/admin/registrations/pairs">{t("pairs.title")}</Link>
        </div>
      </div>
      <p className="muted">{t("records.intro")}</p>
      <Filters status={filter.status ?? ""} year={filter.year === undefined ? "" : String(filter.year)} q={filter.q ?? ""} years={years} />
      {rows.length === 0 ? (
        <p className="card empty">{t(filtered ? "records.noneMatching" : "records.none")}</p>
      ) : (
        <TableScroll label={t("records.title")}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("records.col.number")}</th>
                <th scope="col">{t("records.col.title")}</th>
                <th scope="col">{t("records.col.parties")}</th>
                <th scope="col" className="num">
                  {t("records.col.contractValue")}
                </th>
                <th scope="col" className="num">
                  {t("records.col.techValue")}
                </th>
                <th scope="col">{t("records.col.registeredOn")}</th>
                <th scope="col">{t("records.col.office")}</th>
                <th scope="col">{t("common.status")}</th>
                <th scope="col" className="num">
                  {t("records.col.flags")}
                </th>
                <th scope="col">{t("records.col.contract")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <RecordRow r={r} key={r.id} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav className="pager" aria-label={t("common.page", { page, pages })}>
        {page > 1 && <Link to={pageLink(page - 1)}>{t("common.prev")}</Link>} <span>{t("common.page", { page, pages })}</span>{" "}
        <span className="muted">{t("common.total", { total })}</span> {page < pages && <Link to={pageLink(page + 1)}>{t("common.next")}</Link>}
      </nav>
    </article>
  );
}
