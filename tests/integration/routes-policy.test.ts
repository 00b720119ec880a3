import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { req, statusOf, useAppDb } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";
import { getSearch } from "../../app/services/search.server";
import { dictionaryScript } from "../../app/i18n";
import { CHALLENGE_POLICY, makePolicyChallenge } from "./challenges-policy-rows";

// Every route module's loader and action, called as each kind of visitor, against one
// policy table. A route added without a row here fails the last test.

type Who = "anonymous" | "enterprise" | "otherEnterprise" | "institute" | "broker" | "admin";
const WHO: Who[] = ["anonymous", "enterprise", "otherEnterprise", "institute", "broker", "admin"];

type Expect = Record<Who, number>;
const all = (n: number): Expect => ({ anonymous: n, enterprise: n, otherEnterprise: n, institute: n, broker: n, admin: n });
const signedIn = (n: number): Expect => ({ ...all(n), anonymous: 302 });
const only = (allowed: Partial<Record<Who, number>>, others: number): Expect => ({ ...signedIn(others), ...allowed });

interface Case {
  path: (w: World) => string;
  params?: (w: World) => Record<string, string>;
  form?: Record<string, string>;
  /** Sent without the visitor's cookie (logging out would end the session the other rows use). */
  anonymousOnly?: boolean;
  expect: Expect;
}

const POLICY: Record<string, { loader?: Case; action?: Case }> = {
  ...CHALLENGE_POLICY,
  _index: { loader: { path: () => "/", expect: all(200) } },
  healthz: { loader: { path: () => "/healthz", expect: all(200) } },
  // The site's policies and what crawlers read: public, the same for everyone.
  privacy: { loader: { path: () => "/privacy", expect: all(200) } },
  terms: { loader: { path: () => "/terms", expect: all(200) } },
  "robots[.]txt": { loader: { path: () => "/robots.txt", expect: all(200) } },
  "sitemap[.]xml": { loader: { path: () => "/sitemap.xml", expect: all(200) } },
  // An address no route answers is a 404 for everyone, in the visitor's language.
  $: { loader: { path: () => "/no-such-page", params: () => ({ "*": "no-such-page" }), expect: all(404) } },
  // The official figure is public data: the same answer for everyone, and a 400 for a year out of range.
  "api.v1.indicators": { loader: { path: () => "/api/v1/indicators?year=2025", expect: all(200) } },
  // The open read API and its reference: public, the same for everyone (the API reads no cookie).
  "api.v1.needs": { loader: { path: () => "/api/v1/needs?q=氢&pageSize=5", expect: all(200) } },
  "api.v1.achievements": { loader: { path: () => "/api/v1/achievements?mode=licence", expect: all(200) } },
  "api.v1.brokers": { loader: { path: () => "/api/v1/brokers?chain=hydrogen", expect: all(200) } },
  "api.v1.openapi[.]json": { loader: { path: () => "/api/v1/openapi.json", expect: all(200) } },
  "api.v1.docs": { loader: { path: () => "/api/v1/docs", expect: all(200) } },
  // The dictionary script is the same for everyone; a name that is no dictionary's is a 404.
  "i18n.$file": {
    loader: { path: () => `/i18n/${dictionaryScript("zh-CN").file}`, params: () => ({ file: dictionaryScript("zh-CN").file }), expect: all(200) },
  },
  lang: {
    loader: { path: () => "/lang", expect: all(302) },
    action: { path: () => "/lang", form: { locale: "en", redirectTo: "/needs" }, expect: all(302) },
  },
  login: {
    loader: { path: () => "/login", expect: { ...all(302), anonymous: 200 } },
    action: { path: () => "/login", form: {}, expect: all(400) },
  },
  logout: { loader: { path: () => "/logout", expect: all(302) }, action: { path: () => "/logout", form: {}, anonymousOnly: true, expect: all(302) } },
  register: {
    loader: { path: () => "/register", expect: { ...all(302), anonymous: 200 } },
    action: { path: () => "/register", form: {}, expect: all(400) },
  },
  // Asking for a reset link and following one are open to everyone; an empty form is a 400.
  "forgot-password": {
    loader: { path: () => "/forgot-password", expect: all(200) },
    action: { path: () => "/forgot-password", form: {}, expect: all(400) },
  },
  "reset-password.$token": {
    loader: { path: () => "/reset-password/unknown", params: () => ({ token: "unknown" }), expect: all(200) },
    action: { path: () => "/reset-password/unknown", params: () => ({ token: "unknown" }), form: {}, expect: all(400) },
  },
  account: {
    loader: { path: () => "/account", expect: signedIn(200) },
    action: { path: () => "/account", form: {}, expect: signedIn(400) },
  },
  inbox: {
    loader: { path: () => "/inbox", expect: signedIn(200) },
    action: { path: () => "/inbox", form: {}, expect: signedIn(400) },
  },
  "needs._index": { loader: { path: () => "/needs?q=氢&mode=joint_dev", expect: all(200) } },
  "needs.new": {
    loader: { path: () => "/needs/new", expect: only({ enterprise: 200, otherEnterprise: 200 }, 403) },
    action: { path: () => "/needs/new", form: {}, expect: only({ enterprise: 400, otherEnterprise: 400 }, 403) },
  },
  "needs.$id": {
    loader: {
      path: (w) => `/needs/${w.needs.draft}`,
      params: (w) => ({ id: String(w.needs.draft) }),
      expect: { ...all(404), enterprise: 200, admin: 200 },
    },
    action: {
      path: (w) => `/needs/${w.needs.draft}`,
      params: (w) => ({ id: String(w.needs.draft) }),
      form: { intent: "confirm" },
      expect: { ...signedIn(404), enterprise: 403, admin: 403 },
    },
  },
  "needs.$id_.edit": {
    loader: {
      path: (w) => `/needs/${w.needs.draft}/edit`,
      params: (w) => ({ id: String(w.needs.draft) }),
      expect: { ...signedIn(404), enterprise: 200, admin: 403 },
    },
    action: {
      path: (w) => `/needs/${w.needs.draft}/edit`,
      params: (w) => ({ id: String(w.needs.draft) }),
      form: {},
      expect: { ...signedIn(404), enterprise: 400, admin: 403 },
    },
  },
  "achievements._index": { loader: { path: () => "/achievements?q=hydrogen&stage=pilot", expect: all(200) } },
  "achievements.new": {
    loader: { path: () => "/achievements/new", expect: only({ institute: 200 }, 403) },
    action: { path: () => "/achievements/new", form: {}, expect: only({ institute: 400 }, 403) },
  },
  "achievements.$id": {
    loader: {
      path: (w) => `/achievements/${w.achievements.published}`,
      params: (w) => ({ id: String(w.achievements.published) }),
      expect: all(200),
    },
    action: {
      path: (w) => `/achievements/${w.achievements.published}`,
      params: (w) => ({ id: String(w.achievements.published) }),
      form: { intent: "tlist.add" },
      expect: only({ admin: 302 }, 403),
    },
  },
  "achievements.$id_.edit": {
    loader: {
      path: (w) => `/achievements/${w.achievements.draft}/edit`,
      params: (w) => ({ id: String(w.achievements.draft) }),
      expect: { ...signedIn(404), institute: 200, admin: 403 },
    },
    action: {
      path: (w) => `/achievements/${w.achievements.draft}/edit`,
      params: (w) => ({ id: String(w.achievements.draft) }),
      form: {},
      expect: { ...signedIn(404), institute: 400, admin: 403 },
    },
  },
  "transformation-list": { loader: { path: () => "/transformation-list", expect: all(200) } },
  // Stripe's events: no session, a signature or nothing (400, nothing stored); a GET is not an event.
  "webhooks.stripe": {
    loader: { path: () => "/webhooks/stripe", expect: all(405) },
    action: { path: () => "/webhooks/stripe", form: {}, expect: all(400) },
  },
  "me.listings": {
    loader: { path: () => "/me/listings", expect: only({ enterprise: 200, otherEnterprise: 200, institute: 200 }, 403) },
    action: { path: () => "/me/listings", form: {}, expect: only({ enterprise: 400, otherEnterprise: 400, institute: 400 }, 403) },
  },
  "admin.review": { loader: { path: () => "/admin/review", expect: only({ admin: 200 }, 403) } },
  "admin.organisations": {
    loader: { path: () => "/admin/organisations", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/organisations", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.audit.$entity.$id": {
    loader: {
      path: (w) => `/admin/audit/need/${w.needs.published}`,
      params: (w) => ({ entity: "need", id: String(w.needs.published) }),
      expect: only({ admin: 200 }, 403),
    },
  },
  // Technology contracts. The world's broker holds no certificate, so he may not record one.
  "contracts._index": {
    loader: { path: () => "/contracts", expect: only({ enterprise: 200, otherEnterprise: 200, institute: 200, broker: 200, admin: 302 }, 403) },
  },
  "contracts.new": {
    loader: { path: () => "/contracts/new", expect: only({ enterprise: 200, otherEnterprise: 200, institute: 200 }, 403) },
    action: { path: () => "/contracts/new", form: {}, expect: only({ enterprise: 400, otherEnterprise: 400, institute: 400 }, 403) },
  },
  "contracts.$id": {
    loader: { path: () => "/contracts/999999", params: () => ({ id: "999999" }), expect: signedIn(404) },
    action: { path: () => "/contracts/999999", params: () => ({ id: "999999" }), form: { intent: "submit" }, expect: signedIn(404) },
  },
  "contracts.$id_.edit": {
    loader: { path: () => "/contracts/999999/edit", params: () => ({ id: "999999" }), expect: signedIn(404) },
    action: { path: () => "/contracts/999999/edit", params: () => ({ id: "999999" }), form: {}, expect: signedIn(404) },
  },
  "admin.indicators": { loader: { path: () => "/admin/indicators?year=2026", expect: only({ admin: 200 }, 403) } },
  "admin.indicators[.xlsx]": { loader: { path: () => "/admin/indicators.xlsx?year=2026&county=141102", expect: only({ admin: 200 }, 403) } },
  "admin.indicators[.csv]": { loader: { path: () => "/admin/indicators.csv?year=2026&county=141102", expect: only({ admin: 200 }, 403) } },
  "admin.indicators.funnel": { loader: { path: () => "/admin/indicators/funnel?year=2026&step=claimed", expect: only({ admin: 200 }, 403) } },
  indicators: { loader: { path: () => "/indicators?year=2026", expect: all(200) } },
  "admin.contracts._index": { loader: { path: () => "/admin/contracts", expect: only({ admin: 200 }, 403) } },
  "admin.contracts.$id": {
    loader: { path: () => "/admin/contracts/999999", params: () => ({ id: "999999" }), expect: only({ admin: 404 }, 403) },
    action: { path: () => "/admin/contracts/999999", params: () => ({ id: "999999" }), form: {}, expect: only({ admin: 404 }, 403) },
  },
  // Padding flags: the registrar's alone. The world holds no flag.
  "admin.flags._index": { loader: { path: () => "/admin/flags?kind=duplicate&state=all", expect: only({ admin: 200 }, 403) } },
  "admin.flags.$id": {
    loader: { path: () => "/admin/flags/999999", params: () => ({ id: "999999" }), expect: only({ admin: 404 }, 403) },
    action: { path: () => "/admin/flags/999999", params: () => ({ id: "999999" }), form: { reason: "已核实" }, expect: only({ admin: 404 }, 403) },
  },
  "admin.statistics": {
    loader: { path: () => "/admin/statistics", expect: { ...all(404), admin: 200 } },
    action: { path: () => "/admin/statistics", form: {}, expect: { ...all(404), admin: 400 } },
  },
  // Policy targets and the monthly report: the Bureau's alone. An empty post is a 400 for the Bureau.
  "admin.targets": {
    loader: { path: () => "/admin/targets", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/targets", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.reports._index": { loader: { path: () => "/admin/reports", expect: only({ admin: 200 }, 403) } },
  // The world's data began this year: a month long past is refused with its reason.
  "admin.reports.$month[.pdf]": {
    loader: { path: () => "/admin/reports/2001-01.pdf", params: () => ({ month: "2001-01" }), expect: only({ admin: 404 }, 403) },
  },
  "admin.transfers": {
    loader: { path: () => "/admin/transfers", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/transfers", form: {}, expect: only({ admin: 400 }, 403) },
  },
  // The registrar's import of the national system's records; a form without a file is a 400.
  "admin.registrations.import": {
    loader: { path: () => "/admin/registrations/import", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/registrations/import", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.registrations.import[.ndjson]": {
    action: { path: () => "/admin/registrations/import.ndjson", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.registrations.template[.xlsx]": {
    loader: { path: () => "/admin/registrations/template.xlsx", expect: only({ admin: 200 }, 403) },
  },
  // The Bureau's import of needs, achievements and organisations; a form without a file is a 400.
  "admin.imports": {
    loader: { path: () => "/admin/imports?kind=organisations", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/imports", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.imports[.ndjson]": {
    action: { path: () => "/admin/imports.ndjson", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.imports.template.$kind": {
    loader: { path: () => "/admin/imports/template/needs", params: () => ({ kind: "needs" }), expect: only({ admin: 200 }, 403) },
  },
  "admin.registrations._index": { loader: { path: () => "/admin/registrations?status=off_platform&year=2026&q=煤&page=2", expect: only({ admin: 200 }, 403) } },
  "admin.registrations.$id": {
    loader: { path: () => "/admin/registrations/999999", params: () => ({ id: "999999" }), expect: only({ admin: 404 }, 403) },
    action: { path: () => "/admin/registrations/999999", params: () => ({ id: "999999" }), form: { reason: "重复登记" }, expect: only({ admin: 404 }, 403) },
  },
  "admin.registrations.pairs": {
    loader: { path: () => "/admin/registrations/pairs", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/registrations/pairs", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "contracts.$id_.payments": {
    loader: { path: () => "/contracts/999999/payments", params: () => ({ id: "999999" }), expect: signedIn(404) },
    action: { path: () => "/contracts/999999/payments", params: () => ({ id: "999999" }), form: { intent: "pay" }, expect: signedIn(404) },
  },
  "contracts.$id_.transfers.$transferId.receipt": {
    loader: { path: () => "/contracts/999999/transfers/1/receipt", params: () => ({ id: "999999", transferId: "1" }), expect: all(404) },
  },
  "contracts.$id_.elsewhere": {
    loader: { path: () => "/contracts/999999/elsewhere", params: () => ({ id: "999999" }), expect: signedIn(404) },
    action: { path: () => "/contracts/999999/elsewhere", params: () => ({ id: "999999" }), form: {}, expect: signedIn(404) },
  },
  "contracts.$id_.documents.$documentId": {
    loader: { path: () => "/contracts/999999/documents/1", params: () => ({ id: "999999", documentId: "1" }), expect: all(404) },
  },
  "admin.rewards": {
    loader: { path: () => "/admin/rewards", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/rewards", form: {}, expect: only({ admin: 400 }, 403) },
  },
  // Subsidy rules and award batches: the Bureau's alone. The world holds no batch.
  "admin.subsidies": {
    loader: { path: () => "/admin/subsidies", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/subsidies", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.batches.$id": {
    loader: { path: () => "/admin/batches/424242", params: () => ({ id: "424242" }), expect: only({ admin: 404 }, 403) },
    action: { path: () => "/admin/batches/424242", params: () => ({ id: "424242" }), form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.batches.$id_.export[.xlsx]": {
    loader: { path: () => "/admin/batches/424242/export.xlsx", params: () => ({ id: "424242" }), expect: only({ admin: 404 }, 403) },
  },
  // Brokers and deal rooms. The world's broker has no certificate: the workbench tells him so,
  // and he leads no need. No deal exists in the world, so a deal is a 404 for everyone.
  "broker._index": {
    loader: { path: () => "/broker", expect: only({ broker: 200 }, 403) },
    action: { path: () => "/broker", form: {}, expect: only({ broker: 400 }, 403) },
  },
  "broker.apply": {
    loader: { path: () => "/broker/apply", expect: only({ broker: 200 }, 403) },
    action: { path: () => "/broker/apply", form: {}, expect: only({ broker: 400 }, 403) },
  },
  "broker.needs.$id": {
    loader: { path: (w) => `/broker/needs/${w.needs.published}`, params: (w) => ({ id: String(w.needs.published) }), expect: only({ broker: 404 }, 403) },
    action: {
      path: (w) => `/broker/needs/${w.needs.published}`,
      params: (w) => ({ id: String(w.needs.published) }),
      form: {},
      expect: only({ broker: 400 }, 403),
    },
  },
  "brokers._index": { loader: { path: () => "/brokers?chain=hydrogen", expect: all(200) } },
  // Exports of the list pages: the public lists to everyone, the Bureau's to the admin only, refused as its pages refuse.
  "needs[.xlsx]": { loader: { path: () => "/needs.xlsx?q=氢&mode=joint_dev", expect: all(200) } },
  "needs[.csv]": { loader: { path: () => "/needs.csv?q=氢&mode=joint_dev", expect: all(200) } },
  "achievements[.xlsx]": { loader: { path: () => "/achievements.xlsx?stage=pilot", expect: all(200) } },
  "achievements[.csv]": { loader: { path: () => "/achievements.csv?stage=pilot", expect: all(200) } },
  "transformation-list[.xlsx]": { loader: { path: () => "/transformation-list.xlsx?layout=bureau", expect: all(200) } },
  "transformation-list[.csv]": { loader: { path: () => "/transformation-list.csv?layout=bureau", expect: all(200) } },
  "brokers[.xlsx]": { loader: { path: () => "/brokers.xlsx?chain=hydrogen", expect: all(200) } },
  "brokers[.csv]": { loader: { path: () => "/brokers.csv?chain=hydrogen", expect: all(200) } },
  "admin.contracts[.xlsx]": { loader: { path: () => "/admin/contracts.xlsx", expect: only({ admin: 200 }, 403) } },
  "admin.contracts[.csv]": { loader: { path: () => "/admin/contracts.csv", expect: only({ admin: 200 }, 403) } },
  "admin.registrations[.xlsx]": { loader: { path: () => "/admin/registrations.xlsx?status=off_platform&year=2026&q=煤", expect: only({ admin: 200 }, 403) } },
  "admin.registrations[.csv]": { loader: { path: () => "/admin/registrations.csv?status=off_platform&year=2026&q=煤", expect: only({ admin: 200 }, 403) } },
  "admin.flags[.xlsx]": { loader: { path: () => "/admin/flags.xlsx?kind=duplicate&state=all", expect: only({ admin: 200 }, 403) } },
  "admin.flags[.csv]": { loader: { path: () => "/admin/flags.csv?kind=duplicate&state=all", expect: only({ admin: 200 }, 403) } },
  "admin.transfers[.xlsx]": { loader: { path: () => "/admin/transfers.xlsx", expect: only({ admin: 200 }, 403) } },
  "admin.transfers[.csv]": { loader: { path: () => "/admin/transfers.csv", expect: only({ admin: 200 }, 403) } },
  "admin.organisations[.xlsx]": { loader: { path: () => "/admin/organisations.xlsx", expect: only({ admin: 200 }, 403) } },
  "admin.organisations[.csv]": { loader: { path: () => "/admin/organisations.csv", expect: only({ admin: 200 }, 403) } },
  "admin.review[.xlsx]": { loader: { path: () => "/admin/review.xlsx", expect: only({ admin: 200 }, 403) } },
  "admin.review[.csv]": { loader: { path: () => "/admin/review.csv", expect: only({ admin: 200 }, 403) } },
  "admin.statistics[.xlsx]": { loader: { path: () => "/admin/statistics.xlsx?year=all", expect: { ...all(404), admin: 200 } } },
  "admin.statistics[.csv]": { loader: { path: () => "/admin/statistics.csv?year=all", expect: { ...all(404), admin: 200 } } },
  "brokers.$id": { loader: { path: () => "/brokers/999999", params: () => ({ id: "999999" }), expect: all(404) } },
  "admin.brokers._index": {
    loader: { path: () => "/admin/brokers", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/brokers", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "admin.brokers.claims": {
    loader: { path: () => "/admin/brokers/claims", expect: only({ admin: 200 }, 403) },
    action: { path: () => "/admin/brokers/claims", form: {}, expect: only({ admin: 400 }, 403) },
  },
  "deals.$id": {
    loader: { path: () => "/deals/999999", params: () => ({ id: "999999" }), expect: all(404) },
    action: { path: () => "/deals/999999", params: () => ({ id: "999999" }), form: { intent: "note", body: "x" }, expect: signedIn(404) },
  },
  "deals.$id_.files.$fileId": {
    loader: { path: () => "/deals/999999/files/1", params: () => ({ id: "999999", fileId: "1" }), expect: all(404) },
  },
  "me.deals": { loader: { path: () => "/me/deals", expect: only({ enterprise: 200, otherEnterprise: 200, institute: 200 }, 403) } },
  // Enquiries received and sent: a member's own; an answer to an enquiry that is not the organisation's is a 404.
  "me.enquiries": {
    loader: { path: () => "/me/enquiries", expect: only({ enterprise: 200, otherEnterprise: 200, institute: 200 }, 403) },
    action: { path: () => "/me/enquiries", form: { intent: "answer", enquiryId: "999999", code: "interested" }, expect: signedIn(404) },
  },
  // A listing's attachments: changed by its owner only (a file that is not the listing's is a 404), served to whoever may see the listing.
  "attachments.$subject.$id": {
    loader: { path: (w) => `/attachments/need/${w.needs.draft}`, params: (w) => ({ subject: "need", id: String(w.needs.draft) }), expect: all(404) },
    action: {
      path: (w) => `/attachments/need/${w.needs.draft}`,
      params: (w) => ({ subject: "need", id: String(w.needs.draft) }),
      form: { intent: "remove", attachmentId: "999999" },
      expect: { ...signedIn(404), admin: 403 },
    },
  },
  "attachments.$subject.$id_.$fileId": {
    loader: {
      path: (w) => `/attachments/need/${w.needs.published}/999999`,
      params: (w) => ({ subject: "need", id: String(w.needs.published), fileId: "999999" }),
      expect: all(404),
    },
  },
  "organisations.$id": {
    loader: { path: (w) => `/organisations/${w.enterprise.user.orgId}`, params: (w) => ({ id: String(w.enterprise.user.orgId) }), expect: all(200) },
  },
  // The scenario list: public; enterprises and the Bureau post; the world holds no scenario, so one is a 404.
  "scenarios._index": { loader: { path: () => "/scenarios?q=氢&grade=major&open=1", expect: all(200) } },
  "scenarios.new": {
    loader: { path: () => "/scenarios/new", expect: only({ enterprise: 200, otherEnterprise: 200, admin: 200 }, 403) },
    action: { path: () => "/scenarios/new", form: {}, expect: only({ enterprise: 400, otherEnterprise: 400, admin: 400 }, 403) },
  },
  "scenarios.mine": { loader: { path: () => "/scenarios/mine", expect: only({ enterprise: 200, otherEnterprise: 200, admin: 200 }, 403) } },
  "scenarios.$id": {
    loader: { path: () => "/scenarios/999999", params: () => ({ id: "999999" }), expect: all(404) },
    action: { path: () => "/scenarios/999999", params: () => ({ id: "999999" }), form: { intent: "submit" }, expect: signedIn(404) },
  },
  "scenarios.$id_.edit": {
    loader: { path: () => "/scenarios/999999/edit", params: () => ({ id: "999999" }), expect: signedIn(404) },
    action: { path: () => "/scenarios/999999/edit", params: () => ({ id: "999999" }), form: {}, expect: signedIn(404) },
  },
  "admin.scenarios": { loader: { path: () => "/admin/scenarios", expect: only({ admin: 200 }, 403) } },
  "broker.scenarios.$id": {
    loader: { path: () => "/broker/scenarios/999999", params: () => ({ id: "999999" }), expect: only({ broker: 404 }, 403) },
    action: { path: () => "/broker/scenarios/999999", params: () => ({ id: "999999" }), form: {}, expect: only({ broker: 400 }, 403) },
  },
};

const ROUTES_DIR = path.resolve("app/routes");
const routeFiles = fs.readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));

let db: Db;
let world: World;
let cleanup: () => void;
const modules = new Map<string, { loader?: (a: unknown) => unknown; action?: (a: unknown) => unknown }>();

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  world = await makeWorld(db);
  makePolicyChallenge(db, world);
  // The server builds its search index at start; doing it here keeps that out of the page-view write check.
  await getSearch().relay.drain();
  for (const file of routeFiles) modules.set(file.replace(/\.tsx?$/, ""), await import(path.join(ROUTES_DIR, file)));
});
afterAll(() => cleanup());

function cookieOf(who: Who) {
  return who === "anonymous" ? undefined : world[who].cookie;
}

function changes(): number {
  return (db.$client.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
}

describe("route policy (W1) and read-only GETs (W4)", () => {
  for (const [route, cases] of Object.entries(POLICY)) {
    for (const kind of ["loader", "action"] as const) {
      const c = cases[kind];
      if (!c) continue;
      it(`${route} ${kind}`, async () => {
        const mod = modules.get(route);
        expect(mod, `no module for ${route}`).toBeDefined();
        const fn = mod![kind];
        expect(fn, `${route} has no ${kind}`).toBeTypeOf("function");
        const got: Partial<Record<Who, number>> = {};
        for (const who of WHO) {
          const before = changes();
          const request = req(c.path(world), { cookie: c.anonymousOnly ? undefined : cookieOf(who), form: kind === "action" ? c.form : undefined });
          const { status } = await statusOf(() => fn!({ request, params: c.params?.(world) ?? {}, context: { cspNonce: "" } }));
          got[who] = status;
          // A page view writes nothing, whoever asks.
          if (kind === "loader") expect(changes(), `${route} loader wrote as ${who}`).toBe(before);
        }
        expect(got).toEqual(c.expect);
      });
    }
  }

  it("has a policy row for every loader and action of every route", () => {
    const missing: string[] = [];
    for (const [name, mod] of modules) {
      for (const kind of ["loader", "action"] as const) {
        if (typeof mod[kind] === "function" && !POLICY[name]?.[kind]) missing.push(`${name} ${kind}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
