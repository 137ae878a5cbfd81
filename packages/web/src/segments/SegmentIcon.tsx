import { Icon, type IconProps } from "../app/icons.tsx";

/** A funnel: friends narrowed down by conditions. */
export function SegmentIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3 4h18l-7 8.5V19l-4 2v-8.5L3 4Z" />
    </Icon>
  );
}
