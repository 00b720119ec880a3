import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { optionalText } from "../schemas/fields";
import { forbidden, idParam, notFound } from "./http.server";
import type { ListingKind } from "./listings.server";
import { DISMISS_REASONS, dismissMatch } from "./matching.server";
import { userContext } from "./request.server";
import { recordId } from "../schemas/fields";

const schema = z.object({
  intent: z.literal("dismiss"),
  otherId: recordId,
  reason: z.enum(DISMISS_REASONS),
  note: optionalText(300),
});

/** The "not a fit" button under a suggestion, on either listing's page. */
export async function handleDismiss(request: Request, kind: ListingKind, rawId: string | undefined, form: FormData) {
  const { db, actor, t, requestId } = await userContext(request);
  const id = idParam(rawId);
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ error: t("v.invalid") }, { status: 400 });
  const pair = kind === "need" ? { needId: id, achievementId: parsed.data.otherId } : { needId: parsed.data.otherId, achievementId: id };
  const outcome = dismissMatch(db, actor, { ...pair, reason: parsed.data.reason, note: parsed.data.note }, requestId);
  if (!outcome.ok) return outcome.error === "not_found" ? notFound() : forbidden();
  return redirect(`/${kind === "need" ? "needs" : "achievements"}/${id}?done=dismissed#matches-title`);
}
