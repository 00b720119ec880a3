import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { errorPageT, useT } from "./components/i18n";
import { useNonce } from "./components/nonce";
import { dictionaryScript, type Locale, type T } from "./i18n";
import { getUser } from "./services/auth.server";
import { getDb } from "./services/db.server";
import { getLocale } from "./services/locale.server";
import { unreadCount } from "./services/notifications.server";
import stylesheet from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
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
    dictionaries: [dictionaryScript(locale), ...(user?.role === "admin" ? [dictionaryScript(locale, "bureau")] : [])].map((d) => `/i18n/${d.file}`),
    user: user && { name: user.name, role: user.role, orgName: user.orgName, orgVerified: user.orgVerified, unread: unreadCount(db, user.id) },
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

function Header({ locale, user, t }: { locale: Locale; user: RootData["user"]; t: T }) {
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <div className="bar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden>
            吕
          </span>
          <span>{t("app.name")}</span>
        </Link>
        <nav aria-label="main">
          <NavLink to="/needs">{t("nav.needs")}</NavLink>
          <NavLink to="/achievements">{t("nav.achievements")}</NavLink>
          <NavLink to="/transformation-list">{t("nav.transformationList")}</NavLink>
          <NavLink to="/brokers">{t("nav.brokers")}</NavLink>
          <NavLink to="/scenarios">{t("nav.scenarios")}</NavLink>
          {user && (user.role === "enterprise" || user.role === "institute") && (
            <>
              <NavLink to="/me/listings">{t("nav.mine")}</NavLink>
              <NavLink to="/me/deals">{t("nav.deals")}</NavLink>
              <NavLink to="/contracts">{t("nav.contracts")}</NavLink>
            </>
          )}
          {user?.role === "broker" && (
            <>
              <NavLink to="/broker">{t("nav.workbench")}</NavLink>
              <NavLink to="/contracts">{t("nav.contracts")}</NavLink>
            </>
          )}
          {user?.role === "admin" && (
            <>
              <NavLink to="/admin/indicators">{t("nav.indicators")}</NavLink>
              <NavLink to="/admin/review">{t("nav.review")}</NavLink>
              <NavLink to="/admin/organisations">{t("nav.organisations")}</NavLink>
              <NavLink to="/admin/brokers">{t("nav.brokerAdmin")}</NavLink>
              <NavLink to="/admin/contracts">{t("nav.registry")}</NavLink>
              <NavLink to="/admin/transfers">{t("nav.transfers")}</NavLink>
              <NavLink to="/admin/statistics">{t("nav.statistics")}</NavLink>
              <NavLink to="/admin/rewards">{t("nav.rewards")}</NavLink>
              <NavLink to="/admin/subsidies">{t("nav.subsidies")}</NavLink>
            </>
          )}
        </nav>
        <div className="bar-end">
          {/* A whole new document: the browser holds one language's messages at a time. */}
          <Form method="post" action="/lang" className="inline" reloadDocument>
            <input type="hidden" name="locale" value={locale === "en" ? "zh-CN" : "en"} />
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" className="link-button" lang={locale === "en" ? "zh-CN" : "en"} aria-label={t("lang.label")}>
              {t("lang.switch")}
            </button>
          </Form>
          {user ? (
            <>
              <Link to="/inbox" className={user.unread ? "button small" : ""}>
                {t("nav.inbox")}
                {user.unread > 0 && ` · ${user.unread}`}
              </Link>
              <Link to="/account" className="who">
                {user.name} · {t(`role.${user.role}`)}
              </Link>
              <Form method="post" action="/logout" className="inline" reloadDocument>
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</Link>
              <Link to="/register" className="button small">
                {t("nav.register")}
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

function Document({ locale, dictionaries = [], children }: { locale: Locale; dictionaries?: string[]; children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
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
  return (
    <Document locale={data.locale} dictionaries={data.dictionaries}>
      <Header locale={data.locale} user={data.user} t={t} />
      <main id="main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("footer.note")}</p>
        <p>
          <Link to="/indicators">{t("footer.indicators")}</Link>
        </p>
        <p className="muted">{t("footer.times")}</p>
        <p className="muted">
          <a href="/api/v1/docs">{t("api.docs.footerLink")}</a>
        </p>
      </footer>
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
    <Document locale={locale} dictionaries={data?.dictionaries}>
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
    </Document>
  );
}
