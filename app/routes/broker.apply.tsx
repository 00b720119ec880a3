import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BrokerApplicationForm } from "../components/broker-profile";
import { BrokerStandingNotice } from "../components/broker-standing";
import { useT } from "../components/i18n";
import { brokerApplicationSchema, localiseFieldErrors, parseForm } from "../schemas/index.server";
import { applyAsBroker, brokerStanding, chainOptions, practisingOrgOptions, refuseBrokerAction } from "../services/brokers.server";
import { forbidden } from "../services/http.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "申请技术经纪人资格 · Apply for certification" }];

/** States in which the broker may still write his application; after that it is the Bureau's. */
const EDITABLE = new Set(["none", "applied", "rejected"]);

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, user } = await roleContext(request, ["broker"]);
  const standing = brokerStanding(db, actor.id);
  const b = standing.broker;
  return json({
    standing: { state: standing.state, note: b?.statusNote ?? null, validFrom: b?.validFrom ?? null, validUntil: b?.validUntil ?? null },
    editable: EDITABLE.has(standing.state),
    chains: chainOptions(db),
    agencies: practisingOrgOptions(db),
    defaultValue: b
      ? {
          certificateNo: b.certificateNo,
          grade: b.grade,
          validFrom: b.validFrom,
          validUntil: b.validUntil,
          chains: b.chains,
          cohort: b.cohort ?? "",
          orgId: String(b.orgId),
          bio: b.bio ?? "",
        }
      : { orgId: String(user.orgId) },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, requestId, t } = await roleContext(request, ["broker"], (c) =>
    refuseBrokerAction(c.db, c.actor, "apply", "broker", `user:${c.actor.id}`, c.requestId),
  );
  const submission = parseForm(await request.formData(), brokerApplicationSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), error: null }, { status: 400 });
  const outcome = applyAsBroker(db, actor, submission.value, requestId);
  if (outcome.ok) return redirect("/broker?done=applied");
  if ("fieldErrors" in outcome) {
    const fieldErrors = localiseFieldErrors(locale, outcome.fieldErrors);
    return json({ result: submission.reply({ fieldErrors }), error: null }, { status: 400 });
  }
  if (outcome.error === "forbidden") forbidden();
  return json({ result: submission.reply(), error: t("broker.apply.locked") }, { status: 409 });
}

export default function ApplyAsBroker() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="form-page">
      <h1>{t("broker.apply.title")}</h1>
      <p className="lead">{t("broker.apply.lead")}</p>
      {d.standing.state !== "none" && <BrokerStandingNotice {...d.standing} />}
      {data?.error && (
        <p className="alert error" role="alert">
          {data.error}
        </p>
      )}
      {d.editable ? (
        <BrokerApplicationForm lastResult={data?.result} defaultValue={d.defaultValue} chains={d.chains} agencies={d.agencies} />
      ) : (
        <p className="card">{t("broker.apply.locked")}</p>
      )}
    </div>
  );
}
