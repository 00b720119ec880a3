import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { formatDateTime } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { badRequest, forbidden, notFound } from "../services/http.server";
import { listOrganisationsForAdmin, overrideCreditCode, verifyOrganisation } from "../services/organisations.server";
import { userContext } from "../services/request.server";
import { organisationIntentSchema } from "../schemas/index.server";

export const meta: MetaFunction = () => [{ title: "机构认证 · Organisations" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  if (actor.role !== "admin") forbidden();
  return json(listOrganisationsForAdmin(db));
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, requestId, t } = await userContext(request);
  if (actor.role !== "admin") forbidden();
  const parsed = organisationIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest();
  const { intent, orgId } = parsed.data;
  const outcome = intent === "verify" ? verifyOrganisation(db, actor, orgId, requestId) : overrideCreditCode(db, actor, orgId, requestId);
  if (!outcome.ok) {
    if (outcome.error === "not_found") notFound();
    if (outcome.error === "code_check") return json({ error: t("admin.orgs.overrideHint") }, { status: 409 });
    forbidden(outcome.error);
  }
  return redirect("/admin/organisations");
}

export default function Organisations() {
  const t = useT();
  const locale = useLocale();
  const { pending, verified } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("admin.orgs.title")}</h1>
      <ExportLinks path="/admin/organisations" />
      <h2>{t("admin.orgs.pending")}</h2>
      {pending.length === 0 ? (
        <p className="card empty">{t("admin.orgs.empty")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("auth.register.orgName")}</th>
              <th>{t("auth.register.creditCode")}</th>
              <th>{t("admin.orgs.members")}</th>
              <th>{t("common.createdAt")}</th>
              <th>{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {pending.map((o) => (
              <tr key={o.id}>
                <td>
                  {o.name}
                  <div className="muted">{t(`orgKind.${o.kind}` as MessageKey)}</div>
                </td>
                <td>
                  <code>{o.creditCode}</code>
                  {o.codeFailsCheck && <span className="tag warn">{t("admin.orgs.codeFailsCheck")}</span>}
                </td>
                <td>{o.members}</td>
                <td>{formatDateTime(o.createdAt, locale)}</td>
                <td className="actions">
                  {o.codeFailsCheck && o.creditCodeOverrideBy === null ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="orgId" value={o.id} />
                      <button type="submit" name="intent" value="override" className="secondary" title={t("admin.orgs.overrideHint")}>
                        {t("admin.orgs.override")}
                      </button>
                    </Form>
                  ) : (
                    <Form method="post" className="inline">
                      <input type="hidden" name="orgId" value={o.id} />
                      <button type="submit" name="intent" value="verify" className="primary">
                        {t("admin.orgs.verify")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>
        {t("admin.orgs.verified")} ({verified.length})
      </h2>
      <table className="data">
        <thead>
          <tr>
            <th>{t("auth.register.orgName")}</th>
            <th>{t("auth.register.creditCode")}</th>
            <th>{t("admin.orgs.members")}</th>
          </tr>
        </thead>
        <tbody>
          {verified.map((o) => (
            <tr key={o.id}>
              <td>
                {o.name} <span className="muted">· {t(`orgKind.${o.kind}` as MessageKey)}</span>
              </td>
              <td>
                <code>{o.creditCode}</code>
              </td>
              <td>{o.members}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
