import { once } from 'node:events';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip, Gzip } from 'node:zlib';
import type { ObjectInfo, ObjectStore } from 'nats';
import { INDEX_SNAPSHOT_BUCKET, NatsClient } from '@herald/transport';
import type { SnapshotHeader, SnapshotTrailer } from './index-snapshot.format';

/** The one object of the bucket: every instance writes and reads the same name, the last complete write wins. */
const OBJECT_NAME = 'routing-index';
/** Object metadata: lets a writer see what the stored snapshot covers without reading it. */
const COVERED_SEQ = 'covered-seq';
const DOMAIN_CREATED = 'domain-stream-created';
/** A read that brings nothing for this long is given up (chunks purged under it by a newer write, NATS away). */
const READ_STALL_MS = 10_000;

/** One snapshot being written, line by line, while the rebuild reads: gzip'd on the way, never held whole. */
export class SnapshotWriter {
  private readonly gzip: Gzip = createGzip();
  private failure?: unknown;
  private readonly done: Promise<ObjectInfo>;
  lines = 0;

  constructor(os: ObjectStore, header: SnapshotHeader) {
    this.done = os.put(
      {
        name: OBJECT_NAME,
        metadata: { [COVERED_SEQ]: String(header.coveredSeq), [DOMAIN_CREATED]: header.domainStreamCreated },
      },
      Readable.toWeb(this.gzip) as unknown as ReadableStream<Uint8Array>,
    );
    // A failed put stops reading: further lines are dropped rather than buffered.
    this.done.catch((e: unknown) => {
      this.failure ??= e;
      this.gzip.destroy();
    });
    void this.write(JSON.stringify(header));
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Adds a batch of lines (one write for all); waits only while gzip's buffer is full, never on a failed write. */
  async add(lines: unknown[]): Promise<void> {
    this.lines += lines.length;
    await this.write(lines.map((l) => JSON.stringify(l)).join('\n'));
  }

  /** Ends the object with its trailer; resolves with its size once NATS has stored it, rejects with why it was not. */
  async finish(trailer: SnapshotTrailer): Promise<number> {
    if (!this.failed) this.gzip.end(`${JSON.stringify(trailer)}\n`);
    return (await this.done).size;
  }

  /** Gives the write up (the rebuild failed): the partial object is removed, the stored one stays. */
  abort(reason: string): void {
    this.failure ??= new Error(reason);
    this.gzip.destroy(new Error(reason));
    this.done.catch(() => undefined);
  }

  private async write(text: string): Promise<void> {
    if (this.failed || !text) return;
    if (!this.gzip.write(`${text}\n`)) {
      await Promise.race([once(this.gzip, 'drain'), this.done.catch(() => undefined)]).catch(() => undefined);
    }
  }
}

/** The snapshot's lines, parsed, with a stall limit on each. */
export type SnapshotLines = AsyncGenerator<unknown, void, undefined>;

/** The routing index's snapshot in the JetStream Object Store bucket HERALD_INDEX, shared by every instance. */
export class IndexSnapshotStore {
  constructor(private readonly nats: NatsClient) {}

  private bucket(): Promise<ObjectStore> {
    return this.nats.js.views.os(INDEX_SNAPSHOT_BUCKET);
  }

  /**
   * A writer for a new snapshot, or the reason none is written: the stored one already covers a later sequence of the
   * same domain stream (another instance rebuilt after this one began).
   */
  async writer(header: SnapshotHeader): Promise<SnapshotWriter | string> {
    const os = await this.bucket();
    const stored = (await os.info(OBJECT_NAME))?.metadata;
    if (stored?.[DOMAIN_CREATED] === header.domainStreamCreated && Number(stored[COVERED_SEQ]) > header.coveredSeq) {
      return `the stored snapshot covers a later sequence (${stored[COVERED_SEQ]})`;
    }
    return new SnapshotWriter(os, header);
  }

  /** The stored snapshot's lines, parsed; undefined when there is none. Throws on a corrupt or unreadable object. */
  async read(): Promise<SnapshotLines | undefined> {
    const found = await (await this.bucket()).get(OBJECT_NAME);
    if (!found) return undefined;
    const gunzip = createGunzip();
    const source = Readable.fromWeb(found.data as unknown as import('node:stream/web').ReadableStream<Uint8Array>);
    // Errors of either side (a digest mismatch, bad gzip) end the iteration below with that error.
    pipeline(source, gunzip, () => undefined);
    return parseLines(gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>, () => source.destroy());
  }
}

async function* parseLines(chunks: AsyncIterator<Buffer>, stop: () => void): SnapshotLines {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for (;;) {
      const next = await withinStall(chunks.next());
      if (next.done) break;
      const text = rest + decoder.write(next.value);
      const lines = text.split('\n');
      rest = lines.pop() as string;
      for (const line of lines) if (line) yield JSON.parse(line) as unknown;
    }
    rest += decoder.end();
    if (rest) yield JSON.parse(rest) as unknown;
  } finally {
    stop();
  }
}

async function withinStall<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`nothing read for ${READ_STALL_MS} ms`)), READ_STALL_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
