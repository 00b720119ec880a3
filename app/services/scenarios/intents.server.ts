import { json, redirect } from "@remix-run/node";
import { scenarioIntentSchema, scenarioOutcomeSchema, scenarioPairSchema, parseForm } from "../../schemas/index.server";
import type { MessageKey } from "../../i18n";
import { forbidden, idParam, notFound } from "../http.server";
import { localiseFieldErrors } from "../forms";
import { userContext } from "../request.server";
import { getSearch } from "../search.server";
import { dismissScenarioPair, takeScenarioIntoDeal } from "./matching.server";
import { recordScenarioOutcome } from "./outcome.server";
import { transitionScenario } from "./workflow.server";
import { getScenarioForViewer } from "./views.server";

// The forms on a scenario's pages: one parse, one service call each; the services decide
// whether this user may do it to this scenario now.

/** The workflow buttons, the outcome form and the "not a fit" button on /scenarios/:id. */
export async function handleScenarioPage(request: Request, rawId: string | undefined) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const id = idParam(rawId);
  if (!getScenarioForViewer(db, actor, id)) notFound();
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "outcome") {
    const submission = parseForm(form, scenarioOutcomeSchema, locale);
    if (submission.status !== "success") return json({ outcome: submission.reply() }, { status: 400 });
    const result = recordScenarioOutcome(db, actor, id, submission.value, requestId);
    if (!result.ok && "fieldErrors" in result)
      return json({ outcome: submission.reply({ fieldErrors: localiseFieldErrors(locale, result.fieldErrors) }) }, { status: 400 });
    if (!result.ok) return result.error === "not_found" ? notFound() : forbidden(result.error);
    return redirect(`/scenarios/${id}?done=outcome`);
  }
  if (intent === "dismiss") return handlePair(request, id, form, `/scenarios/${id}`);
  const parsed = scenarioIntentSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return json({ error: parsed.error.issues.some((i) => i.path[0] === "reason") ? t("v.reasonRequired") : t("v.invalid") }, { status: 400 });
  const result = transitionScenario(db, actor, id, parsed.data, { requestId });
  if (!result.ok) {
    if (result.error === "not_found") notFound();
    if (result.error === "unverified") return json({ error: t("error.unverifiedOrg") }, { status: 403 });
    forbidden(result.error);
  }
  return redirect(`/scenarios/${id}?done=${parsed.data.intent}`);
}

/** "Start a deal" and "not a fit" on a proposed pair; back to `back` or on to the new deal room. */
export async function handlePair(request: Request, scenarioId: number, form: FormData, back: string) {
  const { db, actor, t, requestId } = await userContext(request);
  const parsed = scenarioPairSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ error: t("v.invalid") }, { status: 400 });
  if (parsed.data.intent === "dismiss") {
    const { achievementId, reason, note } = parsed.data;
    const result = dismissScenarioPair(db, actor, { scenarioId, achievementId, reason, note }, requestId);
    if (!result.ok) return result.error === "not_found" ? notFound() : forbidden();
    return redirect(`${back}?done=dismissed#proposals`);
  }
  const result = await takeScenarioIntoDeal(db, getSearch(), actor, { scenarioId, achievementId: parsed.data.achievementId }, requestId);
  if (!result.ok) {
    const status = result.error === "forbidden" || result.error === "inactive_broker" ? 403 : result.error === "not_found" ? 404 : 409;
    return json({ error: t(`scenario.error.take.${result.error}` as MessageKey) }, { status });
  }
  return redirect(`/deals/${result.matchId}`);
}
