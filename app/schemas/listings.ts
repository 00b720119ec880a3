import { z } from "zod";
import { COOPERATION_MODES, IP_TYPES, TRANSFER_MODES } from "../codes";
import { todayInShanghai } from "../i18n/format";
import { choiceList, email, isoDate, optionalText, optionalWanAmount, phone, plainText, text, trl } from "./fields";

const contact = {
  contactName: plainText(2, 40),
  contactPhone: phone,
  contactEmail: email.optional(),
};

/** A technical need as its owner types it. `today` is injectable so tests can fix the date. */
export function needSchema(today: string = todayInShanghai()) {
  return z
    .object({
      title: plainText(4, 80),
      description: plainText(20, 4000),
      industryChainId: text(40).min(1),
      techFieldCode: text(10).min(1),
      budgetMinWan: optionalWanAmount,
      budgetMaxWan: optionalWanAmount,
      cooperationModes: choiceList(COOPERATION_MODES),
      expectedTrl: trl,
      deadline: isoDate.refine((d) => d >= today, { error: "v.dateInPast" }),
      countyCode: text(20).regex(/^\d{6}$/, { error: "v.choose" }),
      ...contact,
    })
    .refine((v) => v.budgetMinWan === undefined || v.budgetMaxWan === undefined || v.budgetMaxWan >= v.budgetMinWan, {
      path: ["budgetMaxWan"],
      error: "v.budgetRange",
      // Checked even while other fields still have errors, so the person sees every problem at once.
      when: (payload) => !payload.issues.some((i) => i.path?.[0] === "budgetMinWan" || i.path?.[0] === "budgetMaxWan"),
    });
}
export type NeedInput = z.output<ReturnType<typeof needSchema>>;

/** Chinese patent numbers: ZL + 8 or 12 digits + "." + check digit (0-9 or X). */
const PATENT = /^ZL(\d{8}|\d{12})\.[\dX]$/;

export const achievementSchema = z.object({
  title: plainText(4, 80),
  summary: plainText(30, 6000),
  keywords: text(300, { trim: true })
    .transform((v) =>
      v
        .split(/[,，、;；\n]/)
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(plainText(1, 30)).min(1).max(10)),
  industryChainId: text(40).min(1),
  techFieldCode: text(10).min(1),
  trl,
  ipType: z.enum(IP_TYPES),
  patentNumbers: text(2000, { lines: true })
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(/[\n,，;；]/)
        .map((p) => p.normalize("NFKC").replace(/[\s.]/g, "").toUpperCase().replace(/^ZL/, ""))
        .filter(Boolean)
        // People type "202110654321X", "ZL 2021 1065 4321.X" or "ZL202110654321.X": store the last form.
        .map((p) => `ZL${p.slice(0, -1)}.${p.slice(-1)}`),
    )
    .pipe(z.array(z.string().regex(PATENT, { error: "v.patentNumber" })).max(30)),
  transferModes: choiceList(TRANSFER_MODES),
  priceWan: optionalWanAmount,
  owners: plainText(2, 200),
  countyCode: text(20)
    .regex(/^\d{6}$/, { error: "v.choose" })
    .optional(),
  ...contact,
});
export type AchievementInput = z.output<typeof achievementSchema>;

export const reviewSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve") }),
  z.object({ decision: z.literal("reject"), reason: plainText(2, 500) }),
]);

/** Owner actions on a listing's page. */
export const listingIntentSchema = z.object({ intent: z.enum(["submit", "withdraw", "confirm"]) });

export const optionalNote = optionalText(500);
