/** Well under MongoDB's 16 MB limit on one command document. */
export const MAX_COMMAND_BYTES = 8 * 1024 * 1024;

/** Splits records into runs whose estimated BSON size stays under maxBytes (the JSON detail is most of a record). */
export function* chunksUnder(docs: Record<string, unknown>[], maxBytes: number): Generator<Record<string, unknown>[]> {
  let chunk: Record<string, unknown>[] = [];
  let size = 0;
  for (const doc of docs) {
    const estimate = 2 * (doc.detail as string).length + 512;
    if (chunk.length > 0 && size + estimate > maxBytes) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(doc);
    size += estimate;
  }
  if (chunk.length > 0) yield chunk;
}
