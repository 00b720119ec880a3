import { describe, expect, it } from "vitest";
import { shownFacets } from "../../app/services/browse.server";
import { browseQuerySchema } from "../../app/schemas/browse";

const values = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `v${i + 1}`, count: 100 - i, label: `标签${i + 1}` }));

describe("facets a list page shows", () => {
  it("keeps the most frequent values, in order, and any value the visitor chose beyond them", () => {
    const query = browseQuerySchema.parse({ techField: ["v20"] });
    const shown = shownFacets({ techField: values(40), countyCode: values(5) }, query, 12);
    expect(shown.techField!.map((v) => v.value)).toEqual([...values(12).map((v) => v.value), "v20"]);
    expect(shown.countyCode).toEqual(values(5));
  });

  it("sends nothing more than it shows when nothing is chosen", () => {
    const shown = shownFacets({ industryChainId: values(15) }, browseQuerySchema.parse({}), 12);
    expect(shown.industryChainId).toEqual(values(12));
  });
});
