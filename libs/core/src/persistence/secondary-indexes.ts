import type { Logger } from '@nestjs/common';
import type { Connection } from 'mongoose';

/** What is needed of a mongoose model here (any model fits). */
export interface IndexedModel {
  db: Connection;
  createIndexes(): Promise<unknown>;
}

/**
 * Creates a model's secondary indexes where they serve its reads: on MongoDB. FerretDB's SQLite backend answers only
 * `_id` filters from an index and would maintain the others on every insert for nothing (a quarter of its CPU in the
 * bench), so they are not created there.
 */
export async function createIndexesWhereTheyServe(models: IndexedModel[], logger: Logger, what: string): Promise<void> {
  const info = await models[0]?.db.db?.admin().command({ buildInfo: 1 });
  if (info?.ferretdbVersion) {
    logger.log(`FerretDB ${String(info.ferretdbVersion)}: ${what} without secondary indexes`);
    return;
  }
  for (const model of models) await model.createIndexes();
}
