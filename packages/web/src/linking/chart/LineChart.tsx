import { Group, Text } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import { type Box, gridValues, labelIndexes, linePoints, niceMax, pathOf } from "./geometry.ts";

export interface ChartSeries {
  label: string;
  values: readonly number[];
  /** A CSS colour, e.g. a Mantine variable. */
  color: string;
}

/**
 * A small SVG line chart (Mantine charts is not a dependency): days along the bottom, a
 * rounded top on the y axis, one line per series and a legend. Accessible as an image with
 * a text summary.
 */
export function LineChart(props: {
  series: readonly ChartSeries[];
  /** One label per value, e.g. `MM/DD`. */
  labels: readonly string[];
  formatValue: (value: number) => string;
  summary: string;
  height?: number;
  /** The least top of the y axis (1 for counts, 0.1 for a rate …). */
  floor?: number;
  /** Counts: grid lines on whole numbers. */
  integer?: boolean;
  testId?: string;
}) {
  // Drawn at the size it is shown, so labels keep their size on a phone and a wide screen.
  const { ref, width } = useElementSize();
  const box: Box = {
    width: width > 0 ? width : 640,
    height: props.height ?? 200,
    left: 44,
    right: 12,
    top: 12,
    bottom: 24,
  };
  const max = niceMax(
    props.series.flatMap((s) => s.values),
    props.floor ?? 1,
    props.integer,
  );
  const grid = gridValues(max, props.integer);
  const xs = linePoints(
    props.labels.map(() => 0),
    box,
    max,
  );
  const innerHeight = box.height - box.top - box.bottom;
  return (
    <div ref={ref} data-testid={props.testId}>
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        width="100%"
        role="img"
        aria-label={props.summary}
        style={{ display: "block", overflow: "visible" }}
      >
        {grid.map((value) => {
          const y = box.top + innerHeight * (1 - value / max);
          return (
            <g key={value}>
              <line
                x1={box.left}
                x2={box.width - box.right}
                y1={y}
                y2={y}
                stroke="var(--mantine-color-gray-2)"
              />
              <text
                x={box.left - 6}
                y={y + 4}
                textAnchor="end"
                fontSize={11}
                fill="var(--mantine-color-dimmed)"
              >
                {props.formatValue(value)}
              </text>
            </g>
          );
        })}
        {labelIndexes(props.labels.length, 6).map((i) => (
          <text
            key={props.labels[i]}
            x={xs[i]?.x ?? 0}
            y={box.height - 6}
            textAnchor="middle"
            fontSize={11}
            fill="var(--mantine-color-dimmed)"
          >
            {props.labels[i]}
          </text>
        ))}
        {props.series.map((series) => {
          const points = linePoints(series.values, box, max);
          return (
            <g key={series.label}>
              <path
                d={pathOf(points)}
                fill="none"
                stroke={series.color}
                strokeWidth={2.5}
                strokeLinejoin="round"
              />
              {points.length <= 31 &&
                points.map((p, i) => (
                  <circle
                    key={props.labels[i] ?? p.x}
                    cx={p.x}
                    cy={p.y}
                    r={2.5}
                    fill={series.color}
                  >
                    <title>{`${props.labels[i] ?? ""}: ${props.formatValue(series.values[i] ?? 0)}`}</title>
                  </circle>
                ))}
            </g>
          );
        })}
      </svg>
      {props.series.length > 1 && (
        <Group gap="md" mt={4}>
          {props.series.map((series) => (
            <Group key={series.label} gap={6}>
              <span
                style={{ width: 12, height: 3, background: series.color, display: "inline-block" }}
              />
              <Text fz="xs" c="dimmed">
                {series.label}
              </Text>
            </Group>
          ))}
        </Group>
      )}
    </div>
  );
}
