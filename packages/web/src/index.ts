import { fileURLToPath } from "node:url";

/** Where `vite build packages/web` writes the admin UI, for the server to serve on one origin. */
export const webDistDir: string = fileURLToPath(new URL("../dist", import.meta.url));
