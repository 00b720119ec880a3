import type { Db } from "../../db/connection";
import { createChallenge } from "../../app/services/challenges/index.server";
import type { World } from "../helpers/world";
import { challengeInput, ok } from "./challenges-fixtures";

// The route policy's rows for the challenge pages, against a draft challenge of the world's
// enterprise (made before the rows run, so no page view is charged with writing it).

type Who = "anonymous" | "enterprise" | "otherEnterprise" | "institute" | "broker" | "admin";
type Expect = Record<Who, number>;
interface Case {
  path: (w: World) => string;
  params?: (w: World) => Record<string, string>;
  form?: Record<string, string>;
  expect: Expect;
}

const all = (n: number): Expect => ({ anonymous: n, enterprise: n, otherEnterprise: n, institute: n, broker: n, admin: n });
const signedIn = (n: number): Expect => ({ ...all(n), anonymous: 302 });

let draft = 0;

/** The draft challenge the rows read. */
export function makePolicyChallenge(db: Db, w: World): void {
  draft = ok(createChallenge(db, w.enterprise.actor, challengeInput({ opensOn: "2099-01-01", closesOn: "2099-01-31", deliverBy: "2099-12-31" }))).id;
}

const at = (tail = "") => ({ path: () => `/challenges/${draft}${tail}`, params: () => ({ id: String(draft) }) });

export const CHALLENGE_POLICY: Record<string, { loader?: Case; action?: Case }> = {
  "challenges._index": { loader: { path: () => "/challenges?q=赤泥&status=open&band=100w-500w", expect: all(200) } },
  "challenges.new": {
    loader: { path: () => "/challenges/new", expect: { ...signedIn(403), enterprise: 200, otherEnterprise: 200, admin: 200 } },
    action: { path: () => "/challenges/new", form: {}, expect: { ...signedIn(403), enterprise: 400, otherEnterprise: 400, admin: 400 } },
  },
  // A draft: its poster and the Bureau see it; closing a draft early is a conflict for its poster, forbidden to anyone else.
  "challenges.$id": {
    loader: { ...at(), expect: { ...all(404), enterprise: 200, admin: 200 } },
    action: { ...at(), form: { intent: "close" }, expect: { ...signedIn(403), enterprise: 409 } },
  },
  "challenges.$id_.edit": {
    loader: { ...at("/edit"), expect: { ...signedIn(404), enterprise: 200, admin: 403 } },
    action: { ...at("/edit"), form: {}, expect: { ...signedIn(404), enterprise: 400, admin: 403 } },
  },
  "challenges.$id_.applications": {
    loader: { ...at("/applications"), expect: { ...signedIn(404), enterprise: 200, admin: 200 } },
    action: { ...at("/applications"), form: {}, expect: { ...signedIn(404), enterprise: 400, admin: 400 } },
  },
  "challenges.$id_.files.$fileId": {
    loader: { path: () => `/challenges/${draft}/files/999999`, params: () => ({ id: String(draft), fileId: "999999" }), expect: signedIn(404) },
  },
  "me.challenges": { loader: { path: () => "/me/challenges", expect: signedIn(200) } },
  "admin.challenges": { loader: { path: () => "/admin/challenges", expect: { ...signedIn(403), admin: 200 } } },
};
