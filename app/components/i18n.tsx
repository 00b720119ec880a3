import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale } from "../i18n/define";
import { errorPage } from "../i18n/errors";
import { messagesIn } from "../i18n/registry";
import { translator, type T } from "../i18n/translate";

// Components translate with the messages held for the visitor's language: on the server both
// languages are held, in the browser the one the document's dictionary script brought.

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale: Locale } | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT(): T {
  const locale = useLocale();
  const messages = messagesIn(locale) ?? errorPage[locale];
  return useMemo(() => translator(messages, locale), [messages, locale]);
}

/** The few messages of the bare error page, for when the root loader failed and sent none. */
export function errorPageT(locale: Locale): T {
  return translator(errorPage[locale], locale);
}
