import { json } from "@remix-run/node";

/** A record the viewer may not see is reported as missing, so ids cannot be probed. */
export function notFound(): never {
  throw json({ error: "not_found" }, { status: 404 });
}

export function forbidden(reason = "forbidden"): never {
  throw json({ error: reason }, { status: 403 });
}

export function badRequest(reason = "bad_request"): never {
  throw json({ error: reason }, { status: 400 });
}

export function requestId(request: Request): string | null {
  return request.headers.get("x-request-id");
}

/** Parses a positive integer route parameter; anything else is a 404. */
export function idParam(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,15}$/.test(value)) notFound();
  return Number(value);
}

/** A same-site path to return to after a form; anything else falls back to the default. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/** Domain errors a service throws when a rule forbids the change (wrong state, not owner …). */
export class DomainError extends Error {
  constructor(
    readonly code: "not_found" | "forbidden" | "conflict",
    message: string,
  ) {
    super(message);
  }
}
