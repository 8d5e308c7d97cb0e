import type { PreparedConfig } from '@herald/plugin-sdk';

/**
 * The masked config with the fields a plugin asked to reveal shown in clear: for the one answer that hands a generated
 * secret to the admin (creation, rotation); every later read masks it.
 */
export function revealOnce(masked: Record<string, unknown>, prepared: PreparedConfig): Record<string, unknown> {
  const out = { ...masked };
  for (const field of prepared.reveal ?? []) {
    if (field in prepared.config) out[field] = prepared.config[field];
  }
  return out;
}
