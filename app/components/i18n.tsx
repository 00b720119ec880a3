import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale } from "../i18n/define";
import { errorPage } from "../i18n/errors";
import { translator, type Messages, type T } from "../i18n/translate";

// Components translate with the messages the root loader sends: the visitor's language only.

type RootData = { locale: Locale; messages: Messages };

function useRootData(): RootData | undefined {
  return useRouteLoaderData("root") as RootData | undefined;
}

export function useLocale(): Locale {
  return useRootData()?.locale ?? DEFAULT_LOCALE;
}

export function useT(): T {
  const data = useRootData();
  const messages = data?.messages ?? errorPage[DEFAULT_LOCALE];
  return useMemo(() => translator(messages), [messages]);
}

/** The few messages of the bare error page, for when the root loader failed and sent none. */
export function errorPageT(locale: Locale): T {
  return translator(errorPage[locale]);
}
