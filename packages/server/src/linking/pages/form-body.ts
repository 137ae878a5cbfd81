import type { FastifyInstance } from "fastify";

/** HTML forms post `application/x-www-form-urlencoded`; read it into a flat record (first value wins). */
export function acceptFormPosts(app: FastifyInstance): void {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 16 * 1024 },
    (_request, body, done) => {
      const fields: Record<string, string> = {};
      for (const [name, value] of new URLSearchParams(body as string))
        if (!(name in fields)) fields[name] = value;
      done(null, fields);
    },
  );
}
