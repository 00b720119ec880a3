import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { formatDateTime } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { badRequest, forbidden, notFound } from "../services/http.server";
import { listOrganisationsForAdmin, overrideCreditCode, refuseOrganisation, verifyOrganisation } from "../services/organisations.server";
import { roleContext } from "../services/request.server";
import { organisationIntentSchema, parseForm } from "../schemas/index.server";

export const meta: MetaFunction = () => [{ title: "机构认证 · Organisations" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return json(listOrganisationsForAdmin(db));
}

export type OrgConfirm = { intent: "verify" | "refuse"; orgId: number; reason?: string };

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, requestId, locale, t } = await roleContext(request, ["admin"]);
  const submission = parseForm(await request.formData(), organisationIntentSchema, locale);
  if (submission.status !== "success") {
    const orgId = Number(submission.payload.orgId);
    if (submission.payload.intent !== "refuse" || !Number.isInteger(orgId)) badRequest();
    const message = Object.values(submission.error ?? {}).flatMap((m) => m ?? [])[0] ?? t("v.reasonRequired");
    return json({ refuseError: { orgId, message, reason: String(submission.payload.reason ?? "") } }, { status: 400 });
  }
  const v = submission.value;
  // Verifying and refusing are asked once, then done when confirmed; a page without scripts works the same.
  if (v.intent !== "override" && v.confirmed !== "yes") {
    const confirm: OrgConfirm = v.intent === "refuse" ? { intent: "refuse", orgId: v.orgId, reason: v.reason } : { intent: "verify", orgId: v.orgId };
    return json({ confirm });
  }
  const outcome =
    v.intent === "verify"
      ? verifyOrganisation(db, actor, v.orgId, requestId)
      : v.intent === "refuse"
        ? refuseOrganisation(db, actor, v.orgId, v.reason, new Date(), requestId)
        : overrideCreditCode(db, actor, v.orgId, requestId);
  if (!outcome.ok) {
    if (outcome.error === "not_found") notFound();
    if (outcome.error === "code_check") return json({ error: t("admin.orgs.overrideHint") }, { status: 409 });
    if (outcome.error === "conflict" && v.intent === "refuse") return json({ error: t("admin.orgs.gone") }, { status: 409 });
    forbidden(outcome.error);
  }
  return redirect(v.intent === "override" ? "/admin/organisations" : `/admin/organisations?done=${v.intent === "verify" ? "verified" : "refused"}`);
}

type Pending = ReturnType<typeof listOrganisationsForAdmin>["pending"][number];
type ActionData = { confirm?: OrgConfirm; refuseError?: { orgId: number; message: string; reason: string }; error?: string };

export default function Organisations() {
  const t = useT();
  const locale = useLocale();
  const { pending, verified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const done = params.get("done");
  const confirming = data?.confirm ? pending.find((o) => o.id === data.confirm!.orgId) : undefined;
  return (
    <>
      <h1>{t("admin.orgs.title")}</h1>
      {done === "verified" && <p className="alert ok">{t("admin.orgs.done.verified")}</p>}
      {done === "refused" && <p className="alert ok">{t("admin.orgs.done.refused")}</p>}
      {data?.error && (
        <p className="alert error" role="alert">
          {data.error}
        </p>
      )}
      {data?.confirm && confirming && <ConfirmDecision confirm={data.confirm} org={confirming} />}
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
                  {o.refusal && (
                    <div className="small muted">
                      {t("admin.orgs.refusedOn", { date: formatDateTime(o.refusal.refusedAt, locale), reason: o.refusal.reason })}
                    </div>
                  )}
                </td>
                <td>
                  <code>{o.creditCode}</code>
                  {o.codeFailsCheck && <span className="tag warn">{t("admin.orgs.codeFailsCheck")}</span>}
                </td>
                <td>{o.members}</td>
                <td>{formatDateTime(o.createdAt, locale)}</td>
                <td className="actions">
                  <PendingActions org={o} refuseError={data?.refuseError?.orgId === o.id ? data.refuseError : undefined} />
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

/** Verify (or first accept a failing credit code), or refuse with a reason; both are confirmed next. */
function PendingActions({ org, refuseError }: { org: Pending; refuseError?: { message: string; reason: string } | undefined }) {
  const t = useT();
  const reasonId = `refuse-reason-${org.id}`;
  return (
    <>
      {org.codeFailsCheck && org.creditCodeOverrideBy === null ? (
        <Form method="post" className="inline">
          <input type="hidden" name="orgId" value={org.id} />
          <button type="submit" name="intent" value="override" className="secondary" title={t("admin.orgs.overrideHint")}>
            {t("admin.orgs.override")}
          </button>
        </Form>
      ) : (
        <Form method="post" className="inline">
          <input type="hidden" name="orgId" value={org.id} />
          <button type="submit" name="intent" value="verify" className="primary">
            {t("admin.orgs.verify")}
          </button>
        </Form>
      )}
      <details className="refuse" open={refuseError ? true : undefined}>
        <summary>{t("admin.orgs.refuse")}…</summary>
        <Form method="post" className="stacked">
          <input type="hidden" name="orgId" value={org.id} />
          <div className={`field${refuseError ? " invalid" : ""}`}>
            <label htmlFor={reasonId}>{t("admin.orgs.refuseReason")}</label>
            <textarea
              id={reasonId}
              name="reason"
              rows={2}
              cols={28}
              required
              maxLength={500}
              defaultValue={refuseError?.reason ?? ""}
              aria-invalid={refuseError ? true : undefined}
              aria-describedby={refuseError ? `${reasonId}-error` : undefined}
            />
            {refuseError && (
              <ul className="errors" id={`${reasonId}-error`}>
                <li>{refuseError.message}</li>
              </ul>
            )}
          </div>
          <div>
            <button type="submit" name="intent" value="refuse" className="danger">
              {t("admin.orgs.refuse")}
            </button>
          </div>
        </Form>
      </details>
    </>
  );
}

/** The second step: what the decision will do, and the button that does it. */
function ConfirmDecision({ confirm, org }: { confirm: OrgConfirm; org: Pending }) {
  const t = useT();
  const refuse = confirm.intent === "refuse";
  return (
    <section className="card confirm" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t(refuse ? "admin.orgs.confirmRefuseTitle" : "admin.orgs.confirmVerifyTitle")}</h2>
      <p>{t(refuse ? "admin.orgs.confirmRefuseBody" : "admin.orgs.confirmVerifyBody", { name: org.name, code: org.creditCode })}</p>
      {refuse && <blockquote className="pre-wrap">{confirm.reason}</blockquote>}
      <Form method="post" className="actions">
        <input type="hidden" name="orgId" value={org.id} />
        <input type="hidden" name="intent" value={confirm.intent} />
        {refuse && <input type="hidden" name="reason" value={confirm.reason ?? ""} />}
        <input type="hidden" name="confirmed" value="yes" />
        <button type="submit" className={refuse ? "danger" : "primary"}>
          {t(refuse ? "admin.orgs.confirmRefuse" : "admin.orgs.confirmVerify")}
        </button>
        <Link to="/admin/organisations" className="button secondary">
          {t("common.cancel")}
        </Link>
      </Form>
    </section>
  );
}
