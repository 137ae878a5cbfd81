/**
 * The messages Kizuna answers linking requests with. Plain LINE message objects (the
 * Messaging API's shape), in Japanese: they go to the friend's chat.
 * Buttons template limits: text ≤ 160 characters without a title, label ≤ 20, URI ≤ 1000.
 * https://developers.line.biz/en/reference/messaging-api/#buttons
 */
export type LinkingReply =
  | { type: "text"; text: string }
  | {
      type: "template";
      altText: string;
      template: {
        type: "buttons";
        text: string;
        actions: { type: "uri"; label: string; uri: string }[];
      };
    };

function button(altText: string, text: string, label: string, uri: string): LinkingReply {
  return {
    type: "template",
    altText,
    template: { type: "buttons", text, actions: [{ type: "uri", label, uri }] },
  };
}

export const linkingReplies = {
  accountLink: (uri: string) =>
    button(
      "会員IDとの連携",
      "会員サイトにログインすると、LINEと会員IDを連携できます。連携は「連携解除」と送るといつでも解除できます。",
      "連携する",
      uri,
    ),
  match: (uri: string) =>
    button(
      "会員情報との連携",
      "会員番号・メールアドレス・電話番号のいずれかと本人確認の情報を入力すると、会員情報と連携できます。",
      "会員情報を入力",
      uri,
    ),
  linked: (): LinkingReply => ({ type: "text", text: "連携が完了しました" }),
  linkFailed: (): LinkingReply => ({
    type: "text",
    text: "連携できませんでした。お手数ですが、もう一度「連携」と送ってやり直してください。",
  }),
  unlinked: (): LinkingReply => ({ type: "text", text: "会員IDとの連携を解除しました。" }),
  notLinked: (): LinkingReply => ({ type: "text", text: "会員IDとは連携されていません。" }),
  unavailable: (): LinkingReply => ({
    type: "text",
    text: "ただいま連携を受け付けられません。しばらくしてからお試しください。",
  }),
} as const;
