// Just enough multipart/form-data (RFC 7578) for the by-file audience uploads: named text fields
// and one file. A hand-written reader keeps the emulator free of an upload dependency.

export type FormPart = { name: string; filename?: string; contentType?: string; data: Buffer };

/** The parts of a multipart body; undefined when it is not one. */
export function parseMultipart(
  body: Buffer,
  contentType: string,
): Map<string, FormPart> | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const token = boundary?.[1] ?? boundary?.[2];
  if (!token) return undefined;
  const delimiter = Buffer.from(`--${token.trim()}`);
  const parts = new Map<string, FormPart>();
  let start = body.indexOf(delimiter);
  if (start < 0) return undefined;
  for (;;) {
    start += delimiter.length;
    // `--` after a delimiter closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break;
    const headerEnd = body.indexOf("\r\n\r\n", start);
    if (headerEnd < 0) return undefined;
    const next = body.indexOf(delimiter, headerEnd);
    if (next < 0) return undefined;
    const headers = body.subarray(start, headerEnd).toString("utf8");
    // The part's data ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headerEnd + 4, next - 2);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
    if (name !== undefined) {
      parts.set(name, {
        name,
        ...(filename !== undefined ? { filename } : {}),
        ...(type !== undefined ? { contentType: type } : {}),
        data,
      });
    }
    start = next;
  }
  return parts;
}

/** A form field as text; the SDK sends absent optional fields as the string "undefined". */
export function textField(parts: Map<string, FormPart>, name: string): string | undefined {
  const value = parts.get(name)?.data.toString("utf8");
  return value === undefined || value === "undefined" ? undefined : value;
}
