import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ProgressStat } from "../components/browse";
import { BrokerCard } from "../components/broker-profile";
import { useLocale, useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { openNeedsFilterSchema } from "../schemas/index.server";
import { chainOptions, cohortProgress, listPublicBrokers } from "../services/brokers.server";
import { requestContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "技术经纪人 · Technology brokers" }];

/** The page's description for search engines, in the visitor's language (see root). */
export const handle = { description: "meta.brokers" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requestContext(request);
  const filter = openNeedsFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({
    brokers: listPublicBrokers(db, { chain: filter.chain }),
    chains: chainOptions(db),
    chain: filter.chain ?? "",
    progress: cohortProgress(db),
  });
}

export default function BrokerDirectory() {
  const t = useT();
  const locale = useLocale();
  const { brokers, chains, chain, progress } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("broker.title")}</h1>
      <ExportLinks path="/brokers" />
      <p className="lead">{t("broker.directory.lead")}</p>
      <div className="stats">
        <ProgressStat label={t("broker.directory.programme", { year: progress.year ?? "" })} done={progress.done} target={progress.target} />
        {progress.byCohort.length > 0 && (
          <div className="stat">
            <div className="muted">{t("broker.directory.byCohort")}</div>
            <ul className="plain-list">
              {progress.byCohort.map((c) => (
                <li key={c.cohort}>
                  {t("broker.cohortLabel", { cohort: c.cohort })}: {c.n}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {progress.source && <p className="muted small">{t("broker.directory.source", { source: progress.source })}</p>}
      <Form method="get" className="filter-bar">
        <label htmlFor="chain">{t("broker.directory.specialty")}</label>
        <select id="chain" name="chain" defaultValue={chain}>
          <option value="">{t("common.all")}</option>
          {chains.map((c) => (
            <option key={c.id} value={c.id}>
              {locale === "en" ? c.nameEn : c.nameZh}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>
      {brokers.length === 0 ? (
        <p className="card empty">{t("broker.directory.empty")}</p>
      ) : (
        <ul className="plain-list broker-list">
          {brokers.map((b) => (
            <BrokerCard key={b.id} broker={b} chains={chains} />
          ))}
        </ul>
      )}
    </>
  );
}
