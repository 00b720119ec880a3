import type { Db } from "../../../db/connection";
import type { Locale } from "../../i18n";
import { API_DEFAULT_PAGE_SIZE, type ApiBrokerItem, type ApiBrokersQuery } from "../../schemas/api";
import { chainOptions, listPublicBrokers } from "../brokers.server";

// The broker directory of the open API: the directory page's own list (listPublicBrokers),
// in its order, cut into pages, with only what the directory's cards show.

/** One page of the public broker directory for GET /api/v1/brokers. */
export function apiBrokers(db: Db, q: ApiBrokersQuery, options: { locale: Locale; origin: string; now?: Date }) {
  const pageSize = q.pageSize ?? API_DEFAULT_PAGE_SIZE;
  const page = q.page ?? 1;
  const all = listPublicBrokers(db, { chain: q.chain }, options.now);
  const chains = new Map(chainOptions(db).map((c) => [c.id, options.locale === "en" ? c.nameEn : c.nameZh]));
  const items: ApiBrokerItem[] = all.slice((page - 1) * pageSize, page * pageSize).map((b) => ({
    id: b.id,
    url: `${options.origin}/brokers/${b.id}`,
    name: b.name,
    grade: b.grade,
    organisation: options.locale === "en" ? (b.orgNameEn ?? b.orgName) : b.orgName,
    cohort: b.cohort,
    chains: (b.chains as string[]).map((id) => ({ id, label: chains.get(id) ?? id })),
    dealsClosed: Number(b.dealsClosed),
    registeredContracts: Number(b.registeredContracts),
    registeredValueFen: Number(b.registeredValueFen),
  }));
  return { total: all.length, page, pageSize, pages: Math.max(1, Math.ceil(all.length / pageSize)), items };
}
