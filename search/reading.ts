// How a match score (0-100, see weights.ts) reads to a broker, and which factor earned it most.
// Dependency-free, so pages can use it too.
//
//   strong    65 and up   text clearly related and most structured factors agree
//   possible  45 to 65    related text, or agreeing chain and field, but not both
//   weak      below 45    little in common: worth a look only when nothing better exists
//
// A suggestion needs about half the text points (20 of 40) and the same chain and field
// (22) to reach 65; a lone chain-and-field agreement with unrelated text stays near 35-45.

export const STRONG_FROM = 65;
export const POSSIBLE_FROM = 45;

export type MatchReading = "strong" | "possible" | "weak";

export function matchReading(score: number): MatchReading {
  if (score >= STRONG_FROM) return "strong";
  if (score >= POSSIBLE_FROM) return "possible";
  return "weak";
}

/** The factor with the most points; on a tie, the one listed first (text before structure). */
export function topFactor<N extends string>(factors: Record<N, { points: number }>): N | null {
  let best: N | null = null;
  for (const name of Object.keys(factors) as N[]) if (factors[name].points > 0 && (best === null || factors[name].points > factors[best].points)) best = name;
  return best;
}
