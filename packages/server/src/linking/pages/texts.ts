import type { MatchIdentifierKind, SecondFactorKind } from "@kizuna/core";
import type { Lang } from "./html.ts";

/** Everything the friend-facing pages say, in Japanese and English. */
export interface PageTexts {
  retry: string;
  formExpired: string;
  accountLink: {
    title: string;
    intro: string;
    loginId: string;
    password: string;
    submit: string;
    wrongCredentials: (left: number) => string;
    linkTokenUnknown: string;
    linkTokenExpired: string;
    tooManySignIns: string;
    verifyUnavailable: string;
    notConfigured: string;
  };
  match: {
    title: string;
    intro: (identifiers: readonly string[], factor: string) => string;
    identifierKind: string;
    identifier: (identifiers: readonly string[]) => string;
    submit: string;
    identifierKinds: Record<MatchIdentifierKind, string>;
    secondFactors: Record<SecondFactorKind, string>;
    noMatch: (left: number) => string;
    invalidIdentifier: (kind: string) => string;
    invalidSecondFactor: (factor: string) => string;
    tooManyAttempts: string;
    tokenExpired: string;
    tokenInvalid: string;
  };
  linked: { title: string; message: string };
  login: {
    errorTitle: string;
    stateInvalid: string;
    stateExpired: string;
    failed: string;
    canceled: string;
    unavailable: string;
  };
  route: { thanksTitle: string; thanks: string; openChat: string; unknown: string };
}

const ja: PageTexts = {
  retry: "やり直す",
  formExpired: "ページの有効期限が切れたか、正しく送信されませんでした。もう一度お試しください。",
  accountLink: {
    title: "会員IDとLINEの連携",
    intro:
      "会員サイトのログインIDとパスワードを入力してください。このあと表示されるLINEの画面で連携が完了します。連携はLINEのトークで「連携解除」と送るといつでも解除できます。",
    loginId: "ログインID",
    password: "パスワード",
    submit: "ログインして連携する",
    wrongCredentials: (left) =>
      `ログインIDまたはパスワードが違います。${left > 0 ? `あと${left}回入力できます。` : ""}`,
    linkTokenUnknown:
      "このリンクは無効です。LINEのトークで「連携」と送ると、新しいリンクが届きます。",
    linkTokenExpired:
      "このリンクの有効期限（10分）が切れました。LINEのトークで「連携」と送ると、新しいリンクが届きます。",
    tooManySignIns:
      "ログインの失敗が続いたため、このリンクは使えなくなりました。LINEのトークで「連携」と送ってやり直してください。",
    verifyUnavailable: "ただいま会員情報を確認できません。しばらくしてからもう一度お試しください。",
    notConfigured: "この連携ページは準備中です。お手数ですが、時間をおいてお試しください。",
  },
  match: {
    title: "会員情報との連携",
    intro: (identifiers, factor) =>
      `${identifiers.join("・")}のいずれかと、${factor}を入力してください。ご登録の会員情報とLINEを連携します。`,
    identifierKind: "入力する情報",
    identifier: (identifiers) => identifiers.join("・"),
    submit: "連携する",
    identifierKinds: { member_number: "会員番号", email: "メールアドレス", phone: "電話番号" },
    secondFactors: { birthday: "生年月日", phone: "電話番号", email: "メールアドレス" },
    noMatch: (left) =>
      `入力された内容では連携できませんでした。ご登録の内容をお確かめのうえ、もう一度入力してください（あと${left}回）。`,
    invalidIdentifier: (kind) => `${kind}の形式が正しくありません。`,
    invalidSecondFactor: (factor) => `${factor}の形式が正しくありません。`,
    tooManyAttempts: "入力の回数が上限に達しました。24時間たってから、もう一度お試しください。",
    tokenExpired:
      "このURLの有効期限が切れました。LINEのトークで「会員連携」と送ると、新しいURLが届きます。",
    tokenInvalid: "このURLは無効です。LINEのトークで「会員連携」と送ると、新しいURLが届きます。",
  },
  linked: {
    title: "連携が完了しました",
    message: "LINEのトーク画面に戻ってください。",
  },
  login: {
    errorTitle: "LINEログイン",
    stateInvalid: "このログインは無効か、すでに使われています。もう一度最初からお試しください。",
    stateExpired: "ログインの有効期限が切れました。もう一度最初からお試しください。",
    failed: "LINEログインを確認できませんでした。もう一度お試しください。",
    canceled: "LINEログインがキャンセルされました。",
    unavailable: "ただいまLINEログインを利用できません。",
  },
  route: {
    thanksTitle: "友だち追加ありがとうございます",
    thanks: "LINEのトークからお知らせをお届けします。",
    openChat: "トークを開く",
    unknown: "このURLは無効か、受付を終了しました。",
  },
};

const en: PageTexts = {
  retry: "Try again",
  formExpired: "This page expired or was not sent correctly. Please try again.",
  accountLink: {
    title: "Link your membership to LINE",
    intro:
      "Enter the login ID and password of your member account. LINE then asks you to confirm the link. You can unlink at any time by sending “連携解除” in the chat.",
    loginId: "Login ID",
    password: "Password",
    submit: "Sign in and link",
    wrongCredentials: (left) =>
      `The login ID or password is wrong.${left > 0 ? ` ${left} more ${left === 1 ? "try" : "tries"} left.` : ""}`,
    linkTokenUnknown: "This link is not valid. Send “連携” in the LINE chat to get a new one.",
    linkTokenExpired:
      "This link has expired (after 10 minutes). Send “連携” in the LINE chat to get a new one.",
    tooManySignIns:
      "This link can no longer be used after several failed sign-ins. Send “連携” in the LINE chat to start again.",
    verifyUnavailable: "Your membership cannot be checked right now. Please try again later.",
    notConfigured: "This linking page is not set up yet. Please try again later.",
  },
  match: {
    title: "Link your member record",
    intro: (identifiers, factor) =>
      `Enter your ${identifiers.map((kind) => kind.toLowerCase()).join(" or ")}, and your ${factor}. We link your LINE account to the member record that matches.`,
    identifierKind: "What you enter",
    identifier: (identifiers) => identifiers.join(", "),
    submit: "Link",
    identifierKinds: {
      member_number: "Member number",
      email: "E-mail address",
      phone: "Phone number",
    },
    secondFactors: { birthday: "date of birth", phone: "phone number", email: "e-mail address" },
    noMatch: (left) =>
      `We could not link you with these details. Please check them and try again (${left} ${left === 1 ? "try" : "tries"} left).`,
    invalidIdentifier: (kind) => `The ${kind.toLowerCase()} is not in a valid form.`,
    invalidSecondFactor: (factor) => `The ${factor} is not in a valid form.`,
    tooManyAttempts: "You have reached the limit of tries. Please try again in 24 hours.",
    tokenExpired: "This URL has expired. Send “会員連携” in the LINE chat to get a new one.",
    tokenInvalid: "This URL is not valid. Send “会員連携” in the LINE chat to get a new one.",
  },
  linked: { title: "Linked", message: "You can go back to the LINE chat now." },
  login: {
    errorTitle: "LINE Login",
    stateInvalid: "This login is not valid or was used already. Please start again.",
    stateExpired: "This login has expired. Please start again.",
    failed: "LINE Login could not be confirmed. Please try again.",
    canceled: "LINE Login was cancelled.",
    unavailable: "LINE Login is not available right now.",
  },
  route: {
    thanksTitle: "Thank you for adding us",
    thanks: "We will send you news in the LINE chat.",
    openChat: "Open the chat",
    unknown: "This URL is not valid or no longer accepted.",
  },
};

export const PAGE_TEXTS: Record<Lang, PageTexts> = { ja, en };
