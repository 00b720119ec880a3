import { createContext, useContext } from "react";

const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;

/** The per-request CSP nonce, so Remix's inline scripts are allowed and injected ones are not. */
export function useNonce(): string {
  return useContext(NonceContext);
}
