// Open challenges (揭榜挂帅 / 赛马制): posting and review, the window and applications,
// scoring, shortlist and award, milestones and payment, cancelling, and what the pages read.
export * from "./common.server";
export * from "./permissions.server";
export * from "./posting.server";
export * from "./window.server";
export * from "./applications.server";
export * from "./scoring.server";
export * from "./award.server";
export * from "./milestones.server";
export * from "./cancel.server";
export * from "./queries.server";
