import { createTheme, type MantineColorsTuple } from "@mantine/core";

// LINE's brand green (#06C755) sits at shade 6, the shade Mantine uses for filled elements.
const lineGreen: MantineColorsTuple = [
  "#e6f9ee",
  "#cff2dd",
  "#a0e5bc",
  "#6dd899",
  "#45cd7c",
  "#27c869",
  "#06c755",
  "#00ae49",
  "#009b40",
  "#008634",
];

const fontFamily = [
  "-apple-system",
  "BlinkMacSystemFont",
  '"Segoe UI"',
  '"Hiragino Sans"',
  '"Hiragino Kaku Gothic ProN"',
  '"Noto Sans JP"',
  "Meiryo",
  "Roboto",
  "sans-serif",
].join(", ");

export const theme = createTheme({
  primaryColor: "line",
  primaryShade: 6,
  colors: { line: lineGreen },
  fontFamily,
  headings: { fontFamily, fontWeight: "700" },
  defaultRadius: "md",
  components: {
    Card: { defaultProps: { withBorder: true, radius: "md", padding: "lg" } },
    Paper: { defaultProps: { radius: "md" } },
  },
});
