import { useElementSize } from "@mantine/hooks";
import { type Box, gridValues, niceMax } from "../linking/chart/geometry.ts";

export interface Bar {
  label: string;
  value: number;
  color: string;
}

/**
 * A small SVG bar chart beside the app's line chart (same axis rules, no chart library): one
 * labelled bar per value, accessible as an image with a text summary.
 */
export function BarChart({
  bars,
  formatValue,
  summary,
  floor = 1,
  height = 200,
  testId,
}: {
  bars: readonly Bar[];
  formatValue: (value: number) => string;
  summary: string;
  /** The least top of the y axis (0.1 for a rate …). */
  floor?: number;
  height?: number;
  testId?: string;
}) {
  const { ref, width } = useElementSize();
  const box: Box = {
    width: width > 0 ? width : 480,
    height,
    left: 44,
    right: 12,
    top: 18,
    bottom: 24,
  };
  const max = niceMax(
    bars.map((b) => b.value),
    floor,
  );
  const innerWidth = box.width - box.left - box.right;
  const innerHeight = box.height - box.top - box.bottom;
  const slot = innerWidth / Math.max(1, bars.length);
  const barWidth = Math.min(64, slot * 0.6);
  const yOf = (value: number) => box.top + innerHeight * (1 - value / max);
  return (
    <div ref={ref} data-testid={testId}>
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        width="100%"
        role="img"
        aria-label={summary}
        style={{ display: "block", overflow: "visible" }}
      >
        {gridValues(max).map((value) => (
          <g key={value}>
            <line
              x1={box.left}
              x2={box.width - box.right}
              y1={yOf(value)}
              y2={yOf(value)}
              stroke="var(--mantine-color-gray-2)"
            />
            <text
              x={box.left - 6}
              y={yOf(value) + 4}
              textAnchor="end"
              fontSize={11}
              fill="var(--mantine-color-dimmed)"
            >
              {formatValue(value)}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = box.left + slot * i + (slot - barWidth) / 2;
          const y = yOf(bar.value);
          return (
            <g key={bar.label} data-bar={bar.label} data-value={bar.value}>
              <rect
                x={x}
                y={y}
                width={barWidth}
                height={box.top + innerHeight - y}
                rx={3}
                fill={bar.color}
              >
                <title>{`${bar.label}: ${formatValue(bar.value)}`}</title>
              </rect>
              <text
                x={x + barWidth / 2}
                y={y - 4}
                textAnchor="middle"
                fontSize={11}
                fontWeight={600}
              >
                {formatValue(bar.value)}
              </text>
              <text
                x={x + barWidth / 2}
                y={box.height - 6}
                textAnchor="middle"
                fontSize={12}
                fill="var(--mantine-color-dimmed)"
              >
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
