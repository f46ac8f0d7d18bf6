export { codeColumns, type FeatureBins, fitBins, type SlotMatrix, slotMatrix } from './binning.ts';
export { fitGbdt, type GbdtFitOptions, type GbdtRoundDecision, type OnGbdtRound } from './fit-gbdt.ts';
export { type GbdtImportances, GbdtModel } from './gbdt-model.ts';
export type { FeatureValues, GbdtMatrix } from './matrix.ts';
export { baseMargin, logisticGradients, marginLogLoss, sigmoid } from './objective.ts';
export { type GbdtParams, MAX_BINS, type ResolvedGbdtParams, resolveGbdtParams } from './params.ts';
export { leafWeight, nodeScore, splitGain } from './split-gain.ts';
