export { type HeadlineScore, normaliseHeadline, scoreHeadline, scoreHeadlineAfinn } from './finance-sentiment.ts';
