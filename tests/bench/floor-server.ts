// The reference the load benchmark compares against: a bare Express server that renders a
// React 18 page of about the market's page size with renderToString and sends it compressed
// as the market does,
// nothing else (no data, no sessions, no security headers). Run by load.ts on a port and a
// page size it chooses: tsx tests/bench/floor-server.ts <port> <bytes>

import express from "express";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { compressResponses } from "../../app/services/compression.server";

const port = Number(process.argv[2] ?? 3200);
const bytes = Number(process.argv[3] ?? 60_000);

const ROW = 200;
const rows = Array.from({ length: Math.max(1, Math.round(bytes / ROW)) }, (_, i) => ({
  id: i + 1,
  title: `吕梁市氢能重卡关键部件技术需求 第${i + 1}项`,
  org: "山西示例能源科技有限公司",
  chain: "氢能",
}));

function Page({ q }: { q: string }) {
  return h(
    "html",
    { lang: "zh-CN" },
    h("head", null, h("meta", { charSet: "utf-8" }), h("title", null, "技术需求 · 吕梁科技大市场")),
    h(
      "body",
      null,
      h("h1", null, `技术需求 ${q}`),
      h(
        "ul",
        { className: "cards" },
        rows.map((r) =>
          h("li", { key: r.id, className: "card" }, h("a", { href: `/needs/${r.id}` }, r.title), h("p", { className: "muted" }, `${r.org} · ${r.chain}`)),
        ),
      ),
    ),
  );
}

const app = express();
app.disable("x-powered-by");
app.use(compressResponses());
app.get("/healthz", (_req, res) => res.json({ status: "ok" }));
app.get("*", (req, res) => {
  res.type("html").send(`<!DOCTYPE html>${renderToString(h(Page, { q: String(req.query.q ?? "") }))}`);
});
app.listen(port, "127.0.0.1");
