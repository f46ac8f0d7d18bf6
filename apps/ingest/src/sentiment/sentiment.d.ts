// Minimal types for the `sentiment` package (5.x), covering what this module uses.
declare module 'sentiment' {
  export interface AnalysisResult {
    score: number;
    comparative: number;
    calculation: Record<string, number>[];
    tokens: string[];
    words: string[];
    positive: string[];
    negative: string[];
  }
  export interface LanguageModule {
    labels: Record<string, number>;
    scoringStrategy?: { apply(tokens: string[], cursor: number, tokenScore: number): number };
  }
  export default class Sentiment {
    constructor(options?: unknown);
    registerLanguage(languageCode: string, language: LanguageModule): void;
    analyze(phrase: string, options?: { language?: string; extras?: Record<string, number> }): AnalysisResult;
  }
}
