import {
  Alert,
  Anchor,
  Card,
  Center,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client.ts";
import { errorMessageKey } from "../api/errors.ts";
import { useChannelLink } from "../channels/channelParam.ts";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { useMember, useMemberAttributes } from "./api.ts";
import { useFieldLabel } from "./fieldLabel.ts";
import { MembersIcon } from "./icons.tsx";

/** One member's record: the standard fields, then the further attributes. */
export function MemberDetailPage() {
  const { t } = useTranslation("members");
  const language = useLanguage();
  const toPage = useChannelLink();
  const externalId = useParams().externalId ?? "";
  const member = useMember(externalId);
  const attributes = useMemberAttributes();
  const label = useFieldLabel();

  const row = (name: string, value: ReactNode) => (
    <Table.Tr key={name}>
      <Table.Th w={180} fw={500} c="dimmed">
        {label(name)}
      </Table.Th>
      <Table.Td>
        {value === null || value === "" ? <Text c="dimmed">{t("detail.empty")}</Text> : value}
      </Table.Td>
    </Table.Tr>
  );

  const body = () => {
    if (member.isPending) {
      return (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      );
    }
    if (member.isError) {
      const notFound = member.error instanceof ApiError && member.error.status === 404;
      return (
        <Alert color={notFound ? "gray" : "red"} variant="light">
          {notFound ? t("detail.notFound") : t(errorMessageKey(member.error))}
        </Alert>
      );
    }
    const m = member.data;
    const extra = Object.entries(m.attributes);
    return (
      <Stack gap="lg">
        <Table variant="vertical" layout="fixed" withTableBorder data-testid="member-profile">
          <Table.Tbody>
            {row("externalId", <Text ff="monospace">{m.externalId}</Text>)}
            {row("name", m.name)}
            {row("email", m.email)}
            {row("phone", m.phone)}
            {row("birthday", m.birthday)}
            {row("gender", m.gender ? t(`gender.${m.gender}`) : null)}
            {row("prefecture", m.prefecture)}
            {row("rank", m.rank)}
            {row("points", m.points === null ? null : formatCount(m.points, language))}
          </Table.Tbody>
        </Table>
        <Stack gap="xs">
          <Title order={4} fz="h5">
            {t("detail.attributes")}
          </Title>
          {extra.length === 0 ? (
            <Text c="dimmed" fz="sm">
              {t("detail.noAttributes")}
            </Text>
          ) : (
            <Table variant="vertical" layout="fixed" withTableBorder>
              <Table.Tbody>
                {extra.map(([key, value]) =>
                  row(
                    `attributes.${key}`,
                    typeof value === "boolean"
                      ? t(value ? "detail.yes" : "detail.no")
                      : attributes.data?.find((a) => a.key === key)?.type === "number"
                        ? formatCount(Number(value), language)
                        : String(value),
                  ),
                )}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
        <Text c="dimmed" fz="xs">
          {t("detail.createdAt")} {formatDateTime(m.createdAt, language)} ・ {t("detail.updatedAt")}{" "}
          {formatDateTime(m.updatedAt, language)}
        </Text>
      </Stack>
    );
  };

  return (
    <Stack gap="md">
      <Anchor component={Link} to={toPage("/members")} fz="sm">
        ← {t("detail.back")}
      </Anchor>
      <Card padding="lg">
        <Group gap="xs" mb="md">
          <MembersIcon />
          <Title order={3} fz="h4">
            {member.data?.name ?? externalId}
          </Title>
        </Group>
        {body()}
      </Card>
    </Stack>
  );
}
