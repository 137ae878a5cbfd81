import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Image,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.ts";
import { errorMessageKey } from "../api/errors.ts";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { useLinkingSettings } from "../linking/api.ts";
import { LineChart } from "../linking/chart/LineChart.tsx";
import { shortDay } from "../linking/rate.ts";
import {
  type InflowRoute,
  qrUrl,
  useCreateRoute,
  useInflowRoutes,
  useRouteStats,
  useUpdateRoute,
} from "./api.ts";
import { RouteIcon } from "./RouteIcon.tsx";
import { sumSeries } from "./series.ts";

const DAYS = 30;

/** 流入経路: routes with their URL and QR code, counts, and visits and friends per day. */
export function InflowRoutesPage() {
  const { t } = useTranslation("inflowRoutes");
  const channel = useCurrentChannel();
  const language = useLanguage();
  const [showArchived, setShowArchived] = useState(false);
  const routes = useInflowRoutes(channel.id, showArchived);
  const settings = useLinkingSettings(channel.id);
  const update = useUpdateRoute(channel.id);
  const [creating, setCreating] = useState(false);
  const [qrRoute, setQrRoute] = useState<InflowRoute | null>(null);

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Group gap="xs">
          <RouteIcon />
          <Title order={2} fz="h3">
            {t("title")}
          </Title>
        </Group>
        <Button onClick={() => setCreating(true)} data-testid="inflow-route-create">
          {t("create")}
        </Button>
      </Group>
      <Text fz="sm" maw={760}>
        {t("description")}
      </Text>
      {settings.data && !settings.data.loginChannel.configured && (
        <Alert color="yellow" variant="light">
          {t("noLogin")}
        </Alert>
      )}
      <RouteStatsCard channelId={channel.id} routes={routes.data ?? []} />
      <Card>
        <Stack gap="sm">
          <Checkbox
            label={t("showArchived")}
            checked={showArchived}
            onChange={(event) => setShowArchived(event.currentTarget.checked)}
          />
          {routes.isError ? (
            <Alert color="red" variant="light" title={t("loadFailed")}>
              {t(errorMessageKey(routes.error))}
            </Alert>
          ) : (
            <Table.ScrollContainer minWidth={760} type="native">
              <Table verticalSpacing="sm" data-testid="inflow-routes-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t("columns.name")}</Table.Th>
                    <Table.Th>{t("columns.url")}</Table.Th>
                    <Table.Th ta="right">{t("columns.visits")}</Table.Th>
                    <Table.Th ta="right">{t("columns.friends")}</Table.Th>
                    <Table.Th>{t("columns.createdAt")}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {routes.data?.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Text c="dimmed" ta="center" py="md" fz="sm">
                          {t("empty")}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {routes.data?.map((route) => (
                    <Table.Tr
                      key={route.id}
                      c={route.archivedAt ? "dimmed" : undefined}
                      data-testid="inflow-route-row"
                    >
                      <Table.Td fw={500}>
                        <Group gap="xs">
                          {route.name}
                          {route.archivedAt && (
                            <Badge size="sm" color="gray" variant="light">
                              {t("archived")}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Code>{route.url}</Code>
                          <CopyButton value={route.url}>
                            {({ copied, copy }) => (
                              <Button size="compact-xs" variant="light" onClick={copy}>
                                {copied ? t("copied") : t("copy")}
                              </Button>
                            )}
                          </CopyButton>
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{formatCount(route.visits, language)}</Table.Td>
                      <Table.Td ta="right" fw={600}>
                        {formatCount(route.friends, language)}
                      </Table.Td>
                      <Table.Td fz="sm">{formatDateTime(route.createdAt, language)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            onClick={() => setQrRoute(route)}
                          >
                            {t("qr")}
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color={route.archivedAt ? "blue" : "red"}
                            onClick={() =>
                              update.mutate({ id: route.id, archived: !route.archivedAt })
                            }
                          >
                            {route.archivedAt ? t("unarchive") : t("archive")}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>
      <CreateRouteModal
        channelId={channel.id}
        opened={creating}
        onClose={() => setCreating(false)}
      />
      <Modal opened={qrRoute !== null} onClose={() => setQrRoute(null)} title={qrRoute?.name}>
        {qrRoute && (
          <Stack align="center">
            <Image src={qrUrl(channel.id, qrRoute.id, "svg")} alt={qrRoute.url} w={240} h={240} />
            <Code>{qrRoute.url}</Code>
            <Group>
              <Anchor href={qrUrl(channel.id, qrRoute.id, "png", true)}>PNG {t("download")}</Anchor>
              <Anchor href={qrUrl(channel.id, qrRoute.id, "svg", true)}>SVG {t("download")}</Anchor>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function RouteStatsCard({ channelId, routes }: { channelId: string; routes: InflowRoute[] }) {
  const { t } = useTranslation("inflowRoutes");
  const language = useLanguage();
  const stats = useRouteStats(channelId, DAYS);
  const [selected, setSelected] = useState<string>("all");
  if (!stats.data) return null;
  const named = new Map(routes.map((route) => [route.id, route.name]));
  const chosen =
    selected === "all"
      ? stats.data.routes.filter((route) => route.routeId !== null)
      : stats.data.routes.filter((route) => (route.routeId ?? "none") === selected);
  const label =
    selected === "all"
      ? t("chart.all")
      : selected === "none"
        ? t("chart.noRoute")
        : (named.get(selected) ?? "");
  return (
    <Card data-testid="inflow-route-stats">
      <Stack gap="sm">
        <Group justify="space-between">
          <Stack gap={0}>
            <Title order={3} fz="h5">
              {t("chart.title")}
            </Title>
            <Text fz="xs" c="dimmed">
              {t("chart.days", { days: DAYS })}
            </Text>
          </Stack>
          <Select
            value={selected}
            onChange={(value) => setSelected(value ?? "all")}
            allowDeselect={false}
            data={[
              { value: "all", label: t("chart.all") },
              ...routes.map((route) => ({ value: route.id, label: route.name })),
              { value: "none", label: t("chart.noRoute") },
            ]}
            w={220}
          />
        </Group>
        <LineChart
          height={180}
          integer
          floor={2}
          labels={stats.data.days.map(shortDay)}
          series={[
            {
              label: t("chart.visits"),
              values: sumSeries(
                chosen.map((route) => route.visits),
                stats.data.days.length,
              ),
              color: "var(--mantine-color-blue-5)",
            },
            {
              label: t("chart.friends"),
              values: sumSeries(
                chosen.map((route) => route.friends),
                stats.data.days.length,
              ),
              color: "var(--mantine-color-line-6, #06c755)",
            },
          ]}
          formatValue={(value) => formatCount(value, language)}
          summary={t("chart.summary", { route: label, days: DAYS })}
        />
      </Stack>
    </Card>
  );
}

function CreateRouteModal(props: { channelId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("inflowRoutes");
  const create = useCreateRoute(props.channelId);
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const error = create.error;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t("create")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(
            { name: name.trim(), ...(code.trim() ? { code: code.trim() } : {}) },
            {
              onSuccess: () => {
                setName("");
                setCode("");
                create.reset();
                props.onClose();
              },
            },
          );
        }}
      >
        <Stack>
          <TextInput
            label={t("name")}
            placeholder={t("namePlaceholder")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            required
            data-autofocus
            data-testid="inflow-route-name"
          />
          <TextInput
            label={t("code")}
            description={t("codeHint")}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            pattern="[A-Za-z0-9_\-]{6,32}"
            maxLength={32}
          />
          {error && (
            <Alert color="red" variant="light" title={t("failed")}>
              {error instanceof ApiError && error.code === "route_name_taken"
                ? t("nameTaken")
                : error instanceof ApiError && error.code === "route_code_taken"
                  ? t("codeTaken")
                  : t(errorMessageKey(error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending} data-testid="inflow-route-submit">
              {t("submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
