/**
 * What a response's write(chunk, encoding) or end(chunk, encoding) was given, as a Buffer of its
 * own; null when it was given no data (nothing, or only a callback).
 */
export function chunkBuffer(chunk: unknown, encoding: unknown): Buffer | null {
  if (chunk === undefined || chunk === null || typeof chunk === "function") return null;
  if (typeof chunk === "string") return Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  return Buffer.from(chunk as Uint8Array);
}
