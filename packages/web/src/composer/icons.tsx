import { Icon, type IconProps } from "../app/icons.tsx";

/** A speech bubble with a pen: writing a message. */
export function ComposeIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 5h11v3M4 5v11h5l-3 4 6-4" />
      <path d="m14.5 17.5 6-6a1.4 1.4 0 0 0-2-2l-6 6-.5 2.5 2.5-.5Z" />
    </Icon>
  );
}
