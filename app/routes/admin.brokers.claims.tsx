import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { formatDate } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { reassignSchema } from "../schemas/index.server";
import { activeBrokerOptions, refuseBrokerAction } from "../services/brokers.server";
import { listClaimsForAdmin, reassignNeed } from "../services/claims.server";
import { badRequest, forbidden, notFound } from "../services/http.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "需求牵头经纪人 · Lead brokers" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return json({ claims: listClaimsForAdmin(db), brokers: activeBrokerOptions(db) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, t, requestId } = await roleContext(request, ["admin"], (c) =>
    refuseBrokerAction(c.db, c.actor, "reassign", "need_claim", "any", c.requestId),
  );
  const parsed = reassignSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest();
  const outcome = reassignNeed(db, actor, parsed.data, requestId);
  if (!outcome.ok) {
    if (outcome.error === "not_found") notFound();
    if (outcome.error === "forbidden") forbidden();
    const key: MessageKey = outcome.error === "inactive_broker" ? "broker.admin.reassignInactive" : "broker.admin.reassignSame";
    return json({ error: t(key) }, { status: 409 });
  }
  return redirect("/admin/brokers/claims?done=1");
}

function BrokerSelect({ brokers, current }: { brokers: { userId: number; name: string; certificateNo: string }[]; current?: number }) {
  const t = useT();
  return (
    <select name="brokerUserId" defaultValue={current ? String(current) : ""} aria-label={t("broker.admin.newLead")} required>
      <option value="">—</option>
      {brokers.map((b) => (
        <option key={b.userId} value={b.userId}>
          {b.name} · {b.certificateNo}
        </option>
      ))}
    </select>
  );
}

export default function LeadBrokers() {
  const t = useT();
  const locale = useLocale();
  const { claims, brokers } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error;
  const [params] = useSearchParams();
  return (
    <>
      <p className="muted">
        <Link to="/admin/brokers">{t("broker.admin.title")}</Link>
      </p>
      <h1>{t("broker.admin.claimsTitle")}</h1>
      <p className="lead">{t("broker.admin.claimsLead")}</p>
      {params.get("done") && <p className="alert ok">{t("broker.admin.reassigned")}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <Form method="post" className="filter-bar card">
        <input type="hidden" name="intent" value="reassign" />
        <label htmlFor="assign-need">{t("broker.admin.assignNeed")}</label>
        <input id="assign-need" name="needId" inputMode="numeric" pattern="[0-9]*" required />
        <BrokerSelect brokers={brokers} />
        <button type="submit" className="primary">
          {t("broker.admin.assign")}
        </button>
      </Form>
      {claims.length === 0 ? (
        <p className="card empty">{t("broker.admin.noClaims")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("need.title")}</th>
              <th>{t("listing.org")}</th>
              <th>{t("broker.admin.lead")}</th>
              <th>{t("broker.claims.claimedAt")}</th>
              <th>{t("broker.admin.newLead")}</th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.needId}>
                <td>
                  <Link to={`/needs/${c.needId}`}>{c.title}</Link> <span className="tag">{t(`status.${c.status}` as MessageKey)}</span>
                </td>
                <td>{c.orgName}</td>
                <td>
                  {c.brokerName}
                  {c.assignedBy !== null && <div className="muted">{t("broker.admin.assignedByBureau")}</div>}
                </td>
                <td>{formatDate(c.claimedAt, locale)}</td>
                <td>
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="reassign" />
                    <input type="hidden" name="needId" value={c.needId} />
                    <BrokerSelect brokers={brokers} current={c.brokerUserId} />
                    <button type="submit" className="secondary">
                      {t("broker.admin.reassign")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
