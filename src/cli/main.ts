// The loft command line. Each command lives in its own module under commands/.
import { run } from './program.ts';

process.exitCode = await run(process.argv.slice(2));
