/** The raw baseline's own JetStream names: no Herald code touches them. */
export const RAW_STREAM = 'BENCH_RAW';
export const RAW_SUBJECTS = 'bench.raw.>';
export const RAW_SUBJECT = 'bench.raw.repo_push';
export const RAW_DURABLE = 'bench-raw';
