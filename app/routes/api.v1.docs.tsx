import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useT } from "../components/i18n";
import { docsEndpoints } from "../services/api/docs.server";
import { apiRateSettings } from "../services/api/rate-limit.server";

// GET /api/v1/docs: the API's reference, rendered on the server from the OpenAPI document.

export const meta: MetaFunction = () => [{ title: "开放数据接口 · Open data API" }];

export function loader() {
  return { endpoints: docsEndpoints(), ...apiRateSettings() };
}

export default function ApiDocs() {
  const t = useT();
  const { endpoints, limit, windowSeconds } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("api.docs.title")}</h1>
      <p className="lead">{t("api.docs.lead")}</p>
      <p>
        <a href="/api/v1/openapi.json">{t("api.docs.document")}</a> · <code>/api/v1/openapi.json</code>
      </p>
      <p className="muted">{t("api.docs.limits", { limit: String(limit), window: String(windowSeconds) })}</p>
      <p className="muted">{t("api.docs.cors")}</p>
      <h2>{t("api.docs.endpoints")}</h2>
      <ul className="plain-list">
        {endpoints.map((e) => (
          <li key={e.path}>
            <a href={`#${e.path.replaceAll("/", "-").slice(1)}`}>
              <code>
                {e.method} {e.path}
              </code>
            </a>{" "}
            {e.summary}
          </li>
        ))}
      </ul>
      {endpoints.map((e) => (
        <section key={e.path} id={e.path.replaceAll("/", "-").slice(1)} className="card">
          <h2>
            <code>
              {e.method} {e.path}
            </code>
          </h2>
          <p>
            <strong>{e.summary}</strong> — {e.description}
          </p>
          <h3>{t("api.docs.parameters")}</h3>
          {e.parameters.length === 0 ? (
            <p className="muted">{t("api.docs.noParameters")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("api.docs.col.name")}</th>
                    <th scope="col">{t("api.docs.col.type")}</th>
                    <th scope="col">{t("api.docs.col.description")}</th>
                    <th scope="col">{t("api.docs.col.example")}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.parameters.map((p) => (
                    <tr key={p.name}>
                      <td>
                        <code>{p.name}</code>
                      </td>
                      <td>
                        {p.type}
                        {p.repeatable && <span className="muted"> ({t("api.docs.repeatable")})</span>}
                      </td>
                      <td>{p.description}</td>
                      <td>
                        <code>{p.example}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t("api.docs.exampleRequest")}</h3>
          <pre>
            <code>{e.exampleRequest}</code>
          </pre>
          <h3>{t("api.docs.exampleResponse")}</h3>
          <pre>
            <code>{e.exampleResponse}</code>
          </pre>
          <h3>{t("api.docs.responses")}</h3>
          <ul className="plain-list">
            {e.responses.map((r) => (
              <li key={r.status}>
                <code>{r.status}</code> {r.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
