# Sourced by the run script (and read by the bench): Node flags Herald runs with. The heap cap keeps V8 collecting
# before RSS balloons under a burst. 384 MB, because with 100,000 notifications (about 150 MB live) a 256 MB cap left
# so little room that full GCs came often enough to cost a tenth of the throughput; peak RSS in the bench is about 340
# MB. Each delivery allocates short-lived objects (request, attempt, record): a 32 MB young-generation semi-space
# (V8's default is 16) means fewer scavenges and less promotion under load, for at most about 50 MB more RSS. Deliveries
# in flight still get promoted, and with a small live heap V8 then ran a full mark-compact about every second, each
# with 40-90 ms of marking on the main thread: the old generation starts at half the cap instead.
HERALD_MAX_HEAP_MB="${HERALD_MAX_HEAP_MB:-384}"
HERALD_NODE_FLAGS="--max-old-space-size=${HERALD_MAX_HEAP_MB} --initial-old-space-size=$((HERALD_MAX_HEAP_MB / 2)) --max-semi-space-size=${HERALD_SEMI_SPACE_MB:-32}"
