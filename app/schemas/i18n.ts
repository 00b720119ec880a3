import { z } from "zod";
import { LOCALES } from "../i18n/define";

/**
 * A dictionary script's name: "zh-CN.0123456789ab.js" (the language and a hash of the content),
 * "zh-CN-members.0123456789ab.js" for the part signed-in members load, or
 * "zh-CN-bureau.0123456789ab.js" for the part only the Bureau's staff load.
 */
export const dictionaryFileParam = z
  .string()
  .max(48)
  .regex(/^[\w-]+\.[0-9a-f]{12}\.js$/)
  .transform((file) => {
    const name = file.slice(0, file.indexOf("."));
    const part = (["bureau", "members"] as const).find((p) => name.endsWith(`-${p}`)) ?? ("base" as const);
    return { file, locale: part === "base" ? name : name.slice(0, -(part.length + 1)), part };
  })
  .pipe(z.object({ file: z.string(), locale: z.enum(LOCALES), part: z.enum(["base", "members", "bureau"]) }));
