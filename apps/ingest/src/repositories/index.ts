export { computeAdjustedCloses } from './adjusted-close.ts';
export { BarRepository, type Instrument, type InstrumentInput, type UpsertCounts } from './bar-repository.ts';
export { type HeadlineScore, type NewsItemInput, NewsRepository } from './news-repository.ts';
