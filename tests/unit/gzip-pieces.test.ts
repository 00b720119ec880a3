import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { assembleGzip, deflatePieces } from "../../app/services/gzip-pieces.server";

describe("gzip assembled from pieces", () => {
  it("decompresses to the pieces joined by the inserted text, whatever their sizes", () => {
    const big = Buffer.from("吕梁科技大市场 技术需求 ".repeat(8000));
    const cases: [string[], string][] = [
      [["<p>only one piece</p>"], "unused"],
      [['<script nonce="', '">1</script><script nonce="', '">2</script>'], "Kf795lzo383uKTecCGZgLQ=="],
      [["", "", ""], "abc"],
      [[big.toString(), "tail"], "n0nce"],
    ];
    for (const [texts, insert] of cases) {
      const pieces = texts.map((t) => Buffer.from(t));
      const gz = assembleGzip(pieces, deflatePieces(pieces), Buffer.from(insert));
      expect(zlib.gunzipSync(gz).toString()).toBe(texts.join(insert));
    }
  });

  it("compresses a page about as well as compressing it whole when its nonces stand near its end", () => {
    const cards = Array.from({ length: 300 }, (_, i) => `<article><h2>氢能重卡关键部件 第${i}项</h2><p>文水县沃野牧业有限公司 ${i * 7919}</p></article>`);
    const page = Buffer.from(`<html><body>${cards.join("")}<script nonce="N">1</script><script nonce="N">2</script></body></html>`);
    const text = page.toString();
    const pieces = text.split("N").map((t) => Buffer.from(t));
    const assembled = assembleGzip(pieces, deflatePieces(pieces), Buffer.from("N"));
    expect(zlib.gunzipSync(assembled).toString()).toBe(text);
    expect(assembled.length).toBeLessThan(zlib.gzipSync(page).length * 1.05);
  });
});
