import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ClearFlagForm, FlagEntry } from "../components/contract-flags";
import { useLocale, useT } from "../components/i18n";
import { clearFlagSchema, parseForm } from "../schemas/index.server";
import { forbidden, idParam, notFound, safeRedirectPath } from "../services/http.server";
import { formatFen } from "../services/money";
import { getFlagRow } from "../services/padding-flag-list.server";
import { clearFlag } from "../services/padding-flags.server";
import { roleContext, userContext } from "../services/request.server";

// One padding flag, and where its clear form posts: cleared with a reason, the registrar goes
// back to the page the form was on; a reason that does not pass is shown here with what was typed.

export const meta: MetaFunction = () => [{ title: "核查标记 · Padding flag" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const flag = getFlagRow(db, idParam(params.id));
  if (!flag) notFound();
  return json({ flag });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const id = idParam(params.id);
  const form = await request.formData();
  const now = new Date();
  if (actor.role !== "admin") {
    clearFlag(db, actor, id, "", requestId, now);
    forbidden();
  }
  const flag = getFlagRow(db, id);
  if (!flag) notFound();
  const submission = parseForm(form, clearFlagSchema, locale);
  const typed = typeof form.get("reason") === "string" ? String(form.get("reason")) : "";
  const returnTo = safeRedirectPath(form.get("returnTo"), "/admin/flags");
  const refused = (errors: string[], conflict: string | null, status: number) => json({ flag, reason: typed, returnTo, errors, conflict }, { status });
  if (submission.status !== "success") return refused(submission.error?.reason ?? [t("v.invalid")], null, 400);
  const outcome = clearFlag(db, actor, id, submission.value.reason, requestId, now);
  if (outcome.ok) return redirect(safeRedirectPath(submission.value.returnTo, "/admin/flags"));
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "invalid_reason") return refused([t("v.invalid")], null, 400);
  return refused([], t("flags.error.alreadyCleared"), 409);
}

export default function FlagPage() {
  const t = useT();
  const locale = useLocale();
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const flag = actionData?.flag ?? loaded.flag;
  const subject =
    flag.contractId !== null ? `/admin/contracts/${flag.contractId}` : flag.nationalRecordId !== null ? `/admin/registrations/${flag.nationalRecordId}` : null;
  const returnTo = actionData?.returnTo ?? subject ?? "/admin/flags";
  return (
    <article>
      <p className="muted">
        <Link to="/admin/flags">{t("flags.back")}</Link>
      </p>
      <h1>{subject ? <Link to={subject}>{flag.title}</Link> : flag.title}</h1>
      <p>
        {flag.sellerName} → {flag.buyerName} · {formatFen(flag.contractValueFen, locale)}
        {flag.registrationNo && ` · ${flag.registrationNo}`}
      </p>
      {actionData?.conflict && (
        <p className="alert error" role="alert">
          {actionData.conflict}
        </p>
      )}
      <ul className="plain card">
        <FlagEntry flag={flag} returnTo={returnTo} canClear={false} />
      </ul>
      {flag.clearedAt === null && <ClearFlagForm flagId={flag.id} returnTo={returnTo} reason={actionData?.reason} errors={actionData?.errors} />}
    </article>
  );
}
