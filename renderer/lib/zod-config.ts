import { z } from 'zod';

// zod probes `new Function` to decide whether to compile its parsers; under the app's CSP (no
// 'unsafe-eval') the probe fails harmlessly but is reported as a CSP violation on every load.
// Imported first by main.tsx, before any module builds a schema.
z.config({ jitless: true });
