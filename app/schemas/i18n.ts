import { z } from "zod";
import { LOCALES } from "../i18n/define";

/** A dictionary script's name: "zh-CN.0123456789ab.js", the language and a hash of the content. */
export const dictionaryFileParam = z
  .string()
  .max(40)
  .regex(/^[\w-]+\.[0-9a-f]{12}\.js$/)
  .transform((file) => ({ file, locale: file.slice(0, file.indexOf(".")) }))
  .pipe(z.object({ file: z.string(), locale: z.enum(LOCALES) }));
