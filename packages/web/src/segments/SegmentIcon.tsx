import type { IconProps } from "../app/icons.tsx";

/** A funnel: friends narrowed down by conditions. */
export function SegmentIcon({ size = 20 }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M3 4h18l-7 8.5V19l-4 2v-8.5L3 4Z" />
    </svg>
  );
}
