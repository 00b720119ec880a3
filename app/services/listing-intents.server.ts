import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { plainText } from "../schemas/fields";
import { forbidden, idParam, notFound } from "./http.server";
import { listingVisible, transitionListing, type ListingKind } from "./listings.server";
import { userContext } from "./request.server";
import { localiseMessage } from "./forms";

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["submit", "withdraw", "confirm", "approve"]) }),
  z.object({ intent: z.literal("reject"), reason: plainText(2, 500) }),
]);

const NOTICE = { submit: "submitted", withdraw: "withdrawn", confirm: "confirmed", approve: "approved", reject: "rejected" } as const;

/**
 * The buttons on a listing's page (submit, withdraw, confirm, approve, return): one parse,
 * one workflow call; the service decides whether this user may do it to this listing now.
 */
export async function handleListingIntent(request: Request, kind: ListingKind, rawId: string | undefined) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const id = idParam(rawId);
  if (!listingVisible(db, kind, actor, id)) notFound();
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const reasonIssue = parsed.error.issues.find((i) => i.path[0] === "reason");
    return json({ error: reasonIssue ? t("v.reasonRequired") : localiseMessage(locale, "v.invalid") }, { status: 400 });
  }
  const outcome = transitionListing(db, kind, actor, id, parsed.data.intent, {
    reason: parsed.data.intent === "reject" ? parsed.data.reason : undefined,
    requestId,
  });
  if (!outcome.ok) {
    if (outcome.error === "not_found") notFound();
    if (outcome.error === "unverified") return json({ error: t("error.unverifiedOrg") }, { status: 403 });
    forbidden(outcome.error);
  }
  const base = kind === "need" ? "/needs" : "/achievements";
  return redirect(`${base}/${id}?done=${NOTICE[parsed.data.intent]}`);
}
