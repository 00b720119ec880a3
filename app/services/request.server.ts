import { makeT } from "../i18n";
import type { Role } from "../codes";
import { getUser, requireUser, toActor, type SessionUser } from "./auth.server";
import { getDb } from "./db.server";
import { forbidden, requestId } from "./http.server";
import { getLocale } from "./locale.server";

/** What every loader and action starts from: the database, the visitor and their language. */
export async function requestContext(request: Request) {
  const db = getDb();
  const user = await getUser(db, request);
  const locale = await getLocale(request);
  return { db, user, actor: user ? toActor(user) : null, locale, t: makeT(locale), requestId: requestId(request) };
}

/** The same, for pages that need a signed-in user (others are sent to log in). */
export async function userContext(request: Request) {
  const db = getDb();
  const user: SessionUser = await requireUser(db, request);
  const locale = await getLocale(request);
  return { db, user, actor: toActor(user), locale, t: makeT(locale), requestId: requestId(request) };
}

/**
 * The same, for pages only some roles may open: anyone else signed in gets 403, after
 * `onRefused` (which records the refused attempt where the action is one the audit log keeps).
 */
export async function roleContext(request: Request, roles: readonly Role[], onRefused?: (context: Awaited<ReturnType<typeof userContext>>) => void) {
  const context = await userContext(request);
  if (!roles.includes(context.user.role)) {
    onRefused?.(context);
    forbidden();
  }
  return context;
}
