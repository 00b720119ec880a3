// Synonym groups applied at query time, never at index time: a query term found in a group
// matches a listing that uses any member, and changing a group needs no reindex. English
// members let a visitor who types "hydrogen" or "solid waste" find the obvious Chinese
// listings. Members are written normalised (lower case, simplified characters).
//
// Single characters stay out on purpose: 氢 or 镁 as a synonym would also match 氢氧化钠 or
// 镁砂 through substring search and flood the results.

export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // hydrogen
  ["氢能", "氢能源", "hydrogen", "hydrogen energy"],
  ["燃料电池", "fuel cell"],
  ["加氢站", "hydrogen refueling station", "hydrogen station"],
  ["制氢", "hydrogen production"],
  ["储氢", "hydrogen storage"],
  ["电解槽", "electrolyzer", "electrolyser"],
  ["电催化", "electrocatalysis"],
  ["催化剂", "catalyst"],
  // special steel, aluminium and magnesium
  ["特钢", "特种钢", "特殊钢", "special steel", "specialty steel"],
  ["不锈钢", "stainless steel"],
  ["镁合金", "magnesium alloy"],
  ["原镁", "金属镁", "primary magnesium", "magnesium"],
  ["铝合金", "aluminium alloy", "aluminum alloy"],
  ["轻量化", "lightweight", "lightweighting"],
  // coal chemistry and carbon materials
  ["煤焦油", "coal tar"],
  ["费托合成", "fischer-tropsch", "fischer tropsch"],
  ["煤制烯烃", "coal to olefins", "coal-to-olefins"],
  ["焦炉煤气", "coke oven gas"],
  ["煤气化", "coal gasification"],
  ["碳捕集", "二氧化碳捕集", "carbon capture", "ccus"],
  ["碳纤维", "carbon fiber", "carbon fibre"],
  ["针状焦", "needle coke"],
  ["石墨烯", "graphene"],
  ["碳纳米管", "carbon nanotube", "carbon nanotubes"],
  ["碳化硅", "silicon carbide"],
  // solid waste
  ["固废", "固体废弃物", "固体废物", "solid waste"],
  ["赤泥", "red mud"],
  ["煤矸石", "矸石", "coal gangue", "gangue"],
  ["粉煤灰", "fly ash"],
  ["脱硫石膏", "desulfurization gypsum", "fgd gypsum"],
  ["钢渣", "steel slag"],
  ["尾矿", "tailings"],
  ["危废", "危险废物", "hazardous waste"],
  // digital economy and AI
  ["人工智能", "ai", "artificial intelligence"],
  ["机器学习", "machine learning"],
  ["深度学习", "deep learning"],
  ["大模型", "大语言模型", "large language model", "llm"],
  ["大数据", "big data"],
  ["云计算", "cloud computing"],
  ["物联网", "iot", "internet of things"],
  ["区块链", "blockchain"],
  ["数字孪生", "digital twin"],
  ["工业互联网", "industrial internet"],
  ["机器人", "robot", "robotics"],
  ["无人机", "drone", "uav"],
  ["计算机视觉", "computer vision"],
  // agriculture, food and liquor
  ["杂粮", "小杂粮", "coarse cereals", "minor grains"],
  ["核桃", "walnut"],
  ["沙棘", "sea buckthorn", "seabuckthorn"],
  ["红枣", "jujube"],
  ["马铃薯", "土豆", "potato"],
  ["食用菌", "edible fungi", "mushroom"],
  ["汾酒", "fenjiu"],
  ["白酒", "baijiu", "chinese liquor"],
  ["酿造", "酿酒", "brewing"],
  // energy and storage
  ["储能", "energy storage"],
  ["光伏", "光伏发电", "photovoltaic", "photovoltaics", "solar pv"],
  ["风电", "风力发电", "wind power", "wind energy"],
  ["锂离子电池", "锂电池", "lithium-ion battery", "lithium ion battery", "lithium battery"],
  ["钠离子电池", "sodium-ion battery", "sodium ion battery"],
  ["液流电池", "flow battery"],
  ["新能源汽车", "new energy vehicle", "electric vehicle"],
  ["微电网", "microgrid"],
  ["余热回收", "余热利用", "waste heat recovery"],
  ["节能", "energy saving", "energy efficiency"],
  // coal mining
  ["煤炭开采", "采煤", "coal mining"],
  ["煤层气", "coalbed methane"],
  ["瓦斯抽采", "gas drainage"],
  ["智慧矿山", "智能化矿山", "智能矿山", "smart mine", "intelligent mine"],
  ["充填开采", "backfill mining"],
  // biomedicine and equipment
  ["生物医药", "biomedicine", "biopharmaceutical"],
  ["中医药", "中药", "traditional chinese medicine", "tcm"],
  ["医疗器械", "medical device", "medical devices"],
  ["疫苗", "vaccine"],
  ["数控机床", "cnc machine tool"],
  ["增材制造", "3d打印", "additive manufacturing", "3d printing"],
  ["传感器", "sensor"],
  ["故障诊断", "fault diagnosis"],
  // environment and the market's own words
  ["污水处理", "废水处理", "wastewater treatment"],
  ["专利", "patent"],
  ["技术转让", "technology transfer"],
  ["专利许可", "patent licensing", "patent license"],
  ["成果转化", "科技成果转化", "technology commercialization"],
  ["新材料", "new materials", "advanced materials"],
];

const byMember = new Map<string, readonly string[]>();
for (const group of SYNONYM_GROUPS) for (const m of group) byMember.set(m, group);

/** The group a normalised term belongs to, or undefined. */
export function synonymGroupOf(term: string): readonly string[] | undefined {
  return byMember.get(term);
}

/** All members, longest first: the order a query scanner must try them in. */
export const SYNONYM_MEMBERS_LONGEST_FIRST: readonly string[] = [...byMember.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));

/** Meilisearch's synonyms setting: every member maps to the others (its synonyms are one-way per key). */
export function meilisearchSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) for (const m of group) out[m] = group.filter((x) => x !== m);
  return out;
}
