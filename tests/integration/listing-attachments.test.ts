import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { listingAttachments } from "../../db/schema";
import * as manage from "../../app/routes/attachments.$subject.$id";
import * as serve from "../../app/routes/attachments.$subject.$id_.$fileId";
import * as needPage from "../../app/routes/needs.$id";
import * as scenarioPage from "../../app/routes/scenarios.$id";
import { transitionScenario } from "../../app/services/scenarios/workflow.server";
import { makeScenarioWorld } from "./scenarios-fixtures";
import * as editNeed from "../../app/routes/needs.$id_.edit";
import { transitionListing } from "../../app/services/listings.server";
import { MAX_ATTACHMENT_BYTES, sniffAttachment, storeListingAttachment } from "../../app/services/listing-attachments.server";
import { req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";
import { auditActions } from "./deals-fixtures";

// A listing's brochure and images: judged by their bytes, kept under generated names, changed
// only by the owner while the listing is editable, and served only to those who may see it.

let db: Db;
let cleanup: () => void;
let w: World;
let filesDir: string;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-listing-files-"));
  process.env.FILES_DIR = filesDir;
  w = await makeWorld(db);
});
afterEach(() => {
  cleanup();
  fs.rmSync(filesDir, { recursive: true, force: true });
  delete process.env.FILES_DIR;
});

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { cspNonce: "" } });

function pdf(size = 2048): Buffer {
  const head = Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n");
  const tail = Buffer.from("\n%%EOF\n");
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]);
}
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(200)]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x40, 0, 0, 0]), Buffer.from("WEBPVP8 "), crypto.randomBytes(64)]);

const onDisk = () => fs.readdirSync(filesDir);
const rows = () => db.select().from(listingAttachments).all();

function upload(who: TestUser | null, needId: number, file: { name: string; bytes: Buffer; type?: string }) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/octet-stream" }));
  const request = new Request(`http://localhost/attachments/need/${needId}`, { method: "POST", body: form, headers: who ? { Cookie: who.cookie } : {} });
  return statusOf(() => manage.action(args(request, { subject: "need", id: String(needId) })));
}

function fetchFile(who: TestUser | null, needId: number, fileId: number, subject = "need") {
  const request = req(`/attachments/${subject}/${needId}/${fileId}`, { cookie: who?.cookie });
  return statusOf(() => serve.loader(args(request, { subject, id: String(needId), fileId: String(fileId) })));
}

const location = (r: { response: Response | null }) => r.response!.headers.get("Location");

describe("listing attachments", () => {
  it("stores a PDF and images under generated names with their checksums, listed on the edit page and audited", async () => {
    const need = w.needs.draft;
    const bytes = pdf(4096);
    const res = await upload(w.enterprise, need, { name: "产品手册.pdf", bytes, type: "image/png" });
    expect(res.status).toBe(302);
    expect(location(res)).toBe(`/needs/${need}/edit?files=uploaded#attachments`);
    await upload(w.enterprise, need, { name: "现场.png", bytes: PNG });
    await upload(w.enterprise, need, { name: "装置照片", bytes: WEBP });
    const stored = rows();
    expect(stored.map((r) => [r.displayName, r.mime])).toEqual([
      ["产品手册.pdf", "application/pdf"],
      ["现场.png", "image/png"],
      ["装置照片.webp", "image/webp"],
    ]);
    expect(stored[0]!.sha256).toBe(crypto.createHash("sha256").update(bytes).digest("hex"));
    expect(stored.every((r) => /^[0-9a-f]{32}\.(pdf|png|webp)$/.test(r.storedName))).toBe(true);
    expect(onDisk().sort()).toEqual(stored.map((r) => r.storedName).sort());
    expect(auditActions(db, "need", need).filter((a) => a === "attach")).toHaveLength(3);

    const page = (await (await editNeed.loader(args(req(`/needs/${need}/edit`, { cookie: w.enterprise.cookie }), { id: String(need) }))).json()) as {
      attachments: { displayName: string; image: boolean; url: string }[];
    };
    expect(page.attachments.map((a) => [a.displayName, a.image])).toEqual([
      ["产品手册.pdf", false],
      ["现场.png", true],
      ["装置照片.webp", true],
    ]);
    expect(page.attachments[0]!.url).toBe(`/attachments/need/${need}/${stored[0]!.id}`);
  });

  it("refuses bytes that are no PDF or image, and a PDF renamed .png, leaving nothing behind", async () => {
    const need = w.needs.draft;
    const text = await upload(w.enterprise, need, { name: "brochure.pdf", bytes: Buffer.from("just some text, not a PDF at all"), type: "application/pdf" });
    expect(location(text)).toBe(`/needs/${need}/edit?files=unsupported_type#attachments`);
    const svg = await upload(w.enterprise, need, {
      name: "logo.png",
      bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    expect(location(svg)).toBe(`/needs/${need}/edit?files=unsupported_type#attachments`);
    const renamed = await upload(w.enterprise, need, { name: "photo.png", bytes: pdf(), type: "image/png" });
    expect(location(renamed)).toBe(`/needs/${need}/edit?files=unsupported_type#attachments`);
    expect(sniffAttachment(pdf())).toBe("pdf");
    expect(rows()).toHaveLength(0);
    expect(onDisk()).toHaveLength(0);
    expect(auditActions(db, "need", need).filter((a) => a === "denied:attach")).toHaveLength(3);
  });

  it("refuses a file over the limit, someone else's listing, and a listing no longer editable", async () => {
    const big = storeListingAttachment(db, w.enterprise.actor, "need", w.needs.draft, { name: "big.pdf", bytes: pdf(MAX_ATTACHMENT_BYTES + 1) });
    expect(big).toEqual({ ok: false, error: "too_large" });
    expect((await upload(w.otherEnterprise, w.needs.draft, { name: "a.pdf", bytes: pdf() })).status).toBe(404);
    expect((await upload(w.otherEnterprise, w.needs.published, { name: "a.pdf", bytes: pdf() })).status).toBe(403);
    expect((await upload(w.institute, w.needs.published, { name: "a.pdf", bytes: pdf() })).status).toBe(403);
    const published = await upload(w.enterprise, w.needs.published, { name: "a.pdf", bytes: pdf() });
    expect(location(published)).toBe(`/needs/${w.needs.published}`);
    expect((await upload(null, w.needs.draft, { name: "a.pdf", bytes: pdf() })).status).toBe(302);
    expect(rows()).toHaveLength(0);
    expect(onDisk()).toHaveLength(0);
  });

  it("serves a draft's files to its owner and the Bureau only, and a published listing's to anyone, typed by their bytes", async () => {
    const need = w.needs.draft;
    await upload(w.enterprise, need, { name: "手册.pdf", bytes: pdf(3000) });
    await upload(w.enterprise, need, { name: "现场.png", bytes: PNG });
    const [doc, image] = rows();
    for (const who of [null, w.otherEnterprise, w.institute, w.broker]) expect((await fetchFile(who, need, doc!.id)).status).toBe(404);
    expect((await fetchFile(w.admin, need, doc!.id)).status).toBe(200);
    const own = await fetchFile(w.enterprise, need, doc!.id);
    expect(own.status).toBe(200);
    expect(own.response!.headers.get("Content-Type")).toBe("application/pdf");
    expect(own.response!.headers.get("Content-Disposition")).toMatch(/^attachment; filename="__\.pdf"; filename\*=UTF-8''%E6%89%8B%E5%86%8C\.pdf$/);
    expect(own.response!.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(Buffer.from(await own.response!.arrayBuffer()).equals(pdf(3000))).toBe(true);
    // The wrong listing, or another kind of listing with the same number, finds nothing.
    expect((await fetchFile(w.enterprise, w.needs.published, doc!.id)).status).toBe(404);
    expect((await fetchFile(w.enterprise, need, doc!.id, "achievement")).status).toBe(404);
    expect((await fetchFile(w.enterprise, need, doc!.id, "nothing")).status).toBe(404);

    expect(transitionListing(db, "need", w.enterprise.actor, need, "submit").ok).toBe(true);
    expect(transitionListing(db, "need", w.admin.actor, need, "approve").ok).toBe(true);
    const shown = await fetchFile(null, need, image!.id);
    expect(shown.status).toBe(200);
    expect(shown.response!.headers.get("Content-Type")).toBe("image/png");
    expect(shown.response!.headers.get("Content-Disposition")).toMatch(/^inline; /);
    expect(shown.response!.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const page = (await needPage.loader(args(req(`/needs/${need}`), { id: String(need) }))) as unknown as {
      attachments: { displayName: string; image: boolean }[];
    };
    expect(page.attachments.map((a) => a.displayName)).toEqual(["手册.pdf", "现场.png"]);
  });

  it("lets the owner remove an attachment while editable: its bytes go and it is no longer served", async () => {
    const need = w.needs.draft;
    await upload(w.enterprise, need, { name: "a.pdf", bytes: pdf() });
    const [row] = rows();
    const remove = (who: TestUser) =>
      statusOf(() =>
        manage.action(
          args(req(`/attachments/need/${need}`, { cookie: who.cookie, form: { intent: "remove", attachmentId: String(row!.id) } }), {
            subject: "need",
            id: String(need),
          }),
        ),
      );
    expect((await remove(w.otherEnterprise)).status).toBe(404);
    const res = await remove(w.enterprise);
    expect(location(res)).toBe(`/needs/${need}/edit?files=removed#attachments`);
    expect(rows()[0]!.removedAt).not.toBeNull();
    expect(onDisk()).toHaveLength(0);
    expect((await fetchFile(w.enterprise, need, row!.id)).status).toBe(404);
    expect(auditActions(db, "need", need)).toContain("detach");
  });
});

describe("a scenario's attachments", () => {
  it("are added while it is a draft and shown on its public page once it is published", async () => {
    const sw = await makeScenarioWorld(db);
    const id = sw.scenarios.draft;
    expect(storeListingAttachment(db, sw.enterprise.actor, "scenario", id, { name: "场景说明.pdf", bytes: pdf() })).toMatchObject({ ok: true });
    expect(transitionScenario(db, sw.enterprise.actor, id, { intent: "submit" })).toEqual({ ok: true });
    expect(transitionScenario(db, sw.admin.actor, id, { intent: "approve" })).toEqual({ ok: true });
    const page = (await scenarioPage.loader(args(req(`/scenarios/${id}`), { id: String(id) }))) as { attachments: { displayName: string }[] };
    expect(page.attachments.map((a) => a.displayName)).toEqual(["场景说明.pdf"]);
    // Published, it is no longer editable: a new file waits for the next draft.
    expect(storeListingAttachment(db, sw.enterprise.actor, "scenario", id, { name: "second.pdf", bytes: pdf() })).toMatchObject({ ok: false });
  });
});
