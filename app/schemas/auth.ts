import { z } from "zod";
import { email, password, phone, plainText } from "./fields";

export const loginSchema = z.object({
  email,
  password: z.string().min(1).max(200),
  redirectTo: z.string().max(500).optional(),
});

const person = {
  email,
  name: plainText(2, 40),
  phone: phone.optional(),
  password,
  passwordConfirm: z.string().min(1).max(200),
  role: z.enum(["enterprise", "institute", "broker"]),
};

export const registerSchema = z
  .discriminatedUnion("orgMode", [
    z.object({
      ...person,
      orgMode: z.literal("new"),
      orgName: plainText(2, 100),
      orgNameEn: plainText(2, 200).optional(),
      creditCode: z.string().trim().min(1).max(40),
      countyCode: z.string().regex(/^\d{6}$/, { error: "v.choose" }),
      pilotCode: z.literal("on").optional(),
    }),
    z.object({ ...person, orgMode: z.literal("existing"), creditCode: z.string().trim().min(1).max(40) }),
  ])
  .superRefine((v, ctx) => {
    if (v.password !== v.passwordConfirm) ctx.addIssue({ code: "custom", path: ["passwordConfirm"], message: "v.passwordMismatch" });
  });

export const passwordChangeSchema = z
  .object({ current: z.string().min(1).max(200), next: password, confirm: z.string().min(1).max(200) })
  .superRefine((v, ctx) => {
    if (v.next !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "v.passwordMismatch" });
  });
