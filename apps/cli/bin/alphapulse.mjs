#!/usr/bin/env node
// The operator's CLI. Sources are TypeScript run just-in-time through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
