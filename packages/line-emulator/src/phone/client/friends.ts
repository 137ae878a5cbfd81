// The index of virtual friends: a channel's read button has many of its friends open the chat at
// once (`POST /channels/:channelId/read`). Served with its types stripped, like phone.ts.

type ChannelRead = { readers: number; read: number };

const base = document.body.dataset.base!;

function buttonLabel(share: string): string {
  if (share === "1") return "全員が既読にする · Everyone reads";
  const percent = `${Math.round(Number(share) * 100)}%`;
  return `${percent}が既読にする · ${percent} read`;
}

function resultText({ readers, read }: ChannelRead): string {
  if (readers === 0) return "未読の友だちはいません · Nobody had anything unread";
  return `${readers}人が既読にしました（${read}件） · ${readers} read ${read} message${read === 1 ? "" : "s"}`;
}

for (const form of Array.from(document.querySelectorAll<HTMLFormElement>("[data-read-channel]"))) {
  const share = form.querySelector<HTMLSelectElement>("[data-read-share]")!;
  const button = form.querySelector<HTMLButtonElement>("[data-read-button]")!;
  const output = form.querySelector<HTMLOutputElement>("[data-read-result]")!;
  share.addEventListener("change", () => {
    button.textContent = buttonLabel(share.value);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    button.disabled = true;
    output.textContent = "";
    fetch(`${base}/channels/${encodeURIComponent(form.dataset.readChannel!)}/read`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ share: Number(share.value) }),
    })
      .then(async (response) => {
        const json = await response.json();
        if (!response.ok) throw new Error(json?.error?.message ?? `HTTP ${response.status}`);
        output.textContent = resultText(json as ChannelRead);
      })
      .catch((error: Error) => {
        output.textContent = error.message;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
