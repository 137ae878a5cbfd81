import type { FastifyReply } from "fastify";

// Plain server-rendered pages for what LINE shows in the browser (access.line.me): sign-in,
// consent and the account-link dialog. Every value goes through `escapeHtml`.

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Marks a string as already-escaped HTML. */
export type Html = { readonly html: string };

/** A template tag that escapes interpolated strings and keeps `Html` values as they are. */
export function html(
  strings: TemplateStringsArray,
  ...values: (string | number | Html | Html[])[]
) {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return { html: out } satisfies Html;
}

function render(value: string | number | Html | Html[]): string {
  if (Array.isArray(value)) return value.map((v) => v.html).join("");
  if (typeof value === "object") return value.html;
  return escapeHtml(String(value));
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Hiragino Sans",sans-serif;background:#f5f6f7;margin:0;color:#1e1e1e}
main{max-width:420px;margin:40px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 1px 4px #0002}
h1{font-size:20px;margin:0 0 4px}
.brand{color:#06c755;font-weight:700;font-size:14px;letter-spacing:.04em;margin-bottom:16px}
.muted{color:#666;font-size:13px}
fieldset{border:none;padding:0;margin:16px 0}
label.choice{display:flex;gap:10px;align-items:center;padding:8px;border-radius:8px;cursor:pointer}
label.choice:hover{background:#f0f0f0}
ul{padding-left:20px}
button{font:inherit;border:none;border-radius:8px;padding:12px 16px;cursor:pointer;width:100%;margin-top:8px}
button.primary{background:#06c755;color:#fff;font-weight:700}
button.secondary{background:#eee}
input[type=text],select{font:inherit;padding:8px;border:1px solid #ccc;border-radius:6px;width:100%;box-sizing:border-box}
.error{color:#c00}
code{font-size:12px}
`;

/** A whole page: LINE-green heading, one card. */
export function page(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${{ html: STYLE }}</style>
</head>
<body><main><div class="brand">LINE (emulator)</div>${body}</main></body>
</html>`;
}

export function sendPage(reply: FastifyReply, status: number, title: string, body: Html) {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .send(page(title, body).html);
}

/** An error page, as LINE shows one instead of redirecting to an unverified callback. */
export function sendErrorPage(reply: FastifyReply, status: number, title: string, message: string) {
  return sendPage(
    reply,
    status,
    title,
    html`<h1>${title}</h1><p class="error" role="alert">${message}</p>`,
  );
}
