// The loft command line. Each command lives in its own module under commands/. `loft token`,
// which kubectl runs on every request through a loft context, is answered without loading the
// rest of the CLI.
import { fastToken } from './commands/token.ts';

const argv = process.argv.slice(2);
process.exitCode = fastToken(argv, process) ?? (await (await import('./program.ts')).run(argv));
