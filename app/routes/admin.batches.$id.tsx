import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BatchLines, BatchStatusTag, BatchTimes } from "../components/award-batches";
import { useLocale, useT } from "../components/i18n";
import { formatDate } from "../i18n/format";
import { batchIntentSchema } from "../schemas/index.server";
import { approveBatch, getBatch, markBatchPaid, refuseBatchChange } from "../services/award-batches.server";
import { badRequest, forbidden, idParam, notFound } from "../services/http.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "奖补批次 · Award batch" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const found = getBatch(db, idParam(params.id));
  if (!found) notFound();
  return json(found);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, t, requestId } = await roleContext(request, ["admin"], (c) => refuseBatchChange(c.db, c.actor, c.requestId));
  const id = idParam(params.id);
  const parsed = batchIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest();
  const outcome = parsed.data.intent === "approve" ? approveBatch(db, actor, id, requestId) : markBatchPaid(db, actor, id, requestId);
  if (outcome.ok) return redirect(`/admin/batches/${id}?done=${parsed.data.intent}`);
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "forbidden") forbidden();
  return json({ error: t("batch.error.conflict") }, { status: 409 });
}

export default function BatchPage() {
  const t = useT();
  const locale = useLocale();
  const { batch, lines } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error;
  const [params] = useSearchParams();
  const done = params.get("done");
  const kind = t(`batch.kind.${batch.kind}`);
  return (
    <>
      <h1>{t("batch.heading", { kind, id: batch.id })}</h1>
      <p>
        {t("batch.period")}: {formatDate(batch.periodStart, locale)} – {formatDate(batch.periodEnd, locale)}{" "}
        <BatchStatusTag status={batch.status} paidAt={batch.paidAt} />
      </p>
      <BatchTimes computedAt={batch.computedAt} approvedAt={batch.approvedAt} paidAt={batch.paidAt} />
      {done === "approve" && <p className="alert ok">{t("batch.approved")}</p>}
      {done === "pay" && <p className="alert ok">{t("batch.markedPaid")}</p>}
      {done === "computed" && <p className="alert ok">{t("batch.computed")}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <p className="hint muted">{batch.status === "approved" ? t("batch.frozen") : t("batch.draftHint")}</p>
      <BatchLines lines={lines} totalFen={batch.totalFen} />
      <div className="actions">
        <a className="button secondary" href={`/admin/batches/${batch.id}/export.xlsx`} download>
          {t("batch.export")}
        </a>
        {batch.status === "draft" && <ConfirmButton intent="approve" label={t("batch.approve")} confirm={t("batch.approveConfirm")} />}
        {batch.status === "approved" && !batch.paidAt && <ConfirmButton intent="pay" label={t("batch.markPaid")} confirm={t("batch.markPaidConfirm")} />}
      </div>
    </>
  );
}

/** A post that asks first: the browser's confirmation dialog, so a slip of the mouse freezes nothing. */
function ConfirmButton({ intent, label, confirm }: { intent: string; label: string; confirm: string }) {
  return (
    <Form
      method="post"
      className="inline"
      onSubmit={(e) => {
        if (!window.confirm(confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="primary">
        {label}
      </button>
    </Form>
  );
}
