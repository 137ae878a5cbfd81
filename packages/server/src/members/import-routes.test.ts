import { randomBytes } from "node:crypto";
import { createSecretBox, hashPassword } from "@kizuna/core";
import { encodeShiftJis } from "@kizuna/core/members/csv";
import { type Database, recordImportProgress } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app.ts";

const [pglite] = testDatabaseKinds();

/** A multipart/form-data body with one file part, as a browser sends it. */
function multipart(file: Uint8Array, name = "会員.csv") {
  const boundary = `----kizuna${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      "Content-Type: text/csv\r\n\r\n",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, file, tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

describe("member import routes", () => {
  let database: Database;
  let app: FastifyInstance;
  let owner: Record<string, string>;
  let operator: Record<string, string>;

  const signIn = async (email: string, password: string) => {
    const response = await app.inject({
      method: "POST",
      url: "/api/login",
      payload: { email, password },
    });
    return {
      cookie: String(response.headers["set-cookie"]).split(";")[0]!,
      "x-csrf-token": response.json().csrfToken as string,
    };
  };

  beforeAll(async () => {
    database = await pglite!.create();
    app = await buildServer({
      database,
      secretBox: createSecretBox(randomBytes(32)),
      publicUrl: "http://127.0.0.1",
    });
    await app.inject({
      method: "POST",
      url: "/api/setup",
      payload: { email: "owner@example.jp", password: "a long enough password" },
    });
    owner = await signIn("owner@example.jp", "a long enough password");
    await database.db
      .insertInto("staff_users")
      .values({
        email: "op@example.jp",
        password_hash: await hashPassword("operator password"),
        role: "operator",
      })
      .execute();
    operator = await signIn("op@example.jp", "operator password");
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const upload = (file: Uint8Array, headers = owner, query = "") => {
    const body = multipart(file);
    return app.inject({
      method: "POST",
      url: `/api/member-imports${query}`,
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };

  it("takes a Shift_JIS upload, tells its encoding, and suggests the mapping", async () => {
    const response = await upload(
      encodeShiftJis("会員番号,メール,TEL\r\nA1,a@example.jp,090-1234-5678\r\n"),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      encoding: "shift_jis",
      headers: ["会員番号", "メール", "TEL"],
      suggestedMapping: { 会員番号: "externalId", メール: "email", TEL: "phone" },
      problems: [],
      rows: [{ line: 2, member: { externalId: "A1", fields: { phone: "09012345678" } } }],
      import: { status: "uploaded", byteSize: expect.any(Number), totalRows: 1 },
    });
  });

  it("reads the file in the encoding staff choose, and refuses empty files", async () => {
    const forced = await upload(new TextEncoder().encode("id\n1\n"), owner, "?encoding=shift_jis");
    expect(forced.json().encoding).toBe("shift_jis");
    const empty = await upload(new Uint8Array());
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("file_empty");
  });

  it("lets operators look but not import", async () => {
    expect((await upload(new TextEncoder().encode("id\n1\n"), operator)).statusCode).toBe(403);
    const list = await app.inject({ method: "GET", url: "/api/member-imports", headers: operator });
    expect(list.statusCode).toBe(200);
  });

  it("queues a run once, and refuses a second one while it waits", async () => {
    const uploaded = (await upload(new TextEncoder().encode("id,mail\n1,a@example.jp\n"))).json();
    const run = (dryRun: boolean) =>
      app.inject({
        method: "POST",
        url: `/api/member-imports/${uploaded.import.id}/runs`,
        headers: owner,
        payload: { encoding: "utf-8", mapping: { id: "externalId", mail: "email" }, dryRun },
      });
    const first = await run(true);
    expect(first.statusCode).toBe(202);
    expect(first.json().import.status).toBe("queued");
    expect((await run(false)).statusCode).toBe(409);
    const { rows } = await database.query(
      "SELECT data FROM pgboss.job WHERE name = 'members.import'",
    );
    expect(rows).toContainEqual({ data: { importId: uploaded.import.id } });
  });

  it("streams the refused rows as CSV with a BOM, safe to open in a spreadsheet", async () => {
    const uploaded = (await upload(new TextEncoder().encode("id\n1\n"))).json();
    await recordImportProgress(
      database.db,
      uploaded.import.id,
      { processed: 2, accepted: 0, created: 0, updated: 0, unchanged: 0, rejected: 2 },
      [
        {
          rowNumber: 2,
          reason: JSON.stringify([{ code: "invalid_email", field: "email" }]),
          raw: '=HYPERLINK("http://evil"),x',
        },
        {
          rowNumber: 3,
          reason: JSON.stringify([{ code: "required", field: "externalId" }]),
          raw: ",b@example.jp",
        },
      ],
    );
    const report = await app.inject({
      method: "GET",
      url: `/api/member-imports/${uploaded.import.id}/rejections.csv?lang=en`,
      headers: owner,
    });
    expect(report.statusCode).toBe(200);
    expect(report.body).toBe(
      "\uFEFFLine,Reason,Original row\r\n" +
        `2,E-mail is not an e-mail address,"'=HYPERLINK(""http://evil""),x"\r\n` +
        '3,External id is empty,",b@example.jp"\r\n',
    );
  });
});
