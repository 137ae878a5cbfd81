import { encodeShiftJis } from "@kizuna/core/members/csv";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

// Excel's "CSV" in Japan: Shift_JIS, CRLF, a quoted cell with a newline.
const CSV = [
  "会員番号,氏名,メールアドレス,電話番号,生年月日,性別,都道府県,ランク,ポイント,備考",
  'K0001,山田 太郎,Taro@Example.jp,090-1111-2222,1985/4/1,男性,東京都,ゴールド,"1,200",',
  'K0002,佐藤 花子,hanako@example.jp,０８０－３３３３－４４４４,平成2年5月6日,女,大阪,シルバー,300,"二行の\r\n備考"',
  "K0003,鈴木 一郎,suzuki@,090-1234,1990/02/30,?,東,ブロンズ,たくさん,",
  "K0004,高橋 次郎,jiro@example.jp,,,,,,0,",
].join("\r\n");

interface ImportJson {
  id: string;
  status: string;
  encoding: string;
  dryRun: boolean;
  totalRows: number;
  processedRows: number;
  acceptedRows: number;
  createdRows: number;
  updatedRows: number;
  unchangedRows: number;
  rejectedRows: number;
}

describe.each(testDatabaseKinds())("member CSV import end to end on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  let csrf: string;

  beforeAll(async () => {
    stack = await startStack(kind);
    admin = await signUpOwner(stack.url);
    const session = await admin.request("GET", "/api/session");
    csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
  });
  afterAll(() => stack?.stop());

  async function upload(bytes: Uint8Array, name = "会員.csv") {
    const form = new FormData();
    form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "text/csv" }), name);
    const response = await fetch(`${stack.url}/api/member-imports`, {
      method: "POST",
      headers: { cookie: admin.cookie, "x-csrf-token": csrf },
      body: form,
    });
    expect(response.status).toBe(201);
    return (await response.json()) as {
      import: ImportJson;
      encoding: string;
      headers: string[];
      suggestedMapping: Record<string, string>;
      rows: { line: number; errors?: { code: string; field: string }[] }[];
    };
  }

  async function runToEnd(importId: string, mapping: Record<string, string>, dryRun: boolean) {
    const started = await admin.request("POST", `/api/member-imports/${importId}/runs`, {
      encoding: "shift_jis",
      mapping,
      dryRun,
    });
    expect(started.status).toBe(202);
    return eventually(
      async () => {
        const response = await admin.request("GET", `/api/member-imports/${importId}`);
        const { import: current } = (await response.json()) as { import: ImportJson };
        return current.status === "done" || current.status === "failed" ? current : undefined;
      },
      20_000,
      "the import to finish",
    );
  }

  const member = async (externalId: string) => {
    const response = await admin.request("GET", `/api/members/${externalId}`);
    return response.status === 404 ? null : ((await response.json()) as { member: object }).member;
  };

  it("uploads Shift_JIS, suggests the mapping, previews, dry-runs, imports, and reports rejects", async () => {
    const uploaded = await upload(encodeShiftJis(CSV));
    expect(uploaded.encoding).toBe("shift_jis");
    expect(uploaded.import).toMatchObject({ status: "uploaded", totalRows: 5 });
    expect(uploaded.headers[0]).toBe("会員番号");
    const mapping = uploaded.suggestedMapping;
    expect(mapping).toEqual({
      会員番号: "externalId",
      氏名: "name",
      メールアドレス: "email",
      電話番号: "phone",
      生年月日: "birthday",
      性別: "gender",
      都道府県: "prefecture",
      ランク: "rank",
      ポイント: "points",
    });
    expect(uploaded.rows.map((row) => row.line)).toEqual([2, 3, 5, 6]);
    expect(uploaded.rows[2]!.errors!.map((e) => e.field)).toEqual([
      "email",
      "phone",
      "birthday",
      "gender",
      "prefecture",
      "points",
    ]);

    const dry = await runToEnd(uploaded.import.id, mapping, true);
    expect(dry).toMatchObject({
      status: "done",
      dryRun: true,
      processedRows: 4,
      createdRows: 3,
      rejectedRows: 1,
    });
    expect(await member("K0001")).toBeNull();

    const real = await runToEnd(uploaded.import.id, mapping, false);
    expect(real).toMatchObject({ status: "done", dryRun: false, createdRows: 3, rejectedRows: 1 });
    expect(await member("K0002")).toMatchObject({
      name: "佐藤 花子",
      phone: "08033334444",
      birthday: "1990-05-06",
      gender: "female",
      prefecture: "大阪府",
    });

    const report = await admin.request(
      "GET",
      `/api/member-imports/${uploaded.import.id}/rejections.csv`,
    );
    expect(report.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(report.headers.get("content-disposition")).toContain(
      encodeURIComponent("会員-rejected.csv"),
    );
    const bytes = new Uint8Array(await report.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toBe("行番号,理由,元の行");
    expect(text).toContain("5,メールアドレスの形式が正しくありません / ");
    expect(text).toContain("K0003,鈴木 一郎,suzuki@,090-1234");
  });

  it("changes nothing when the same file is imported again", async () => {
    const uploaded = await upload(encodeShiftJis(CSV));
    const again = await runToEnd(uploaded.import.id, uploaded.suggestedMapping, false);
    expect(again).toMatchObject({
      createdRows: 0,
      updatedRows: 0,
      unchangedRows: 3,
      rejectedRows: 1,
    });
  });

  it("refuses a run whose mapping has no external id column", async () => {
    const uploaded = await upload(encodeShiftJis(CSV));
    const response = await admin.request("POST", `/api/member-imports/${uploaded.import.id}/runs`, {
      encoding: "shift_jis",
      mapping: { 氏名: "name" },
      dryRun: true,
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { details: unknown } }).error.details).toEqual([
      { code: "external_id_unmapped" },
    ]);
  });
});
