import { targetRepository } from './events.factory';
import { BenchContext, runHerald } from './scenario.runner';
import type { ScenarioResult } from './scenario.types';
import { SinkClient } from './sink.client';

/** The one recipient of every bench mail, authorized for each target repository. */
const RECIPIENT = 'bench@example.com';

/**
 * Herald N=notificationsSmall as in scenario (a), closed loop, but every notification mails through the email plugin
 * (its pooled SMTP transport) to an SMTP sink on loopback that records them as the webhook sink does: deliveries/s
 * next to the webhook's of the same run.
 */
export async function runEmail(ctx: BenchContext, id = 'email'): Promise<ScenarioResult> {
  const smtp = await SinkClient.start('smtp-sink', 'smtp-sink.process.js');
  try {
    const result = await runHerald({ ...ctx, sink: smtp }, id, 'closed', ctx.opts.notificationsSmall, {
      env: {
        HERALD_SMTP_HOST: '127.0.0.1',
        HERALD_SMTP_PORT: new URL(smtp.url).port,
        HERALD_SMTP_FROM: 'herald-bench@example.com',
        ...(process.env.HERALD_SMTP_POOL_SIZE ? { HERALD_SMTP_POOL_SIZE: process.env.HERALD_SMTP_POOL_SIZE } : {}),
      },
      prepare: async (db) => {
        // Every seeded notification becomes an e-mail one; only the targets' ever match an event.
        await db
          .collection('notifications')
          .updateMany({}, { $set: { method: 'email', config: { email: RECIPIENT } } });
        // Confirmed authorizations, shaped as EmailAuthorizations stores them (libs/core/src/email-authorization).
        const now = new Date();
        const docs = Array.from({ length: ctx.opts.targets }, (_, i) => {
          const { repository, namespace } = targetRepository(i);
          return {
            _id: `${repository} ${RECIPIENT}`,
            repository,
            namespace,
            email: RECIPIENT,
            confirmed: true,
            code_hash: null,
            code_expires_at: null,
            requested_at: now,
            confirmed_at: now,
          };
        });
        await db.collection('authorized_emails').insertMany(docs as never[]);
      },
      // The mail carries no payload fields: seq and publish time ride in the event id (X-Herald-Delivery).
      eventId: (seq, at) => `bench-${ctx.runId}-${id}-${seq}-${at.toFixed(3)}`,
      method: 'email',
    });
    return { ...result, label: `Herald N=${ctx.opts.notificationsSmall}, e-mail to SMTP sink, closed loop` };
  } finally {
    await smtp.stop();
  }
}
