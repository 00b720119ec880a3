import { z } from "zod";
import { email, password, text } from "./fields";

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z.object({ password, confirm: text(200).min(1) }).superRefine((v, ctx) => {
  if (v.password !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "v.passwordMismatch" });
});

/** The account page's notification settings: a checkbox posts "on" or nothing. */
export const notificationSettingsSchema = z.object({
  intent: z.literal("notifications"),
  emailNotifications: z.literal("on").optional(),
  locale: z.enum(["zh-CN", "en"]),
});
