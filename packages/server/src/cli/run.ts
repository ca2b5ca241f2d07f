import { main } from './main.js';

// Entry point of the compiled `text2x` binary.
await main();
