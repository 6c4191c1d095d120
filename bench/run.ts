// npm run bench: every benchmark, one after the other, printing figures and ratios.
import { benchApiStack } from './api-stack.ts';
import { benchStartup } from './startup.ts';

await benchApiStack();
await benchStartup();
