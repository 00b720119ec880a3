import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** Wider than this, the header's menu and the list pages' filters are always shown. */
export const WIDE_SCREEN = "(min-width: 861px)";

/**
 * A part of the page a phone folds away behind a button: a `<details>` disclosure, so it opens
 * and closes without script; the stylesheet shows its content on a wide screen. With script,
 * a browser whose stylesheet cannot show a closed disclosure's content gets it opened on a
 * wide screen, and with `closeOnNavigate` (the header's menu) a followed link folds it again
 * on a phone.
 */
export function Disclosure({
  className,
  summary,
  closeOnNavigate = false,
  children,
}: {
  className: string;
  summary: React.ReactNode;
  closeOnNavigate?: boolean;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  const key = closeOnNavigate ? location.pathname + location.search : "";
  useEffect(() => {
    const details = ref.current;
    const wide = window.matchMedia(WIDE_SCREEN).matches;
    if (details && (wide || closeOnNavigate)) details.open = wide;
  }, [key, closeOnNavigate]);
  return (
    <details className={`disclosure ${className}`} ref={ref}>
      <summary className="disclosure-toggle">{summary}</summary>
      <div className="disclosure-body">{children}</div>
    </details>
  );
}
