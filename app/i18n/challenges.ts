import { defineMessages } from "./define";

// Open challenges (揭榜挂帅 / 赛马制): what visitors, challengers, applicants, the panel and the
// Bureau read, the notifications of each step, and the form's validation messages.

export const challengeMessages = defineMessages(
  {
    "notify.challenge_window_opened": "揭榜挂帅“{title}”开始接受揭榜申请",
    "notify.challenge_window_closed": "揭榜挂帅“{title}”揭榜申请已截止",
    "notify.challenge_application_received": "揭榜挂帅“{title}”收到新的揭榜申请",
    "notify.challenge_shortlisted": "您对“{title}”的揭榜申请已入围",
    "notify.challenge_awarded": "您已成功揭榜“{title}”",
    "notify.challenge_milestone_accepted": "“{title}”的里程碑“{milestone}”已通过验收",
    "notify.challenge_reward_paid": "“{title}”里程碑“{milestone}”的奖励已记入资金台账",
    "notify.challenge_cancelled": "揭榜挂帅“{title}”已撤榜：{reason}",
    "v.challenge.criteria": "每行一项评审指标，格式如“技术先进性 40”，最多 10 项",
    "v.challenge.weights": "评审指标的权重合计须为 100",
    "v.challenge.window": "揭榜截止日期不能早于开始日期，也不能早于今天",
    "v.challenge.deliverBy": "攻关期限须晚于揭榜截止日期",
    "v.challenge.teams": "单一揭榜为 1 个团队；赛马制至少 2 个团队",
    "v.challenge.score": "评分须为 0 到 100 的整数",
  },
  {
    "notify.challenge_window_opened": "The challenge “{title}” is now taking applications",
    "notify.challenge_window_closed": "Applications to the challenge “{title}” have closed",
    "notify.challenge_application_received": "The challenge “{title}” received a new application",
    "notify.challenge_shortlisted": "Your application to “{title}” is on the shortlist",
    "notify.challenge_awarded": "You have been awarded the challenge “{title}”",
    "notify.challenge_milestone_accepted": "The milestone “{milestone}” of “{title}” has been accepted",
    "notify.challenge_reward_paid": "The reward for the milestone “{milestone}” of “{title}” is recorded in the ledger",
    "notify.challenge_cancelled": "The challenge “{title}” was cancelled: {reason}",
    "v.challenge.criteria": "One criterion per line, e.g. “Technical merit 40”; at most 10",
    "v.challenge.weights": "The criteria's weights must add up to 100",
    "v.challenge.window": "The closing date cannot be before the opening date or today",
    "v.challenge.deliverBy": "The delivery date must be after the closing date",
    "v.challenge.teams": "A single-winner challenge funds 1 team; a race at least 2",
    "v.challenge.score": "A score is a whole number from 0 to 100",
  },
);
