# Sourced by the run script: Node flags Herald runs with. The heap cap keeps V8 collecting before RSS balloons under
# a burst (live data with 100,000 notifications is well under it); raise HERALD_MAX_HEAP_MB for more.
HERALD_NODE_FLAGS="--max-old-space-size=${HERALD_MAX_HEAP_MB:-256}"
