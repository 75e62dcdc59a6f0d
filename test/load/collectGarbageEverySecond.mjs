// Preloaded into the server during the soak test (with --expose-gc): a full collection every
// second, so that the heap figures read from /healthz are what is really kept, not garbage that
// the young generation has not yet collected.
setInterval(() => globalThis.gc?.(), 1000).unref();
