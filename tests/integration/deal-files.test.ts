import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { dealFiles } from "../../db/schema";
import * as dealPage from "../../app/routes/deals.$id";
import * as download from "../../app/routes/deals.$id_.files.$fileId";
import { contentDisposition, displayNameFor, inspectOoxml, MAX_FILE_BYTES, sniffFile } from "../../app/services/deal-files.server";
import { req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { auditActions, makeDealWorld, setCertState, type DealWorld } from "./deals-fixtures";

// W7: uploads are judged by their bytes, kept under generated names, limited in size and
// number, and a refused upload leaves nothing on disk.

let db: Db;
let cleanup: () => void;
let w: DealWorld;
let filesDir: string;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-files-"));
  process.env.FILES_DIR = filesDir;
  w = await makeDealWorld(db);
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

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/**
 * A zip written by hand, so a test can make its directory claim what it likes: each entry is
 * deflated, and `claims` overrides the uncompressed size its headers declare.
 */
function zip(entries: { name: string; data: Buffer; claims?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const packed = zlib.deflateRawSync(e.data);
    const size = e.claims ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>');
const docx = (extra: { name: string; data: Buffer; claims?: number }[] = []) =>
  zip([{ name: "[Content_Types].xml", data: CONTENT_TYPES }, { name: "word/document.xml", data: Buffer.from("<w:document/>") }, ...extra]);

function upload(who: TestUser, file: { name: string; bytes: Buffer; type?: string }, matchId = w.matchId) {
  const form = new FormData();
  form.append("intent", "upload");
  form.append("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/octet-stream" }));
  const request = new Request(`http://localhost/deals/${matchId}`, { method: "POST", body: form, headers: { Cookie: who.cookie } });
  return statusOf(() => dealPage.action(args(request, { id: String(matchId) })));
}

const onDisk = () => fs.readdirSync(filesDir);
const rows = () => db.select().from(dealFiles).all();

describe("deal attachments (W7)", () => {
  it("stores a PDF under a generated name with its checksum; the deal's people download it, nobody else", async () => {
    const bytes = pdf(4096);
    const res = await upload(w.enterprise, { name: "技术需求说明书.pdf", bytes, type: "application/pdf" });
    expect(res.status).toBe(302);
    const [row] = rows();
    expect(row).toMatchObject({
      displayName: "技术需求说明书.pdf",
      mime: "application/pdf",
      sizeBytes: 4096,
      sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
    });
    expect(row!.storedName).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(onDisk()).toEqual([row!.storedName]);
    expect(auditActions(db, "match", w.matchId)).toContain("upload");

    for (const who of [w.broker, w.institute, w.enterprise, w.admin]) {
      const got = await statusOf(() =>
        download.loader(args(req(`/deals/${w.matchId}/files/${row!.id}`, { cookie: who.cookie }), { id: String(w.matchId), fileId: String(row!.id) })),
      );
      expect(got.status).toBe(200);
      const headers = got.response!.headers;
      expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(headers.get("Content-Type")).toBe("application/pdf");
      expect(headers.get("Content-Disposition")).toBe(contentDisposition("技术需求说明书.pdf"));
      expect(headers.get("Content-Disposition")).toContain("filename*=UTF-8''%E6%8A%80");
      expect(Buffer.from(await got.response!.arrayBuffer()).equals(bytes)).toBe(true);
    }
    for (const who of [w.otherEnterprise, w.otherInstitute, w.rival]) {
      const got = await statusOf(() =>
        download.loader(args(req(`/deals/${w.matchId}/files/${row!.id}`, { cookie: who.cookie }), { id: String(w.matchId), fileId: String(row!.id) })),
      );
      expect(got.status).toBe(404);
    }
    const anonymous = await statusOf(() =>
      download.loader(args(req(`/deals/${w.matchId}/files/${row!.id}`), { id: String(w.matchId), fileId: String(row!.id) })),
    );
    expect(anonymous.status).toBe(404);
  });

  it("takes a file above the 3,000,000-byte default and refuses one byte over 10 MB with 413, keeping nothing", async () => {
    expect((await upload(w.broker, { name: "可研报告.pdf", bytes: pdf(3_000_001) })).status).toBe(302);
    expect(rows()).toHaveLength(1);
    const before = onDisk();
    const res = await upload(w.broker, { name: "大文件.pdf", bytes: pdf(MAX_FILE_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(rows()).toHaveLength(1);
    expect(onDisk()).toEqual(before);
    expect(auditActions(db, "match", w.matchId)).toContain("denied:upload");
  });

  it("refuses a .pdf whose bytes are a PNG (415) and anything that is none of the accepted types", async () => {
    expect((await upload(w.institute, { name: "合同.pdf", bytes: PNG, type: "application/pdf" })).status).toBe(415);
    expect((await upload(w.institute, { name: "run.sh", bytes: Buffer.from("#!/bin/sh\nrm -rf /\n") })).status).toBe(415);
    expect((await upload(w.institute, { name: "page.html", bytes: Buffer.from("<html><script>alert(1)</script></html>") })).status).toBe(415);
    expect(rows()).toEqual([]);
    expect(onDisk()).toEqual([]);
    // The same PNG under its own name is fine.
    expect((await upload(w.institute, { name: "中试现场.png", bytes: PNG })).status).toBe(302);
    expect(rows()[0]).toMatchObject({ mime: "image/png", displayName: "中试现场.png" });
  });

  it("never uses the uploader's name as a path: '../../x.sh' is stored under a generated name inside the files folder", async () => {
    expect((await upload(w.broker, { name: "../../x.sh", bytes: pdf() })).status).toBe(302);
    const [row] = rows();
    expect(row!.storedName).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(row!.displayName).toBe("x.sh.pdf");
    expect(onDisk()).toEqual([row!.storedName]);
    expect(fs.existsSync(path.resolve(filesDir, "../../x.sh"))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(filesDir), "x.sh"))).toBe(false);
    expect(displayNameFor("..\\..\\evil\u0000.pdf", "pdf")).toBe("evil_.pdf");
    expect(displayNameFor("report.PDF", "pdf")).toBe("report.PDF");
    expect(displayNameFor("report.docx", "pdf")).toBeNull();
  });

  it("accepts a real OOXML package and refuses a zip bomb, a plain zip and a zip64 size marker", async () => {
    expect((await upload(w.enterprise, { name: "合作方案.docx", bytes: docx() })).status).toBe(302);
    expect(rows()[0]).toMatchObject({ mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });

    // A 10 MB package would unpack to a gigabyte: its directory says so, and that is enough.
    const bomb = docx([{ name: "word/media/pad.bin", data: Buffer.alloc(1024 * 1024), claims: 1_073_741_824 }]);
    expect(inspectOoxml(bomb)).toEqual({ ok: false, reason: "zip_bomb" });
    expect((await upload(w.enterprise, { name: "报价单.docx", bytes: bomb })).status).toBe(415);
    // Entries each plausible in size and ratio can still add up to too much.
    const wide = docx(
      Array.from({ length: 5 }, (_, i) => ({ name: `word/media/image${i}.bin`, data: crypto.randomBytes(64 * 1024), claims: 60 * 1024 * 1024 })),
    );
    expect(inspectOoxml(wide)).toEqual({ ok: false, reason: "zip_bomb" });
    const zip64 = docx([{ name: "word/styles.xml", data: Buffer.from("<s/>"), claims: 0xffffffff }]);
    expect(inspectOoxml(zip64)).toEqual({ ok: false, reason: "zip_bomb" });
    // A zip that is not an office package, whatever its name says.
    const plain = zip([{ name: "word/document.xml", data: Buffer.from("<w:document/>") }]);
    expect((await upload(w.enterprise, { name: "方案.docx", bytes: plain })).status).toBe(415);
    expect(
      sniffFile(
        zip([
          { name: "[Content_Types].xml", data: CONTENT_TYPES },
          { name: "ppt/presentation.xml", data: Buffer.from("<p/>") },
        ]),
      ),
    ).toEqual({ ok: true, type: "pptx" });
    expect(sniffFile(Buffer.from("PK\u0003\u0004 truncated"))).toEqual({ ok: false, reason: "corrupt" });
    expect(rows()).toHaveLength(1);
    expect(onDisk()).toEqual([rows()[0]!.storedName]);
  });

  it("refuses the 21st file of a deal and leaves nothing of it behind", async () => {
    for (let i = 1; i <= 20; i++) expect((await upload(w.broker, { name: `附件${i}.pdf`, bytes: pdf(256) })).status).toBe(302);
    expect(onDisk()).toHaveLength(20);
    const res = await upload(w.enterprise, { name: "第21个.pdf", bytes: pdf(256) });
    expect(res.status).toBe(413);
    expect(rows()).toHaveLength(20);
    expect(onDisk()).toHaveLength(20);
    expect(auditActions(db, "match", w.matchId).filter((a) => a === "denied:upload")).toHaveLength(1);
  });

  it("outsiders, the Bureau and a suspended broker cannot attach files; nothing is written for them", async () => {
    expect((await upload(w.otherEnterprise, { name: "a.pdf", bytes: pdf() })).status).toBe(404);
    expect((await upload(w.rival, { name: "a.pdf", bytes: pdf() })).status).toBe(404);
    expect((await upload(w.admin, { name: "a.pdf", bytes: pdf() })).status).toBe(403);
    setCertState(db, w.broker, "suspended");
    expect((await upload(w.broker, { name: "a.pdf", bytes: pdf() })).status).toBe(403);
    expect(rows()).toEqual([]);
    expect(onDisk()).toEqual([]);
    expect(db.select().from(dealFiles).where(eq(dealFiles.matchId, w.matchId)).all()).toEqual([]);
  });
});
