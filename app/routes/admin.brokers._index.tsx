import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChainTags, GradeTag } from "../components/broker-profile";
import { useLocale, useT } from "../components/i18n";
import { formatDate, formatDateTime } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { brokerDecisionSchema } from "../schemas/index.server";
import { chainOptions, cohortProgress, decideBroker, listBrokersForAdmin, refuseBrokerAction } from "../services/brokers.server";
import { badRequest, forbidden, notFound } from "../services/http.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "技术经纪人资格 · Broker certification" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return json({ rows: listBrokersForAdmin(db), chains: chainOptions(db), progress: cohortProgress(db) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, t, requestId } = await roleContext(request, ["admin"], (c) => refuseBrokerAction(c.db, c.actor, "decide", "broker", "any", c.requestId));
  const parsed = brokerDecisionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === "note")) return json({ error: t("v.reasonRequired") }, { status: 400 });
    badRequest();
  }
  const outcome = decideBroker(db, actor, parsed.data, requestId);
  if (!outcome.ok) {
    if (outcome.error === "not_found") notFound();
    if (outcome.error === "forbidden") forbidden();
    return json({ error: t("broker.admin.stale") }, { status: 409 });
  }
  return redirect(`/admin/brokers?done=${parsed.data.intent}`);
}

export default function BrokerAdmin() {
  const t = useT();
  const locale = useLocale();
  const { rows, chains, progress } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error;
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <div className="result-meta">
        <h1>{t("broker.admin.title")}</h1>
        <Link to="/admin/brokers/claims">{t("broker.admin.claimsLink")}</Link>
      </div>
      <p className="muted">{t("broker.admin.progress", { done: progress.done, target: progress.target ?? "—", year: progress.year ?? "" })}</p>
      {done && <p className="alert ok">{t("broker.admin.done")}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="card empty">{t("broker.admin.empty")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("broker.admin.person")}</th>
              <th>{t("broker.f.certificateNo")}</th>
              <th>{t("broker.f.validity")}</th>
              <th>{t("broker.f.chains")}</th>
              <th>{t("common.status")}</th>
              <th>{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ broker: b, name, email, orgName, decisions }) => (
              <tr key={b.id}>
                <td>
                  {name}
                  <div className="muted">{email}</div>
                  <div className="muted">{orgName}</div>
                </td>
                <td>
                  <code>{b.certificateNo}</code>
                  <div>
                    <GradeTag grade={b.grade} />
                  </div>
                  {b.cohort && <div className="muted">{t("broker.cohortLabel", { cohort: b.cohort })}</div>}
                </td>
                <td>
                  {formatDate(b.validFrom, locale)} – {formatDate(b.validUntil, locale)}
                </td>
                <td>
                  <ChainTags ids={b.chains} chains={chains} />
                </td>
                <td>
                  <span className={`tag ${b.status === "certified" ? "ok" : b.status === "applied" ? "warn" : "bad"}`}>
                    {t(`broker.status.${b.status}` as MessageKey)}
                  </span>
                  {b.statusNote && <div className="muted">{b.statusNote}</div>}
                  {b.decidedAt && <div className="muted">{formatDateTime(b.decidedAt, locale)}</div>}
                </td>
                <td>
                  {decisions.length > 0 && (
                    <Form method="post" className="stacked decision">
                      <input type="hidden" name="brokerId" value={b.id} />
                      <input name="note" maxLength={300} placeholder={t("broker.admin.note")} aria-label={t("broker.admin.note")} />
                      <div className="actions">
                        {decisions.map((d) => (
                          <button
                            key={d}
                            type="submit"
                            name="intent"
                            value={d}
                            className={d === "certify" ? "primary" : d === "revoke" || d === "reject" ? "danger" : "secondary"}
                          >
                            {t(`broker.decision.${d}` as MessageKey)}
                          </button>
                        ))}
                      </div>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
