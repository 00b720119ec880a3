import type { Policy } from "../content/policies.server";

/** A policy page (privacy, terms): its title, date, introduction and numbered sections. */
export function PolicyPage({ policy }: { policy: Policy }) {
  return (
    <article className="policy narrow">
      <h1>{policy.title}</h1>
      <p className="muted updated">{policy.updated}</p>
      <p>{policy.intro}</p>
      {policy.sections.map((s) => (
        <section key={s.heading}>
          <h2>{s.heading}</h2>
          {s.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </section>
      ))}
    </article>
  );
}
