import { useNavigate } from "@remix-run/react";
import { useCallback, useRef, type AnchorHTMLAttributes } from "react";

// A list of many links (twenty results, each with its title and its organisation) drawn with
// Remix's <Link> costs each link several router hooks on the server, about a third of a
// millisecond per page in all. Here the links are plain anchors, and one click listener on the
// list follows them as <Link> would: within the app, without reloading the page. Each anchor
// carries `data-discover`, so the app learns their routes as it does for <Link>'s.

/** A link inside a container given `useFollowLinks()`'s ref. */
export function ListLink({ to, children, ...rest }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  return (
    <a href={to} data-discover="true" data-follow="" {...rest}>
      {children}
    </a>
  );
}

type Click = Pick<MouseEvent, "button" | "metaKey" | "altKey" | "ctrlKey" | "shiftKey" | "defaultPrevented">;

/** Whether a click on an anchor is one the app follows itself: a plain left click on a same-origin link. */
export function followsInApp(event: Click, anchor: Pick<HTMLAnchorElement, "href" | "target" | "hasAttribute">, origin: string): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return false;
  if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return false;
  return new URL(anchor.href, origin).origin === origin;
}

/** A ref for the element holding `ListLink`s: clicks on them navigate within the app. */
export function useFollowLinks(): (container: HTMLElement | null) => void {
  const navigate = useNavigate();
  const latest = useRef(navigate);
  latest.current = navigate;
  return useCallback((container: HTMLElement | null) => {
    if (!container) return;
    // Says the links are now followed here (until then a click loads the page anew).
    container.setAttribute("data-links-followed", "");
    container.addEventListener("click", (event) => {
      const anchor = (event.target as Element | null)?.closest?.("a[data-follow]");
      if (!(anchor instanceof HTMLAnchorElement) || !followsInApp(event, anchor, window.location.origin)) return;
      event.preventDefault();
      const url = new URL(anchor.href);
      latest.current(url.pathname + url.search + url.hash);
    });
  }, []);
}
