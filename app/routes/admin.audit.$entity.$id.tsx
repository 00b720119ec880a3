import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { AuditDetails, auditActionName } from "../components/audit-details";
import { formatDateTime } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { listAuditForRecord } from "../services/audit.server";
import { idParam, notFound } from "../services/http.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "审计记录 · Audit trail" }];

const ENTITIES = new Set(["need", "achievement", "organisation", "user", "match", "broker", "need_claim", "contract", "reward_rule", "policy_setting"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  if (!params.entity || !ENTITIES.has(params.entity)) notFound();
  // Suggestion dismissals are recorded against "needId:achievementId".
  const id = params.entity === "match" && /^\d+:\d+$/.test(params.id ?? "") ? params.id! : idParam(params.id);
  return json({ entity: params.entity, id, events: listAuditForRecord(db, params.entity, id) });
}

export default function AuditTrail() {
  const t = useT();
  const locale = useLocale();
  const { entity, id, events } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {t("admin.audit.title")} · {entity} #{id}
      </h1>
      <table className="data">
        <thead>
          <tr>
            <th>{t("admin.audit.time")}</th>
            <th>{t("admin.audit.actor")}</th>
            <th>{t("admin.audit.action")}</th>
            <th>{t("admin.audit.details")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.createdAt, locale)}</td>
              <td>{e.actorName ? `${e.actorName} (${t(`role.${e.actorRole}` as MessageKey)})` : t("admin.audit.system")}</td>
              <td>
                {e.action.startsWith("denied:") && "✕ "}
                {auditActionName(t, locale, e.action)}
              </td>
              <td>
                <AuditDetails before={e.before} after={e.after} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
