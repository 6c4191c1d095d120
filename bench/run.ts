// npm run bench: every benchmark, one after the other, printing figures and ratios.
import { benchApiStack } from './api-stack.ts';
import { benchColdstart } from './coldstart.ts';
import { benchIndex } from './index.ts';
import { benchMatch } from './match.ts';
import { benchNotify } from './notify.ts';
import { benchStartup } from './startup.ts';
import { benchUpdate } from './update.ts';
import { benchUpdateOval } from './update-oval.ts';

await benchApiStack();
await benchColdstart();
await benchStartup();
await benchIndex();
await benchUpdate();
await benchUpdateOval();
await benchMatch();
await benchNotify();
