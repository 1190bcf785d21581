import fc from 'fast-check';

// Property tests are seeded, so a run is the same every time (CI never sees a case it did not see
// before). To explore new cases, pass a seed: `FC_SEED=$RANDOM npm run test:unit`; a failure
// prints the seed and path that replay it.
const seed = process.env.FC_SEED === undefined ? 0x5eed : Number(process.env.FC_SEED);
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${process.env.FC_SEED}.`);
fc.configureGlobal({ seed });
