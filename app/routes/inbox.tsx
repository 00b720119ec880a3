import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { formatDateTime } from "../i18n/format";
import { badRequest, notFound } from "../services/http.server";
import { listInbox, markAllRead, openNotification, renderNotification } from "../services/notifications.server";
import { userContext } from "../services/request.server";
import { inboxIntentSchema } from "../schemas/index.server";

export const meta: MetaFunction = () => [{ title: "消息 · Inbox" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user, locale } = await userContext(request);
  return json({
    items: listInbox(db, user.id).map((n) => ({ id: n.id, text: renderNotification(locale, n), read: n.readAt !== null, createdAt: n.createdAt })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await userContext(request);
  const parsed = inboxIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest();
  if (parsed.data.intent === "readAll") {
    markAllRead(db, user.id);
    return redirect("/inbox");
  }
  const link = openNotification(db, user.id, parsed.data.id);
  if (!link) notFound();
  return redirect(link);
}

export default function Inbox() {
  const t = useT();
  const locale = useLocale();
  const { items } = useLoaderData<typeof loader>();
  const unread = items.filter((i) => !i.read).length;
  return (
    <div className="form-page">
      <div className="result-meta">
        <h1>{t("inbox.title")}</h1>
        {unread > 0 && (
          <Form method="post">
            <button type="submit" name="intent" value="readAll" className="secondary">
              {t("inbox.markAllRead")}
            </button>
          </Form>
        )}
      </div>
      {items.length === 0 ? (
        <p className="card empty">{t("inbox.empty")}</p>
      ) : (
        <ul className="plain-list card">
          {items.map((n) => (
            <li key={n.id} className={n.read ? "muted" : ""}>
              <Form method="post" className="inline">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" name="intent" value="open" className="link-button">
                  {n.read ? n.text : <strong>{n.text}</strong>}
                </button>
              </Form>
              <div className="muted">{formatDateTime(n.createdAt, locale)}</div>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/">{t("nav.home")}</Link>
      </p>
    </div>
  );
}
