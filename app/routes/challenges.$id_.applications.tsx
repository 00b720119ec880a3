import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ApplicationCard, AwardForm, MilestonesSection, PanelSection, ShortlistForm } from "../components/challenge-desk";
import { StatusTag } from "../components/challenge-page";
import { useT } from "../components/i18n";
import { awardAmountField, challengeDeskIntentSchema } from "../schemas/index.server";
import {
  acceptMilestone,
  addPanelMember,
  awardChallenge,
  getApplicationsForViewer,
  removePanelMember,
  scoreApplication,
  setMilestonePlan,
  shortlistApplications,
} from "../services/challenges/index.server";
import { doneRedirect, refusalReply } from "../services/challenges/routes.server";
import { idParam, notFound } from "../services/http.server";
import { userContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "揭榜申请 · Applications" }];

const ARRAY_KEYS = new Set(["scores", "applicationIds", "title", "dueOn", "amountWan"]);

function formObject(fd: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of fd) {
    if (typeof v !== "string") continue;
    if (ARRAY_KEYS.has(k)) out[k] = [...((out[k] as string[] | undefined) ?? []), v];
    else out[k] = v;
  }
  return out;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const view = getApplicationsForViewer(db, actor, idParam(params.id));
  if (!view) notFound();
  return json({ view });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, requestId } = await userContext(request);
  const id = idParam(params.id);
  const back = `/challenges/${id}/applications`;
  if (!getApplicationsForViewer(db, actor, id)) notFound();
  const fd = await request.formData();
  const parsed = challengeDeskIntentSchema.safeParse(formObject(fd));
  if (!parsed.success) return json({ error: "challenge.error.invalid" as const, back }, { status: 400 });
  const i = parsed.data;
  let outcome;
  switch (i.intent) {
    case "score":
      outcome = scoreApplication(db, actor, id, { applicationId: i.applicationId, scores: i.scores, note: i.note }, requestId);
      break;
    case "shortlist":
      outcome = shortlistApplications(db, actor, id, i.applicationIds, requestId);
      break;
    case "award": {
      const awards = i.applicationIds.map((applicationId) => ({
        applicationId,
        amount: awardAmountField.safeParse(fd.get(`awardWan-${applicationId}`) ?? ""),
      }));
      if (awards.some((a) => !a.amount.success)) return json({ error: "challenge.error.invalid" as const, back }, { status: 400 });
      outcome = awardChallenge(
        db,
        actor,
        id,
        awards.map((a) => ({ applicationId: a.applicationId, awardFen: a.amount.data! })),
        requestId,
      );
      break;
    }
    case "plan": {
      if (i.title.length !== i.dueOn.length || i.title.length !== i.amountWan.length)
        return json({ error: "challenge.error.invalid" as const, back }, { status: 400 });
      const milestones = i.title.map((title, n) => ({ title, dueOn: i.dueOn[n]!, amountFen: i.amountWan[n]! }));
      outcome = setMilestonePlan(db, actor, id, { applicationId: i.applicationId, milestones }, requestId);
      break;
    }
    case "accept":
      outcome = acceptMilestone(db, actor, id, { milestoneId: i.milestoneId, note: i.note }, requestId);
      break;
    case "panel_add":
      outcome = addPanelMember(db, actor, id, i.userEmail, requestId);
      break;
    case "panel_remove":
      outcome = removePanelMember(db, actor, id, i.userId, requestId);
      break;
  }
  if (!outcome.ok) return refusalReply(outcome.error, back);
  return doneRedirect(`${back}?done=${i.intent}`);
}

export default function ChallengeApplications() {
  const t = useT();
  const { view } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const c = view.challenge;
  return (
    <article>
      <p className="muted">
        <Link to={`/challenges/${c.id}`}>{c.title}</Link>
      </p>
      <h1>{view.ownOnly ? t("challenge.applications.mine") : t("challenge.applications.title")}</h1>
      <p>
        <StatusTag status={view.status} />
      </p>
      {params.get("done") && (
        <p className="alert ok" role="status">
          {t("challenge.done")}
        </p>
      )}
      {data && "error" in data && (
        <p className="alert error" role="alert">
          {t(data.error)}
        </p>
      )}
      {view.parties.includes("admin") && <PanelSection panel={view.panel} />}
      {view.applications.length === 0 && <p className="muted">{t("challenge.applications.none")}</p>}
      {view.applications.map((a) => (
        <ApplicationCard key={a.id} app={a} view={view} />
      ))}
      {view.canDecide && view.status === "closed" && view.applications.length > 0 && <ShortlistForm view={view} />}
      {view.canDecide && view.status === "shortlisted" && <AwardForm view={view} />}
      {view.milestones.length > 0 && <MilestonesSection view={view} />}
    </article>
  );
}
