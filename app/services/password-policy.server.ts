// Rules for a new password beyond the form's length and variety check: not one of the
// passwords attackers try first, not the demo password printed in the README, and not
// built from the account's own e-mail. Server-only: the estimator's dictionaries are large.

import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import { DEMO_PASSWORD } from "../../db/seed-data/accounts";

/** zxcvbn's score 3 ("safely unguessable", about 10^8 guesses) is the least accepted. */
const MIN_SCORE = 3;
/** The estimate of a longer password is no weaker than that of its first characters, and costs far more. */
const ESTIMATE_CHARS = 64;

export type PasswordProblem = "auth.password.common" | "auth.password.demo" | "auth.password.containsEmail";

let estimator: ZxcvbnFactory | undefined;

function estimate(password: string): number {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return estimator.check(password.slice(0, ESTIMATE_CHARS)).score;
}

/** Why this new password is refused for this e-mail (a message key), or null when it is acceptable. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const lower = password.toLowerCase();
  if (lower === DEMO_PASSWORD.toLowerCase()) return "auth.password.demo";
  const local = email.trim().toLowerCase().split("@")[0] ?? "";
  if (local.length >= 3 && lower.includes(local)) return "auth.password.containsEmail";
  if (estimate(password) < MIN_SCORE) return "auth.password.common";
  return null;
}
