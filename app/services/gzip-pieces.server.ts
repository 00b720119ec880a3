import zlib from "node:zlib";

// A kept page is compressed once, in pieces around the spots where every answer writes its own
// text (its CSP nonce), and each answer is assembled from those pieces: a gzip stream may be
// made of raw deflate segments that each end on a byte boundary, so the pieces, the answer's own
// text as a stored block, and a final empty block make one valid stream. Compressing a page of
// tens of KB costs about a millisecond a time; assembling it, a copy and a checksum.

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** The last block of a deflate stream, empty. */
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0));
const MAX_STORED = 0xffff;

/** Each piece deflated on its own, ending byte-aligned and not final, ready to be joined. */
export function deflatePieces(pieces: Buffer[]): Buffer[] {
  return pieces.map((piece) => zlib.deflateRawSync(piece, { level: 6, finishFlush: zlib.constants.Z_FULL_FLUSH }));
}

/** `text` as one stored (uncompressed) deflate block, not final. */
function storedBlock(text: Buffer): Buffer {
  if (text.length > MAX_STORED) throw new Error("a stored block holds at most 65535 bytes");
  const head = Buffer.from([0, text.length & 0xff, text.length >> 8, ~text.length & 0xff, (~text.length >> 8) & 0xff]);
  return Buffer.concat([head, text]);
}

/**
 * The gzip stream of pieces[0] + insert + pieces[1] + insert + … + pieces[n-1], from the
 * pieces as deflatePieces gave them. `pieces` are the uncompressed pieces, for the checksum.
 */
export function assembleGzip(pieces: Buffer[], deflated: Buffer[], insert: Buffer): Buffer {
  const out: Buffer[] = [GZIP_HEADER];
  const inserted = storedBlock(insert);
  let crc = 0;
  let size = 0;
  pieces.forEach((piece, i) => {
    if (i > 0) {
      out.push(inserted);
      if (insert.length > 0) crc = zlib.crc32(insert, crc);
      size += insert.length;
    }
    out.push(deflated[i]!);
    // zlib.crc32 of an empty buffer has been seen to answer 0 rather than the value passed in.
    if (piece.length > 0) crc = zlib.crc32(piece, crc);
    size += piece.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(FINAL_BLOCK, trailer);
  return Buffer.concat(out);
}
