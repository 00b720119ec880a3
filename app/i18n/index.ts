// The i18n entry point for server code: translate() and makeT() over both languages, and the
// formatters. Browser code imports from ./define, ./format and ./translate (and components
// use useT()), since the tables behind translate() live in a .server module that the browser
// build leaves empty.

export { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from "./define";
export { formatDate, formatDateTime, formatList, todayInShanghai, yearInShanghai } from "./format";
export { fill, translator, type Messages, type Params, type T } from "./translate";
export { dictionaryScript, makeT, messagesFor, translate, type DictionaryScript, type MessageKey } from "./messages.server";
