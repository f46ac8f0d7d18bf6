export {
  SAMPLE_DEFAULT_FROM,
  SAMPLE_DEFAULT_TO,
  SAMPLE_INSTRUMENTS,
  SAMPLE_SYMBOLS,
  type SampleHeadline,
  type SampleInstrument,
  sampleInstrument,
  simulateBars,
  simulateHeadlines,
  UnknownSampleSymbolError,
} from './sample-market.ts';
