import { z } from "zod";
import { WHOLE_CONTRACT } from "../codes";
import { todayInShanghai } from "../i18n";
import { parseAmountToFen } from "../services/money";
import { amountText, isoDate, plainText, recordId, text } from "./fields";

/* ------------------------------------------------------------------ bank transfers (银行转账) */

/** No single payment under a contract comes near this: 10 亿元 is 100,000,000,000 fen. */
export const MAX_TRANSFER_FEN = 100_000_000_000;

/** An amount in yuan with at most two decimals (fen), above zero. */
const yuanAmount = amountText.transform((v, ctx) => {
  const fen = parseAmountToFen(v, "yuan");
  if (fen === null || fen === 0) {
    ctx.addIssue({ code: "custom", message: "v.transfer.amount" });
    return z.NEVER;
  }
  if (fen > MAX_TRANSFER_FEN) {
    ctx.addIssue({ code: "custom", message: "v.moneyTooBig" });
    return z.NEVER;
  }
  return fen;
});

/**
 * A bank's transaction reference (流水号) as printed on the receipt: letters, digits and a few
 * separators. Stored without spaces and in capitals, so the same receipt typed twice matches.
 */
const bankReference = text(64, { trim: true })
  .transform((v) => v.normalize("NFKC").replace(/\s/g, "").toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z][0-9A-Z/_.-]{3,59}$/, { error: "v.invalid" }));

/** The choice that stands for the contract as a whole, when its payment plan has no milestones. */

/** The fields of the form that records a transfer received; the receipt travels beside them. */
export const transferSchema = z.object({
  milestoneId: z.union([z.literal(WHOLE_CONTRACT).transform(() => undefined), recordId]),
  amountYuan: yuanAmount,
  receivedOn: isoDate.refine((v) => v <= todayInShanghai(), { error: "v.transfer.futureDate" }),
  payerName: plainText(2, 100),
  bankReference,
});
export type TransferInput = z.output<typeof transferSchema>;

/** The Bureau's decision on one transfer: verify it, or reject it with a reason the recorder sees. */
export const transferDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("verify"), transferId: recordId }),
  z.object({ intent: z.literal("reject"), transferId: recordId, reason: plainText(2, 500) }),
]);
export type TransferDecision = z.output<typeof transferDecisionSchema>;

/* ------------------------------------------------------------------ paying a milestone online */

/**
 * The buyer's "pay online" button. The attempt key is made when the page is drawn, so a
 * second click of the same button finds the same Checkout instead of opening another.
 */
export const payOnlineSchema = z.object({
  intent: z.literal("pay"),
  milestoneId: recordId,
  attemptKey: text(64, { trim: true }).pipe(z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "v.invalid" })),
});
export type PayOnlineInput = z.output<typeof payOnlineSchema>;
