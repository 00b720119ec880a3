import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { provideMessages } from "./i18n/registry";

// The dictionary script in the document's head has run by now (deferred scripts run in order).
const dictionary = window.__lsmMessages;
if (dictionary) provideMessages(dictionary.locale, dictionary.messages);

// Should the page name a dictionary that did not arrive, it stays as the server rendered it:
// links and forms work without scripts, and no untranslated text replaces the page.
const missing = !dictionary && document.querySelector("script[src^='/i18n/']") !== null;

if (!missing) {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}
