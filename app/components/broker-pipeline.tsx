import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import { numberFormat } from "../i18n/intl";
import { FEN_PER_WAN } from "../services/money";
import { ListLink, useFollowLinks } from "./followed-links";
import { useLocale, useT } from "./i18n";

export interface PipelineColumn {
  stage: string;
  count: number;
  valueFen: number;
  items: {
    id: number;
    needId: number | null;
    scenarioId: number | null;
    subjectTitle: string;
    achievementTitle: string;
    score: number;
    stageChangedAt: string | null;
    valueFen: number | null;
  }[];
}

/** 万元 with up to two decimals, whatever the language: the unit the Bureau's figures use. */
export function Wan({ fen }: { fen: number }) {
  const t = useT();
  const locale = useLocale();
  const n = numberFormat(locale === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 2 }).format(fen / FEN_PER_WAN);
  return <>{t("broker.wan", { n })}</>;
}

/**
 * The broker's matches by stage, left to right as a deal travels, with counts; the
 * engine's suggestions still awaiting his review count in the first column.
 */
export function PipelineBoard({
  columns,
  negotiationValueFen,
  pendingSuggestions,
}: {
  columns: PipelineColumn[];
  negotiationValueFen: number;
  pendingSuggestions: number;
}) {
  const t = useT();
  const locale = useLocale();
  const follow = useFollowLinks();
  return (
    <section aria-labelledby="pipeline-title">
      <h2 id="pipeline-title">{t("broker.pipeline.title")}</h2>
      <p>
        {t("broker.pipeline.negotiationValue")}:{" "}
        <strong>
          <Wan fen={negotiationValueFen} />
        </strong>
      </p>
      <div className="pipeline" ref={follow}>
        {columns.map((c) => {
          const count = c.stage === "suggested" ? c.count + pendingSuggestions : c.count;
          return (
            <div key={c.stage} className={`pipeline-column stage-${c.stage}`}>
              <h3>
                {t(`deal.stage.${c.stage}` as MessageKey)} <span className="count">{count}</span>
              </h3>
              {c.stage === "suggested" && pendingSuggestions > 0 && (
                <p className="muted">{t("broker.pipeline.pendingSuggestions", { n: pendingSuggestions })}</p>
              )}
              <ul className="plain-list">
                {c.items.map((m) => (
                  <li key={m.id}>
                    <ListLink
                      to={c.stage !== "suggested" ? `/deals/${m.id}` : m.needId !== null ? `/broker/needs/${m.needId}` : `/broker/scenarios/${m.scenarioId}`}
                    >
                      {m.subjectTitle}
                    </ListLink>
                    <div className="muted">↔ {m.achievementTitle}</div>
                    <div className="muted">
                      {m.valueFen !== null && <Wan fen={m.valueFen} />} {m.stageChangedAt && `· ${formatDate(m.stageChangedAt, locale)}`}
                    </div>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
