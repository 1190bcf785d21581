// Expected-wait estimators: observations of a queue in, an estimate with a range and a method out.

// Observations (immutable: every record… returns a new value)
export { createWaitObservations, recordAnswered, recordArrival, recordHandled } from './wait-observations.js';
export type { WaitObservationOptions, WaitObservations, WaitSettings } from './wait-observations.js';
export type { MovingAverage } from './moving-average.js';
export type { ArrivalRate } from './arrival-rate.js';

// Estimators
export type { EstimateInput, WaitEstimate, WaitEstimator } from './wait-estimate.js';
export { emaEstimator } from './ema-estimator.js';
export { positionalEstimator } from './positional-estimator.js';
export { erlangCEstimator } from './erlang-c-estimator.js';
export { chooseEstimator, defaultEstimatorOrder, estimateWait, estimators } from './registry.js';
export type { EstimatorName } from './registry.js';

// Queueing theory
export { erlangB, erlangC, erlangServiceLevel } from './erlang-c.js';
export type { ErlangCFigures, QueueLoad } from './erlang-c.js';
export { queueOutlook } from './queue-outlook.js';
export type { QueueOutlook } from './queue-outlook.js';

// Accuracy
export { accuracyReport, createAccuracy, recordAccuracy } from './accuracy.js';
export type { AccuracyFigures, AccuracyTally, EstimateAccuracy, QueueAccuracyFigures } from './accuracy.js';
