// Loaded before every test file (npm test passes --import): property tests run with a fixed
// seed so CI is repeatable; FC_SEED=<n> replays another seed, FC_SEED=random explores.
import fc from 'fast-check';

const raw = process.env.FC_SEED;
if (raw !== 'random') fc.configureGlobal({ seed: raw ? Number(raw) : 20261122 });

// Watch events and their objects are shared by every watcher of a change (storage decodes each
// change once): deep-freeze them in tests, and in the servers tests start, so that any consumer
// that mutates one (a registry wrapper, the HTTP stream, a controller's index) fails loudly.
process.env.LOFT_FREEZE_WATCH_OBJECTS ??= '1';
