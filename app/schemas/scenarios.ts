import { z } from "zod";
import { DISMISS_REASONS, SCENARIO_GRADES, SCENARIO_KINDS, SCENARIO_RESOURCES } from "../codes";
import { choiceList, email, isoDate, optionalText, optionalWanAmount, phone, plainText, recordId, text } from "./fields";

/** An application scenario as its owner types it: amounts in 万元 become fen. */
export const scenarioSchema = z
  .object({
    title: plainText(4, 80),
    description: plainText(20, 4000),
    techWanted: plainText(10, 3000),
    resources: choiceList(SCENARIO_RESOURCES),
    conditions: plainText(10, 3000),
    site: plainText(2, 120),
    countyCode: text(20).regex(/^\d{6}$/, { error: "v.choose" }),
    industryChainId: text(40).min(1),
    techFieldCode: text(10).min(1),
    kind: z.enum(SCENARIO_KINDS, { error: "v.choose" }),
    grade: z.enum(SCENARIO_GRADES, { error: "v.choose" }),
    subsidyCapWan: optionalWanAmount,
    investmentWan: optionalWanAmount,
    opensOn: isoDate,
    closesOn: isoDate,
    contactName: plainText(2, 40),
    contactPhone: phone,
    contactEmail: email.optional(),
  })
  .refine((v) => v.closesOn >= v.opensOn, {
    path: ["closesOn"],
    error: "v.scenario.period",
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === "opensOn" || i.path?.[0] === "closesOn"),
  });
export type ScenarioInput = z.output<typeof scenarioSchema>;

/** The buttons on a scenario's page. */
export const scenarioIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["submit", "withdraw", "close", "approve"]) }),
  z.object({ intent: z.literal("return"), reason: plainText(2, 500) }),
]);
export type ScenarioIntent = z.output<typeof scenarioIntentSchema>;

/** The owner records what came of the scenario. */
export const scenarioOutcomeSchema = z
  .object({
    outcome: z.enum(["pilot_started", "pilot_done", "contract_signed"], { error: "v.choose" }),
    pilotStartedOn: isoDate.optional(),
    pilotResult: optionalText(2000),
    followOnContractId: recordId.optional(),
  })
  .refine((v) => v.outcome !== "pilot_started" || v.pilotStartedOn !== undefined, { path: ["pilotStartedOn"], error: "v.scenario.pilotStartedOn" })
  .refine((v) => v.outcome !== "pilot_done" || (v.pilotResult ?? "").length >= 2, { path: ["pilotResult"], error: "v.scenario.pilotResult" })
  .refine((v) => v.outcome !== "contract_signed" || v.followOnContractId !== undefined, { path: ["followOnContractId"], error: "v.scenario.contract" });
export type ScenarioOutcomeInput = z.output<typeof scenarioOutcomeSchema>;

const list = z
  .union([text(40), z.array(text(40))])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== "").slice(0, 20))
  .pipe(z.array(z.string()));

/** The scenario list's query string; anything malformed is dropped rather than failing the page. */
export const scenarioBrowseSchema = z.object({
  q: text(100, { trim: true }).optional().catch(undefined),
  year: text(4, { trim: true }).pipe(z.coerce.number<string>().int().min(2000).max(2100)).optional().catch(undefined),
  open: z.literal("1").optional().catch(undefined),
  status: list.catch([]),
  subsidyBand: list.catch([]),
  countyCode: list.catch([]),
  industryChainId: list.catch([]),
  grade: list.catch([]),
  kind: list.catch([]),
  page: text(10, { trim: true }).pipe(z.coerce.number<string>().int().min(1).max(1000)).optional().catch(undefined),
});
export type ScenarioBrowseQuery = z.output<typeof scenarioBrowseSchema>;

/** A broker's or owner's decision on a proposed scenario–achievement pair. */
export const scenarioPairSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("take"), achievementId: recordId }),
  z.object({ intent: z.literal("dismiss"), achievementId: recordId, reason: z.enum(DISMISS_REASONS, { error: "v.choose" }), note: optionalText(500) }),
]);
