// What other features embed: a campaign page puts the composer (with preview and test send) on
// its own page and sends its `messages`.
export { ComposerWorkbench } from "./ComposerWorkbench.tsx";
export { newMessage } from "./defaults.ts";
export { LinePreview } from "./LinePreview.tsx";
export { MessageComposer } from "./MessageComposer.tsx";
