import type { MessageKey } from "./messages.server";

// Filling a message in. This module holds no message table: the server looks messages up in
// both languages' tables, the browser in the one language the root loader sends it.

export type Params = Record<string, string | number>;

/** One language's messages, by key. */
export type Messages = Readonly<Record<string, string>>;

export type T = (key: MessageKey, params?: Params) => string;

/** A template's {placeholders} filled from params; a placeholder with no value stays as it is. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** A translator over one language's messages; an unknown key is returned as it is. */
export function translator(messages: Messages): T {
  return (key, params) => fill(messages[key] ?? key, params);
}
