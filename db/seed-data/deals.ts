// Brokers at work in the demo: the certified brokers lead a few published needs in their
// industry chains, and their matches stand at every stage (suggested, contacted,
// negotiating, signed, dismissed) with notes, reason-coded answers and the parties'
// agreement, so the workbench, the deal rooms and the organisations' answer rates have
// something true to show. A broker claims a need only once certified and while his certificate
// runs, and pairs it only with a published achievement about the same problem, after both
// listings are public. Run it after the demo itself (organisations, accounts, brokers,
// listings); it refuses to run twice.

import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../connection";
import {
  achievements,
  auditEvents,
  brokers,
  dealConfirmations,
  dealEvents,
  dealResponses,
  matchDismissals,
  matches,
  needClaims,
  needs,
  notifications,
  organisations,
  users,
  type MatchStage,
  type NotificationKind,
  type ResponseCode,
} from "../schema";
import { DEMO_ACCOUNTS } from "./accounts";
import { SEED } from "./organisations";
import { childRng } from "./random";
import { at, iso, setStoryClock, ymd } from "./timeline";
import { topicAffinity, SAME_PROBLEM } from "./topic-affinity";

export interface BrokerDealsOptions {
  /** The day the demo is anchored on; every event lies before it. Defaults to now. */
  now?: Date;
  /** How many needs each active broker leads; 3 unless told. */
  needsPerBroker?: number;
}

export interface BrokerDealsSummary {
  seeded: boolean;
  claims: number;
  matchesByStage: Record<MatchStage, number>;
  events: number;
  responses: { asked: number; answered: number };
  confirmations: number;
  notifications: number;
}

/** The order in which led needs get their first match's stage; the cycle covers every stage early. */
const STAGE_CYCLE: readonly MatchStage[] = ["signed", "negotiating", "contacted", "dismissed", "suggested", "negotiating", "contacted", "signed", "contacted"];

/**
 * The demo's accounts read Chinese, and a notification's parameters are stored in the
 * recipient's language (the app translates them when it writes one); these are the labels.
 */
const STAGE_ZH: Record<MatchStage, string> = { suggested: "推荐", contacted: "已联系", negotiating: "谈判中", signed: "已签约", dismissed: "已终止" };
const CODE_ZH: Record<ResponseCode, string> = {
  interested: "有意向",
  not_now: "暂不考虑",
  not_a_fit: "不合适",
  price: "价格原因",
  ip_terms: "知识产权条件",
  timing: "时间安排",
  other: "其他原因",
};

const NOTES = [
  "已与企业技术负责人电话沟通，确认需求的关键指标和验收方式。",
  "走访企业生产现场，了解现有工艺和设备条件，拍摄了现场照片。",
  "组织双方线上对接会，成果方介绍了中试数据和专利情况。",
  "成果方补充了知识产权清单和权属证明，企业法务正在审阅。",
  "双方就合作方式初步达成一致，下一步商定价格和付款节点。",
] as const;

const PROPOSALS = [
  "普通许可 3 年，许可费 80 万元，分两期支付",
  "合作开发：企业出资 150 万元，中试在企业现场进行，成果共有",
  "独占许可 5 年，入门费 50 万元加年销售额 3% 提成",
  "技术转让总价 200 万元，含 6 个月技术服务和人员培训",
] as const;

/** Some hours after `from`, but never at or after `limit`: answers come in hours or days, before the next step. */
function within(from: Date, hours: number, limit: Date): Date {
  const wanted = from.getTime() + hours * 3_600_000;
  const ceiling = limit.getTime() - 60_000;
  return new Date(Math.max(from.getTime() + 60_000, Math.min(wanted, ceiling)));
}

function emptyStages(): Record<MatchStage, number> {
  return { suggested: 0, contacted: 0, negotiating: 0, signed: 0, dismissed: 0 };
}

function audit(tx: Tx, entity: "need_claim" | "match", id: number, after: unknown): void {
  tx.insert(auditEvents)
    .values({ action: "seed", entity, entityId: String(id), after })
    .run();
}

/**
 * Seeds claims, matches at every stage, notes, answers and confirmations for the demo's
 * active brokers. Returns what it wrote; writes nothing (seeded: false) when any need
 * already has a lead broker.
 */
export function seedBrokerDeals(db: Db, options: BrokerDealsOptions = {}): BrokerDealsSummary {
  const now = options.now ?? new Date();
  setStoryClock(now);
  const perBroker = options.needsPerBroker ?? 3;
  const summary: BrokerDealsSummary = {
    seeded: false,
    claims: 0,
    matchesByStage: emptyStages(),
    events: 0,
    responses: { asked: 0, answered: 0 },
    confirmations: 0,
    notifications: 0,
  };
  writeTx(db, (tx) => {
    if ((tx.select({ n: count() }).from(needClaims).get()?.n ?? 0) > 0) return;
    summary.seeded = true;
    const today = ymd(now);
    // Everything happens before the anchor, with an hour to spare.
    const latest = new Date(now.getTime() - 3_600_000);
    const active = tx
      .select({
        userId: brokers.userId,
        chains: brokers.chains,
        validFrom: brokers.validFrom,
        validUntil: brokers.validUntil,
        decidedAt: brokers.decidedAt,
        name: users.name,
      })
      .from(brokers)
      .innerJoin(users, eq(users.id, brokers.userId))
      .where(eq(brokers.status, "certified"))
      .orderBy(asc(brokers.id))
      .all()
      .filter((b) => b.validFrom <= today && today <= b.validUntil);
    const membersOf = (orgId: number, role: "enterprise" | "institute") =>
      tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.role, role), isNull(users.disabledAt)))
        .all()
        .map((u) => u.id);
    const tell = (userIds: number[], kind: NotificationKind, params: Record<string, string>, link: string, createdAt: Date) => {
      for (const userId of userIds) {
        tx.insert(notifications)
          .values({ userId, kind, params, link, createdAt: iso(createdAt) })
          .run();
        summary.notifications++;
      }
    };
    const event = (
      matchId: number,
      actorUserId: number | null,
      kind: "note" | "stage" | "response" | "confirm",
      when: Date,
      extra: { body?: string; fromStage?: string | null; toStage?: string },
    ) => {
      tx.insert(dealEvents)
        .values({
          matchId,
          actorUserId,
          kind,
          createdAt: iso(when),
          body: extra.body ?? null,
          fromStage: extra.fromStage ?? null,
          toStage: extra.toStage ?? null,
        })
        .run();
      summary.events++;
    };

    // The organisations of the demo's log-in accounts come first, so whoever tries the demo finds deals.
    const demoOrgs = new Set(
      tx
        .select({ orgId: users.orgId })
        .from(users)
        .where(
          inArray(
            users.email,
            DEMO_ACCOUNTS.map((a) => a.email),
          ),
        )
        .all()
        .map((u) => u.orgId),
    );
    const nameOf = (orgId: number) => tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).get()?.name ?? "";

    // A broker pairs a need only with a published achievement about the same problem; one
    // listed too late to leave room for a deal is not a candidate.
    const roomy = iso(new Date(latest.getTime() - 30 * 86_400_000));
    const candidatesFor = (need: typeof needs.$inferSelect) =>
      tx
        .select()
        .from(achievements)
        .where(and(eq(achievements.status, "published"), eq(achievements.industryChainId, need.industryChainId)))
        .orderBy(asc(achievements.id))
        .all()
        .filter((a) => a.publishedAt !== null && a.publishedAt < roomy)
        .map((a) => ({ a, affinity: topicAffinity(need.title, a) }))
        .sort(
          (x, y) =>
            y.affinity - x.affinity ||
            Number(y.a.techFieldCode === need.techFieldCode) - Number(x.a.techFieldCode === need.techFieldCode) ||
            Number(demoOrgs.has(y.a.orgId)) - Number(demoOrgs.has(x.a.orgId)),
        );

    let turn = 0;
    for (const broker of active) {
      const r = childRng(SEED, `deals:${broker.userId}`);
      // A broker works only once certified: nothing he does predates the Bureau's decision or his certificate.
      const certified = [broker.decidedAt, `${broker.validFrom}T01:00:00.000Z`]
        .filter((x): x is string => x !== null)
        .sort()
        .at(-1)!;
      const led = tx
        .select()
        .from(needs)
        .leftJoin(needClaims, eq(needClaims.needId, needs.id))
        .where(and(eq(needs.status, "published"), inArray(needs.industryChainId, broker.chains), isNull(needClaims.needId)))
        .orderBy(asc(needs.publishedAt), asc(needs.id))
        .all()
        .map((row) => row.needs)
        .filter((n) => n.publishedAt !== null && n.publishedAt < roomy)
        .filter((n) => (candidatesFor(n)[0]?.affinity ?? 0) >= SAME_PROBLEM)
        .sort((a, b) => Number(demoOrgs.has(b.orgId)) - Number(demoOrgs.has(a.orgId)))
        .slice(0, perBroker);
      for (const need of led) {
        const claimFrom = new Date([need.publishedAt!, certified].sort().at(-1)!);
        const claimedAt = at(0.05, claimFrom, latest);
        const claim = tx
          .insert(needClaims)
          .values({ needId: need.id, brokerUserId: broker.userId, claimedAt: iso(claimedAt) })
          .returning()
          .get();
        audit(tx, "need_claim", need.id, claim);
        summary.claims++;
        const buyers = membersOf(need.orgId, "enterprise");
        tell(buyers, "need_claimed", { broker: broker.name, title: need.title }, `/needs/${need.id}`, claimedAt);

        // Candidates: the same problem first, then the same technical field.
        const ranked = candidatesFor(need);
        const candidates = ranked.map((c) => c.a);
        if (candidates.length === 0) continue;
        const stages: MatchStage[] = [STAGE_CYCLE[turn % STAGE_CYCLE.length]!];
        turn++;
        // Some needs have a second pairing the broker turned down along the way.
        if (candidates.length > 1 && r.chance(0.4)) stages.push("dismissed");

        stages.forEach((planned, k) => {
          const achievement = candidates[k]!;
          // The pairing is made once the broker holds the need and both listings are public.
          const from = new Date([iso(new Date(claimedAt.getTime() + 3_600_000)), achievement.publishedAt!, achievement.createdAt].sort().at(-1)!);
          // A deal runs its course within three to seven months of the pairing, or up to the run day.
          const pace = r.int(100, 220);
          const until = new Date(Math.min(latest.getTime(), from.getTime() + pace * 86_400_000));
          const when = (u: number) => at(u, from, until);
          const sellers = membersOf(achievement.orgId, "institute");
          const buyerUser = buyers[0] ?? null;
          const sellerUser = sellers[0] ?? null;
          // Agreement needs a member on each side; without one the deal stays at "contacted".
          const stage: MatchStage = (planned === "signed" || planned === "negotiating") && (buyerUser === null || sellerUser === null) ? "contacted" : planned;
          const orgName = { buyer: nameOf(need.orgId), seller: nameOf(achievement.orgId) };
          const opened = when(0.1 + k * 0.05);
          const score = r.int(58, 92);
          const match = tx
            .insert(matches)
            .values({
              needId: need.id,
              achievementId: achievement.id,
              brokerUserId: broker.userId,
              stage,
              score,
              explanation: null,
              source: "broker",
              dismissReason: stage === "dismissed" ? r.pick(["price", "too_immature", "ip_terms"] as const) : null,
              dismissNote: stage === "dismissed" ? "成果方报价与企业预算差距较大，双方同意暂不推进。" : null,
              stageChangedAt: iso(
                stage === "suggested" ? opened : when(stage === "signed" ? 0.88 : stage === "negotiating" ? 0.45 : stage === "dismissed" ? 0.5 : 0.12),
              ),
              createdAt: iso(opened),
              updatedAt: iso(latest),
            })
            .returning()
            .get();
          summary.matchesByStage[stage]++;
          audit(tx, "match", match.id, match);
          if (stage === "suggested") return;

          // Contacted: the deal room opens and both sides are asked whether they are interested.
          event(match.id, broker.userId, "stage", when(0.12), { fromStage: null, toStage: "contacted" });
          tell([...buyers, ...sellers], "match_proposed", { need: need.title, achievement: achievement.title }, `/deals/${match.id}`, when(0.12));
          event(match.id, broker.userId, "note", when(0.16), { body: NOTES[0] });
          const ask = (
            side: "buyer" | "seller",
            subject: string,
            askedAt: Date,
            requestedBy: number,
            answer: { code: ResponseCode; at: Date; by: number | null; note?: string } | null,
          ) => {
            const orgId = side === "buyer" ? need.orgId : achievement.orgId;
            tx.insert(dealResponses)
              .values({
                matchId: match.id,
                orgId,
                side,
                subject,
                requestedAt: iso(askedAt),
                requestedBy,
                code: answer?.code ?? null,
                note: answer?.note ?? null,
                respondedAt: answer ? iso(answer.at) : null,
                respondedBy: answer?.by ?? null,
              })
              .run();
            summary.responses.asked++;
            if (!answer) return;
            summary.responses.answered++;
            event(match.id, answer.by, "response", answer.at, { body: JSON.stringify({ code: answer.code, subject, org: orgName[side], note: answer.note }) });
            tell(
              [requestedBy],
              "answer_received",
              { org: orgName[side], subject: subject === "interest" ? "合作意向征询" : subject, code: CODE_ZH[answer.code] },
              `/deals/${match.id}`,
              answer.at,
            );
          };
          const lateSeller = stage === "contacted" && r.chance(0.5);
          ask(
            "buyer",
            "interest",
            when(0.12),
            broker.userId,
            buyerUser ? { code: "interested", at: within(when(0.12), r.int(2, 30), when(0.3)), by: buyerUser } : null,
          );
          ask(
            "seller",
            "interest",
            when(0.12),
            broker.userId,
            sellerUser && !lateSeller
              ? { code: stage === "dismissed" ? "price" : "interested", at: within(when(0.12), r.int(4, 120), when(0.3)), by: sellerUser }
              : null,
          );

          if (stage === "dismissed") {
            event(match.id, broker.userId, "stage", when(0.5), {
              fromStage: "contacted",
              toStage: "dismissed",
              body: JSON.stringify({ reason: match.dismissReason, note: match.dismissNote }),
            });
            tx.insert(matchDismissals)
              .values({
                needId: need.id,
                achievementId: achievement.id,
                reason: match.dismissReason!,
                note: match.dismissNote,
                dismissedBy: broker.userId,
                createdAt: iso(when(0.5)),
              })
              .onConflictDoNothing()
              .run();
            return;
          }
          if (stage === "contacted") return;

          // Negotiating: terms go back and forth, each with its reason-coded answer.
          event(match.id, broker.userId, "stage", when(0.45), { fromStage: "contacted", toStage: "negotiating" });
          tell(
            [...buyers, ...sellers],
            "stage_changed",
            { title: `${need.title} ↔ ${achievement.title}`, stage: STAGE_ZH.negotiating },
            `/deals/${match.id}`,
            when(0.45),
          );
          event(match.id, broker.userId, "note", when(0.47), { body: NOTES[r.int(1, NOTES.length - 1)] });
          const proposal = r.pick(PROPOSALS);
          event(match.id, buyerUser ?? broker.userId, "response", when(0.5), { body: JSON.stringify({ subject: proposal, sides: ["seller"] }) });
          ask(
            "seller",
            proposal,
            when(0.5),
            buyerUser ?? broker.userId,
            sellerUser
              ? {
                  code: r.pick(["price", "ip_terms", "interested"] as const),
                  at: within(when(0.5), r.int(6, 96), when(0.6)),
                  by: sellerUser,
                  note: "可接受分期支付，入门费需再商量。",
                }
              : null,
          );
          if (stage === "negotiating") {
            // One party has already agreed to proceed; the other has not yet.
            if (buyerUser) {
              tx.insert(dealConfirmations)
                .values({ matchId: match.id, side: "buyer", orgId: need.orgId, confirmedBy: buyerUser, confirmedAt: iso(when(0.7)) })
                .run();
              event(match.id, buyerUser, "confirm", when(0.7), { body: JSON.stringify({ side: "buyer", org: orgName.buyer }) });
              summary.confirmations++;
            }
            return;
          }

          // Signed: both sides agreed, then the broker recorded the signing.
          for (const [side, orgId, by, u] of [
            ["buyer", need.orgId, buyerUser, 0.72],
            ["seller", achievement.orgId, sellerUser, 0.78],
          ] as const) {
            if (by === null) continue;
            tx.insert(dealConfirmations)
              .values({ matchId: match.id, side, orgId, confirmedBy: by, confirmedAt: iso(when(u)) })
              .run();
            event(match.id, by, "confirm", when(u), { body: JSON.stringify({ side, org: orgName[side] }) });
            summary.confirmations++;
          }
          event(match.id, broker.userId, "stage", when(0.88), { fromStage: "negotiating", toStage: "signed" });
          tell(
            [...buyers, ...sellers],
            "stage_changed",
            { title: `${need.title} ↔ ${achievement.title}`, stage: STAGE_ZH.signed },
            `/deals/${match.id}`,
            when(0.88),
          );
        });
      }
    }
  });
  return summary;
}
