export { atr } from './atr.ts';
export { type Bollinger, bollinger } from './bollinger.ts';
export { ema } from './ema.ts';
export { type Macd, macd } from './macd.ts';
export { rsi } from './rsi.ts';
export { closeOverSma, logReturn, realizedVolatility } from './returns.ts';
export { sma } from './sma.ts';
export { type Stochastic, stochastic } from './stochastic.ts';
export { obvFlow, onBalanceVolume, volumeZScore } from './volume.ts';
