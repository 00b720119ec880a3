import type { Locale } from "./define";
import type { Messages } from "./translate";

// The messages each side holds: the server both languages (registered by messages.server.ts),
// the browser the visitor's one (registered by entry.client from the dictionary script).

declare global {
  interface Window {
    /** Set by the dictionary script the document loads: one language's messages. */
    __lsmMessages?: { locale: Locale; messages: Messages };
  }
}

const held: Partial<Record<Locale, Messages>> = {};

export function provideMessages(locale: Locale, messages: Messages): void {
  held[locale] = messages;
}

/** A language's messages, or undefined where they have not been loaded (the other language in the browser). */
export function messagesIn(locale: Locale): Messages | undefined {
  return held[locale];
}
