import { z } from "zod";
import { email, password, phone, plainText, text } from "./fields";

export const loginSchema = z.object({
  email,
  password: text(200).min(1),
  redirectTo: text(500, { lines: false }).optional(),
});

const person = {
  email,
  name: plainText(2, 40),
  phone: phone.optional(),
  password,
  passwordConfirm: text(200).min(1),
  role: z.enum(["enterprise", "institute", "broker"]),
};

export const registerSchema = z
  .discriminatedUnion("orgMode", [
    z.object({
      ...person,
      orgMode: z.literal("new"),
      orgName: plainText(2, 100),
      orgNameEn: plainText(2, 200).optional(),
      creditCode: text(40, { trim: true }).min(1),
      countyCode: text(20).regex(/^\d{6}$/, { error: "v.choose" }),
      pilotCode: z.literal("on").optional(),
    }),
    z.object({ ...person, orgMode: z.literal("existing"), creditCode: text(40, { trim: true }).min(1) }),
  ])
  .superRefine((v, ctx) => {
    if (v.password !== v.passwordConfirm) ctx.addIssue({ code: "custom", path: ["passwordConfirm"], message: "v.passwordMismatch" });
  });

export const passwordChangeSchema = z.object({ current: text(200).min(1), next: password, confirm: text(200).min(1) }).superRefine((v, ctx) => {
  if (v.next !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "v.passwordMismatch" });
});
