// Entry of the writer thread when mirrorql runs from its TypeScript sources:
// module hooks are per thread, so the thread registers tsx before loading the code.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The package's own tsconfig (decorators), whatever folder the command runs from.
register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
await import("./writerThread.ts");
