// npm run bench: every benchmark, one after the other, printing figures and ratios.
import { benchApiStack } from './api-stack.ts';
import { benchIndex } from './index.ts';
import { benchStartup } from './startup.ts';

await benchApiStack();
await benchStartup();
await benchIndex();
