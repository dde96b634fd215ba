// Entry of a reader thread when mirrorql runs from its TypeScript sources:
// module hooks are per thread, so the thread registers tsx before loading the code.
import { register } from "tsx/esm/api";

register();
await import("./readerThread.ts");
