import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ContractForm } from "../components/contract-form";
import { useLocale, useT } from "../components/i18n";
import { contractSchema, padMilestones, localiseFieldErrors, parseForm, type ContractFormDefaults } from "../schemas/index.server";
import { contractFormOptions, ownOrgParty, prefillFromMatch } from "../services/contract-form.server";
import { createContract } from "../services/contract-filing.server";
import { recordingRight, refuseContractAction } from "../services/contracts.server";
import { idParam, notFound } from "../services/http.server";
import { userContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "填报技术合同 · Record a contract" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, user, t } = await userContext(request);
  const right = recordingRight(db, actor);
  if (!right.ok) {
    // Shown on the page rather than as a bare error, so a broker learns why.
    return json({ refused: right.error === "inactive_broker" ? t("contract.error.inactiveBroker") : t("error.forbidden") }, { status: 403 });
  }
  const defaults: ContractFormDefaults = { milestones: padMilestones(), paymentMode: "lump_sum_once" };
  let deal: { needTitle: string; achievementTitle: string } | null = null;
  const matchParam = new URL(request.url).searchParams.get("matchId");
  if (matchParam !== null) {
    const prefill = prefillFromMatch(db, actor, idParam(matchParam));
    if (!prefill) notFound();
    const { deal: d, ...values } = prefill;
    deal = d;
    Object.assign(defaults, values);
  } else {
    // A member's own organisation is a party: the seller for an institute, the buyer for an enterprise.
    const own = ownOrgParty(db, actor);
    if (own) {
      const side = own.kind === "institute" ? "seller" : "buyer";
      Object.assign(defaults, { [`${side}Name`]: own.name, [`${side}CreditCode`]: own.creditCode, [`${side}Division`]: own.division });
    }
  }
  return json({ refused: null, options: contractFormOptions(db), defaults, deal, isBroker: actor.role === "broker", orgVerified: user.orgVerified });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const right = recordingRight(db, actor);
  if (!right.ok) {
    refuseContractAction(db, actor, "create", "new", requestId);
    return json({ result: null, error: right.error === "inactive_broker" ? t("contract.error.inactiveBroker") : t("error.forbidden") }, { status: 403 });
  }
  const submission = parseForm(await request.formData(), contractSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), error: null }, { status: 400 });
  const outcome = createContract(db, actor, submission.value, requestId);
  if (outcome.ok) return redirect(`/contracts/${outcome.id}?saved=1`);
  if ("fieldErrors" in outcome) {
    const fieldErrors = localiseFieldErrors(locale, outcome.fieldErrors);
    return json({ result: submission.reply({ fieldErrors }), error: null }, { status: 400 });
  }
  if (outcome.error === "not_found") notFound();
  return json({ result: null, error: outcome.error === "inactive_broker" ? t("contract.error.inactiveBroker") : t("error.forbidden") }, { status: 403 });
}

export default function NewContract() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (data.refused !== null) {
    return (
      <div className="form-page">
        <h1>{t("contract.new")}</h1>
        <p className="alert error">{data.refused}</p>
      </div>
    );
  }
  return (
    <div className="form-page">
      <h1>{t("contract.new")}</h1>
      <p className="lead">{t("contract.recordHint")}</p>
      {data.deal ? (
        <p className="alert info">{t("contract.fromDeal", { need: data.deal.needTitle, achievement: data.deal.achievementTitle })}</p>
      ) : (
        !data.isBroker && <p className="alert info">{t("contract.memberHint")}</p>
      )}
      {!data.orgVerified && !data.isBroker && <p className="alert info">{t("error.unverifiedOrg")}</p>}
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      <ContractForm
        id="contract-form"
        lastResult={actionData?.result}
        defaultValue={data.defaults}
        options={data.options}
        locale={locale}
        submitLabel={t("contract.saveDraft")}
        isBroker={data.isBroker}
        fromDeal={data.deal !== null}
      />
    </div>
  );
}
