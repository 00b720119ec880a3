/**
 * A table that may be wider than the screen: it scrolls sideways inside its own frame, which
 * the keyboard can reach (arrow keys then scroll it) and which assistive technology names.
 */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // The frame must take focus for a keyboard to scroll it (WCAG 2.1.1); it is a named region, not a control.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
