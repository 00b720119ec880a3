import type { SiteFrame } from "../services/site-frame.server";
import { ListLink, useFollowLinks } from "./followed-links";
import { useT } from "./i18n";

/** Every page's footer: who runs the site and how to reach them, its policies and its two filing numbers. */
export function SiteFooter({ frame }: { frame: SiteFrame }) {
  const t = useT();
  const follow = useFollowLinks();
  return (
    <footer className="site-footer" ref={follow}>
      <nav aria-label={t("footer.linksLabel")} className="footer-links">
        <ListLink to="/privacy">{t("footer.privacy")}</ListLink>
        <ListLink to="/terms">{t("footer.terms")}</ListLink>
        <ListLink to="/indicators">{t("footer.indicators")}</ListLink>
        <a href="/api/v1/docs">{t("api.docs.footerLink")}</a>
      </nav>
      <dl className="footer-facts">
        <div>
          <dt>{t("footer.sponsor")}</dt>
          <dd>{frame.sponsor}</dd>
        </div>
        <div>
          <dt>{t("footer.operator")}</dt>
          <dd>{frame.operator}</dd>
        </div>
        <div>
          <dt>{t("footer.contact")}</dt>
          <dd>
            {frame.address} · <a href={`tel:${frame.phone.replace(/[^\d+]/g, "")}`}>{frame.phone}</a> · <a href={`mailto:${frame.email}`}>{frame.email}</a>
          </dd>
        </div>
      </dl>
      <p className="footer-filings">
        <a href="https://beian.miit.gov.cn/" rel="noopener noreferrer" target="_blank">
          {frame.icp}
        </a>
        {" · "}
        {frame.psbCode ? (
          <a href={`https://beian.mps.gov.cn/#/query/webSearch?code=${frame.psbCode}`} rel="noopener noreferrer" target="_blank">
            {frame.psb}
          </a>
        ) : (
          frame.psb
        )}
      </p>
      <p className="muted">{t("footer.times")}</p>
    </footer>
  );
}
