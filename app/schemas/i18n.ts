import { z } from "zod";
import { LOCALES } from "../i18n/define";

/**
 * A dictionary script's name: "zh-CN.0123456789ab.js" (the language and a hash of the content),
 * or "zh-CN-bureau.0123456789ab.js" for the part only the Bureau's staff load.
 */
export const dictionaryFileParam = z
  .string()
  .max(48)
  .regex(/^[\w-]+\.[0-9a-f]{12}\.js$/)
  .transform((file) => {
    const name = file.slice(0, file.indexOf("."));
    const bureau = name.endsWith("-bureau");
    return { file, locale: bureau ? name.slice(0, -"-bureau".length) : name, part: bureau ? ("bureau" as const) : ("base" as const) };
  })
  .pipe(z.object({ file: z.string(), locale: z.enum(LOCALES), part: z.enum(["base", "bureau"]) }));
