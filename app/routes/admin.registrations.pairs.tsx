import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import { pairDecisionSchema, parseForm } from "../schemas/index.server";
import { forbidden, notFound } from "../services/http.server";
import { formatFen } from "../services/money";
import { decidePair, listPairs, refusePairDecision } from "../services/national-import/pairs.server";
import { roleContext, userContext } from "../services/request.server";
import { TableScroll } from "../components/table-scroll";

export const meta: MetaFunction = () => [{ title: "待确认记录 · Records to confirm" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return json({ pairs: listPairs(db) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const form = await request.formData();
  if (actor.role !== "admin") {
    refusePairDecision(db, actor, String(form.get("recordId") ?? "").slice(0, 16) || "unknown", requestId);
    forbidden();
  }
  const submission = parseForm(form, pairDecisionSchema, locale);
  if (submission.status !== "success") return json({ error: t("v.choose") }, { status: 400 });
  const outcome = decidePair(db, actor, submission.value.recordId, submission.value.decision, requestId);
  if (outcome.ok) return redirect(`/admin/registrations/pairs?done=${submission.value.decision}`);
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "forbidden") forbidden();
  return json({ error: t("pairs.alreadyDecided") }, { status: 409 });
}

type Pair = ReturnType<typeof useLoaderData<typeof loader>>["pairs"][number];

function Side({ title, lines }: { title: string; lines: (string | null)[] }) {
  return (
    <div>
      <strong>{title}</strong>
      {lines.map((l, i) => l && <div key={i}>{l}</div>)}
    </div>
  );
}

function PairRow({ pair }: { pair: Pair }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const money = (fen: number) => formatFen(fen, locale);
  const c = pair.contract;
  return (
    <tr>
      <td>
        <Side
          title={pair.title}
          lines={[
            t("pairs.registrationNo", { no: pair.registrationNo }),
            t("pairs.parties", { seller: pair.sellerName, buyer: pair.buyerName }),
            t("pairs.signedOn", { date: formatDate(pair.signedOn, locale) }),
            t("pairs.amounts", { contract: money(pair.contractValueFen), tech: money(pair.techValueFen) }),
            pair.office,
          ]}
        />
      </td>
      <td>
        <Link to={`/admin/contracts/${c.id}`}>{c.title}</Link>
        <Side
          title=""
          lines={[
            c.registrationNo ? t("pairs.registrationNo", { no: c.registrationNo }) : null,
            t("pairs.parties", { seller: c.sellerName, buyer: c.buyerName }),
            t("pairs.signedOn", { date: formatDate(c.signedOn, locale) }),
            t("pairs.amounts", { contract: money(c.contractValueFen), tech: money(c.techValueFen) }),
            t("pairs.status", { status: t(`pairs.cstatus.${c.status}` as MessageKey) }),
          ]}
        />
      </td>
      <td>
        <div className="stacked">
          {(["same", "different"] as const).map((decision) => (
            <Form method="post" className="inline" key={decision}>
              <input type="hidden" name="recordId" value={pair.id} />
              <input type="hidden" name="decision" value={decision} />
              <button
                type="submit"
                className={decision === "same" ? "primary" : "secondary"}
                disabled={busy}
                aria-label={t(decision === "same" ? "pairs.sameLabel" : "pairs.differentLabel", { no: pair.registrationNo, title: c.title })}
              >
                {t(decision === "same" ? "pairs.same" : "pairs.different")}
              </button>
            </Form>
          ))}
        </div>
      </td>
    </tr>
  );
}

export default function RegistrationPairs() {
  const t = useT();
  const { pairs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <h1>{t("pairs.title")}</h1>
      <p className="lead">{t("pairs.intro")}</p>
      <p>
        <Link to="/admin/registrations/import">{t("pairs.importLink")}</Link>
      </p>
      {done === "same" && <p className="alert ok">{t("pairs.decidedSame")}</p>}
      {done === "different" && <p className="alert ok">{t("pairs.decidedDifferent")}</p>}
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      {pairs.length === 0 ? (
        <p className="card empty">{t("pairs.none")}</p>
      ) : (
        <TableScroll label={t("pairs.title")}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("pairs.record")}</th>
                <th scope="col">{t("pairs.contract")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((p) => (
                <PairRow pair={p} key={p.id} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
