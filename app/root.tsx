import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { Role } from "./codes";
import { Disclosure } from "./components/disclosure";
import { ListLink, useFollowLinks } from "./components/followed-links";
import { errorPageT, useT } from "./components/i18n";
import { useNonce } from "./components/nonce";
import { dictionaryScript, type Locale, type MessageKey, type T } from "./i18n";
import { getUser } from "./services/auth.server";
import { getDb } from "./services/db.server";
import { getLocale } from "./services/locale.server";
import { unreadCount } from "./services/notifications.server";
import stylesheet from "./styles/app.css";
import frameStylesheet from "./styles/frame.css";
import { SiteFooter } from "./components/site-footer";
import { siteFrame } from "./services/site-frame.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "stylesheet", href: frameStylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "吕梁科技大市场 · Lüliang Technology Market" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const db = getDb();
  const user = await getUser(db, request);
  return {
    locale,
    // The visitor's language only, as scripts the browser keeps: the other one never reaches it.
    // The Bureau's staff also load the messages of the desk's own pages.
    dictionaries: [
      dictionaryScript(locale),
      ...(user ? [dictionaryScript(locale, "members")] : []),
      ...(user?.role === "admin" ? [dictionaryScript(locale, "bureau")] : []),
    ].map((d) => `/i18n/${d.file}`),
    user: user && { name: user.name, role: user.role, orgName: user.orgName, orgVerified: user.orgVerified, unread: unreadCount(db, user.id) },
    frame: siteFrame(locale),
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

type NavItem = readonly [to: string, label: MessageKey];

/** The header's sections for everyone, then those of the visitor's role. */
const PUBLIC_NAV: readonly NavItem[] = [
  ["/needs", "nav.needs"],
  ["/achievements", "nav.achievements"],
  ["/challenges", "challenge.nav"],
  ["/scenarios", "nav.scenarios"],
  ["/transformation-list", "nav.transformationList"],
  ["/brokers", "nav.brokers"],
];
const MEMBER_NAV: readonly NavItem[] = [
  ["/me/listings", "nav.mine"],
  ["/me/deals", "nav.deals"],
  ["/contracts", "nav.contracts"],
];
const ROLE_NAV: Partial<Record<Role, readonly NavItem[]>> = {
  enterprise: MEMBER_NAV,
  institute: MEMBER_NAV,
  broker: [
    ["/broker", "nav.workbench"],
    ["/contracts", "nav.contracts"],
  ],
  admin: [
    ["/admin/indicators", "nav.indicators"],
    ["/admin/review", "nav.review"],
    ["/admin/organisations", "nav.organisations"],
    ["/admin/brokers", "nav.brokerAdmin"],
    ["/admin/contracts", "nav.registry"],
    ["/admin/transfers", "nav.transfers"],
    ["/admin/statistics", "nav.statistics"],
    ["/admin/rewards", "nav.rewards"],
    ["/admin/subsidies", "nav.subsidies"],
  ],
};

function Header({ locale, user, t }: { locale: Locale; user: RootData["user"]; t: T }) {
  const location = useLocation();
  const here = location.pathname + location.search;
  const other = locale === "en" ? "zh-CN" : "en";
  const follow = useFollowLinks();
  // The section the visitor is in, marked as NavLink would mark it.
  const nav = (to: string) => {
    const active = location.pathname === to || location.pathname.startsWith(`${to}/`);
    return { to, className: active ? "active" : undefined, "aria-current": active ? ("page" as const) : undefined };
  };
  return (
    <header className="site-header" ref={follow}>
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <div className="bar">
        <ListLink to="/" className="brand">
          <span className="brand-mark" aria-hidden>
            吕
          </span>
          <span>{t("app.name")}</span>
        </ListLink>
        <Disclosure
          className="menu"
          closeOnNavigate
          summary={
            <>
              <span className="menu-icon" aria-hidden />
              {t("nav.menu")}
            </>
          }
        >
          <nav aria-label={t("nav.menu")}>
            {[...PUBLIC_NAV, ...((user && ROLE_NAV[user.role]) ?? [])].map(([to, label]) => (
              <ListLink key={to} {...nav(to)}>
                {t(label)}
              </ListLink>
            ))}
          </nav>
          <div className="bar-end">
            {/* A whole new document: the browser holds one language's messages at a time. The
                button's name ("Language: 中文") holds its visible text, in the language it names. */}
            <Form method="post" action="/lang" className="inline" reloadDocument>
              <input type="hidden" name="locale" value={other} />
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" className="link-button">
                <span className="sr-only">{t("lang.label")}: </span>
                <span lang={other}>{t("lang.switch")}</span>
              </button>
            </Form>
            {user ? (
              <>
                <ListLink to="/inbox" className={user.unread ? "button small" : ""}>
                  {t("nav.inbox")}
                  {user.unread > 0 && ` · ${user.unread}`}
                </ListLink>
                <ListLink to="/account" className="who">
                  {user.name} · {t(`role.${user.role}`)}
                </ListLink>
                <Form method="post" action="/logout" className="inline" reloadDocument>
                  <button type="submit" className="link-button">
                    {t("nav.logout")}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <ListLink to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</ListLink>
                <ListLink to="/register" className="button small">
                  {t("nav.register")}
                </ListLink>
              </>
            )}
          </div>
        </Disclosure>
      </div>
    </header>
  );
}

/**
 * The page's description in the visitor's language: the deepest route's `handle.description`
 * (a message key), else the site's own. Route `meta` exports give titles, not descriptions.
 */
function useDescription(t: T): string | null {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const key = (matches[i]!.handle as { description?: MessageKey | null } | undefined)?.description;
    // null: the route's own `meta` gives the description.
    if (key === null) return null;
    if (key) return t(key);
  }
  return t("meta.description");
}

function Document({
  locale,
  description,
  dictionaries = [],
  children,
}: {
  locale: Locale;
  description: string | null;
  dictionaries?: string[];
  children: React.ReactNode;
}) {
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {description !== null && <meta name="description" content={description} />}
        <Meta />
        <Links />
        {/* Deferred, so they run in order before the deferred module scripts that hydrate the page. */}
        {dictionaries.map((src) => (
          <script key={src} src={src} defer nonce={nonce} />
        ))}
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root")!;
  const t = useT();
  const description = useDescription(t);
  return (
    <Document locale={data.locale} description={description} dictionaries={data.dictionaries}>
      <Header locale={data.locale} user={data.user} t={t} />
      <main id="main">
        <Outlet />
      </main>
      <SiteFooter frame={data.frame} />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A 503 from a storage fault carries the visitor's language, for when the root loader failed too.
  const faultLocale = isRouteErrorResponse(error) ? (error.data as { locale?: Locale } | null)?.locale : undefined;
  const locale = data?.locale ?? faultLocale ?? "zh-CN";
  const rootT = useT();
  // Without the root loader's data there are no messages but the error page's own few.
  const t = data ? rootT : errorPageT(locale);
  const message =
    status === 404
      ? t("error.notFound")
      : status === 403
        ? t("error.forbidden")
        : status === 429
          ? t("error.tooMany")
          : status === 503
            ? t("error.readOnly")
            : t("error.generic");
  return (
    <Document locale={locale} description={t("meta.description")} dictionaries={data?.dictionaries}>
      {data ? (
        <Header locale={locale} user={data.user} t={t} />
      ) : (
        <header className="site-header">
          <div className="bar">
            <Link to="/" className="brand">
              {t("app.name")}
            </Link>
          </div>
        </header>
      )}
      <main id="main" className="narrow">
        <h1>{t("error.title")}</h1>
        <p className="error-status">{status}</p>
        <p>{message}</p>
        <p>
          <Link to="/">{t("nav.home")}</Link>
        </p>
      </main>
      {data && <SiteFooter frame={data.frame} />}
    </Document>
  );
}
