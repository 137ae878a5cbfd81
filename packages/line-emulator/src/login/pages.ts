import type { LoginChannel, PendingAuthorization, Scope } from "../state/login.ts";
import type { Channel, VirtualUser } from "../state/types.ts";
import type { CallbackRedirect } from "./authorize.ts";
import { type Html, html } from "./html.ts";

// The pages a person sees while signing in with LINE, kept plain and labelled so a browser
// test can drive them: pick who signs in, agree (and maybe add the friend), go back.

export const LOGIN_PATH = "/oauth2/v2.1/authorize/login";
export const CONSENT_PATH = "/oauth2/v2.1/authorize/consent";

const SCOPE_TEXT: Record<Scope, string> = {
  profile: "Your profile information (display name, profile picture, status message)",
  openid: "Your internal identifier (user ID)",
  email: "Your email address",
};

export function signInPage(input: {
  pending: PendingAuthorization;
  channel: LoginChannel;
  users: VirtualUser[];
  preselected: string | undefined;
  error?: string;
}): Html {
  const { pending, channel, users, preselected, error } = input;
  return html`<h1>Log in to ${channel.name}</h1>
<p class="muted">Choose the LINE account to log in with. Every account shown belongs to this
channel's provider, so its user ID is the same in the provider's other channels.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : html``}
<form method="post" action="${LOGIN_PATH}">
<input type="hidden" name="tx" value="${pending.id}">
<fieldset>
<legend>LINE accounts</legend>
${users.map(
  (user) =>
    html`<label class="choice"><input type="radio" name="userId" value="${user.userId}"${user.userId === preselected ? html` checked` : html``}> <span>${user.displayName}<br><code>${user.userId}</code></span></label>`,
)}
<label class="choice"><input type="radio" name="userId" value="new"${users.length === 0 ? html` checked` : html``}> <span>A new LINE account</span></label>
<label for="newUserName">Display name for a new account</label>
<input type="text" id="newUserName" name="newUserName" placeholder="e.g. Hanako">
</fieldset>
<button class="primary" type="submit">Log in</button>
</form>`;
}

export function consentPage(input: {
  pending: PendingAuthorization;
  channel: LoginChannel;
  user: VirtualUser;
  friend: Channel | undefined;
}): Html {
  const { pending, channel, user, friend } = input;
  return html`<h1>${channel.name}</h1>
<p>Logged in as <strong>${user.displayName}</strong>.</p>
<p>This service would like to access:</p>
<ul>${pending.scopes.map((scope) => html`<li>${SCOPE_TEXT[scope]}</li>`)}</ul>
<form method="post" action="${CONSENT_PATH}">
<input type="hidden" name="tx" value="${pending.id}">
${
  friend
    ? html`<label class="choice"><input type="checkbox" name="addFriend" value="on"${pending.botPrompt === "aggressive" ? html` checked` : html``}> <span>Add ${friend.name} as a friend</span></label>`
    : html``
}
<button class="primary" type="submit" name="decision" value="allow">Allow</button>
<button class="secondary" type="submit" name="decision" value="cancel">Cancel</button>
</form>`;
}

/** `response_mode=form_post`: a form that posts the result to the callback by itself. */
export function formPostPage(redirect: CallbackRedirect): Html {
  return html`<h1>Returning to the service…</h1>
<form method="post" action="${redirect.redirectUri}" id="callback">
${Object.entries(redirect.params).map(
  ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
)}
<noscript><button class="primary" type="submit">Continue</button></noscript>
</form>
<script>document.getElementById("callback").submit()</script>`;
}
