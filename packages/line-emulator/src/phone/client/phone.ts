// The phone page's script: keeps the chat live (polls the feed), marks what is on screen as read,
// and turns taps into control-API calls. Served with its types stripped (no build step), so it
// uses erasable TypeScript only and no imports.

type TapResult = {
  events?: unknown[];
  link?: { finalUrl: string; status: number | string };
  clipboardText?: string;
  richMenuSwitch?: { richMenuAliasId: string; status: string };
};

type Feed = { version: string; chat: string; quickReply: string; richMenu: string };

const phone = document.querySelector<HTMLElement>("[data-phone]")!;
const userId = phone.dataset.userId!;
const base = phone.dataset.base!;
let version = phone.dataset.version ?? "";
const chat = phone.querySelector<HTMLElement>("[data-chat]")!;
const quickReply = phone.querySelector<HTMLElement>("[data-quick-reply]")!;
const richMenu = phone.querySelector<HTMLElement>("[data-rich-menu]")!;
const toastBox = phone.querySelector<HTMLElement>("[data-toast]")!;
const picker = phone.querySelector<HTMLDialogElement>("[data-picker]")!;

let toastTimer: number | undefined;
/** A short notice; with `link`, a way to go on in a browser tab (LINE Login, forms, dialogs). */
function toast(text: string, link?: string): void {
  toastBox.textContent = text;
  if (link && /^https?:/i.test(link)) {
    const anchor = document.createElement("a");
    anchor.href = link;
    anchor.target = "_blank";
    anchor.rel = "noreferrer";
    anchor.textContent = " Open in a tab ↗";
    toastBox.append(anchor);
  }
  toastBox.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(
    () => {
      toastBox.hidden = true;
    },
    link ? 8000 : 3500,
  );
}

async function call<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(json?.error?.message ?? `HTTP ${response.status}`);
  return json as T;
}

function scrollToEnd(): void {
  chat.scrollTop = chat.scrollHeight;
}

/** What a person sees counts as read: impressions for the bot's insight. */
async function markRead(): Promise<void> {
  if (document.visibilityState !== "visible") return;
  await call(`/users/${userId}/read`).catch(() => undefined);
}

let refreshing = false;
async function refresh(): Promise<void> {
  if (refreshing) return;
  refreshing = true;
  try {
    const response = await fetch(
      `${base}/phone/${userId}/feed?since=${encodeURIComponent(version)}`,
    );
    if (response.status !== 200) return;
    const feed = (await response.json()) as Feed;
    const open = richMenu.querySelector(".rich-menu")?.classList.contains("open");
    version = feed.version;
    chat.innerHTML = feed.chat;
    quickReply.innerHTML = feed.quickReply;
    richMenu.innerHTML = feed.richMenu;
    if (open !== undefined) richMenu.querySelector(".rich-menu")?.classList.toggle("open", open);
    phone.dataset.version = version;
    scrollToEnd();
    await markRead();
  } finally {
    refreshing = false;
  }
}

/** Asks for a date, time or both the way LINE's picker does; null when cancelled. */
function pick(target: HTMLElement): Promise<Record<string, string> | null> {
  const mode = target.dataset.mode ?? "datetime";
  const input = picker.querySelector<HTMLInputElement>("[data-picker-input]")!;
  input.type = mode === "datetime" ? "datetime-local" : mode;
  input.value = target.dataset.initial ?? "";
  input.min = target.dataset.min ?? "";
  input.max = target.dataset.max ?? "";
  picker.querySelector("[data-picker-title]")!.textContent =
    mode === "date" ? "Select date" : mode === "time" ? "Select time" : "Select date and time";
  return new Promise((resolve) => {
    picker.addEventListener(
      "close",
      () => {
        if (picker.returnValue !== "ok" || input.value === "") return resolve(null);
        resolve({ [mode]: mode === "datetime" ? input.value.slice(0, 16) : input.value });
      },
      { once: true },
    );
    picker.returnValue = "";
    picker.showModal();
    input.focus();
  });
}

function report(result: TapResult): void {
  if (result.link) {
    toast(`Opened ${result.link.finalUrl} (${result.link.status})`, result.link.finalUrl);
  } else if (result.clipboardText !== undefined) {
    void navigator.clipboard?.writeText(result.clipboardText).catch(() => undefined);
    toast(`Copied: ${result.clipboardText}`);
  } else if (result.richMenuSwitch) {
    toast(`Rich menu switch: ${result.richMenuSwitch.status}`);
  }
}

async function tap(target: HTMLElement): Promise<void> {
  let params: Record<string, string> | null | undefined;
  if (target.dataset.actionType === "datetimepicker") {
    params = await pick(target);
    if (params === null) return;
  }
  const extra = params ? { params } : {};
  const area = target.closest<HTMLElement>("[data-area]");
  if (area && richMenu.contains(area)) {
    report(
      await call<TapResult>(`/users/${userId}/rich-menu/tap`, {
        areaIndex: Number(area.dataset.area),
        ...extra,
      }),
    );
    return;
  }
  const messageId = target.closest<HTMLElement>("[data-message-id]")?.dataset.messageId;
  if (!messageId) return;
  report(
    await call<TapResult>(`/users/${userId}/tap`, {
      messageId,
      path: target.dataset.path,
      ...extra,
    }),
  );
}

async function onClick(event: MouseEvent): Promise<void> {
  const target = event.target as HTMLElement;
  if (target.closest("[data-toggle-menu]")) {
    richMenu.querySelector(".rich-menu")?.classList.toggle("open");
    return;
  }
  const link = target.closest<HTMLElement>("[data-link]");
  if (link) {
    event.preventDefault();
    const messageId = link.closest<HTMLElement>("[data-message-id]")?.dataset.messageId;
    const open = await call<{ finalUrl: string; status: number | string }>(
      `/users/${userId}/open-link`,
      {
        url: link.dataset.link,
        ...(messageId ? { messageId } : {}),
      },
    );
    toast(`Opened ${open.finalUrl} (${open.status})`, open.finalUrl);
    return;
  }
  const play = target.closest<HTMLElement>("[data-play]");
  const row = play?.closest<HTMLElement>(".row.bot");
  if (play && row?.dataset.messageId) {
    await call(`/users/${userId}/play`, { messageId: row.dataset.messageId });
    toast("Played to the end");
    return;
  }
  const action = target.closest<HTMLElement>("[data-path]");
  if (action) {
    event.preventDefault();
    await tap(action);
    await refresh();
  }
}

phone.addEventListener("click", (event) => {
  onClick(event).catch((error: Error) => toast(error.message));
});

phone.addEventListener("keydown", (event) => {
  const target = event.target as HTMLElement;
  if ((event.key === "Enter" || event.key === " ") && target.matches("[data-path]:not(button)")) {
    event.preventDefault();
    target.click();
  }
});

phone.querySelector<HTMLFormElement>("[data-composer]")!.addEventListener("submit", (event) => {
  event.preventDefault();
  const input = phone.querySelector<HTMLInputElement>("[data-input]")!;
  const text = input.value.trim();
  if (text === "") return;
  input.value = "";
  call(`/users/${userId}/messages`, { type: "text", text })
    .then(refresh)
    .catch((error: Error) => toast(error.message));
});

// Images come from the bot's URLs, which may not load here: show a placeholder instead of the
// browser's broken-image icon.
const PLACEHOLDER = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90" viewBox="0 0 120 90"><rect width="120" height="90" fill="#d5dde8"/><path d="M38 62l14-18 10 12 8-9 12 15z" fill="#aab6c6"/><circle cx="76" cy="34" r="6" fill="#aab6c6"/></svg>',
)}`;
document.addEventListener(
  "error",
  (event) => {
    const image = event.target;
    if (image instanceof HTMLImageElement && image.src !== PLACEHOLDER) image.src = PLACEHOLDER;
  },
  true,
);
for (const image of Array.from(document.images)) {
  if (image.complete && image.naturalWidth === 0) image.src = PLACEHOLDER;
}
document.addEventListener("visibilitychange", () => void markRead());
scrollToEnd();
void markRead();
window.setInterval(() => void refresh(), 1000);
