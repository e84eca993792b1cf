// Loaded before every test file (npm test passes --import): property tests run with a fixed
// seed so CI is repeatable; FC_SEED=<n> replays another seed, FC_SEED=random explores.
import fc from 'fast-check';

const raw = process.env.FC_SEED;
if (raw !== 'random') fc.configureGlobal({ seed: raw ? Number(raw) : 20261122 });
