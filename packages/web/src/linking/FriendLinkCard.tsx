import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.ts";
import { errorMessageKey } from "../api/errors.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { type FriendLink, useFriendLink, useLinkFriend, useUnlinkFriend } from "./api.ts";

/**
 * A friend's ID link for staff (way 4): the linked member, linking or relinking by member ID,
 * unlinking after a confirmation, and every link and unlink with how it was made.
 */
export function FriendLinkCard({ channelId, friendId }: { channelId: string; friendId: string }) {
  const { t } = useTranslation("linking");
  const link = useFriendLink(channelId, friendId);
  const linkFriend = useLinkFriend(channelId, friendId);
  const unlink = useUnlinkFriend(channelId, friendId);
  const [externalId, setExternalId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const member = link.data?.member ?? null;
  const linkError = linkFriend.error;

  return (
    <Card data-testid="id-link-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} fz="h5">
            {t("friend.title")}
          </Title>
          {member && (
            <Button
              variant="subtle"
              color="red"
              size="compact-sm"
              onClick={() => setConfirming(true)}
              data-testid="id-link-unlink"
            >
              {t("friend.unlink")}
            </Button>
          )}
        </Group>
        {link.isError && <Text c="red">{t("loadFailed")}</Text>}
        {link.data &&
          (member ? (
            <Group gap="xs">
              <Text fz="sm" c="dimmed">
                {t("friend.linkedTo")}
              </Text>
              <Text ff="monospace" fw={600} data-testid="id-link-member">
                {member.externalId}
              </Text>
              {member.name && <Text fz="sm">{member.name}</Text>}
            </Group>
          ) : (
            <Text fz="sm" c="dimmed">
              {t("friend.notLinked")}
            </Text>
          ))}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            linkFriend.mutate(externalId.trim(), { onSuccess: () => setExternalId("") });
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput
              label={t("friend.externalId")}
              value={externalId}
              onChange={(event) => setExternalId(event.currentTarget.value)}
              maxLength={100}
              required
              style={{ flex: 1 }}
              data-testid="id-link-external-id"
            />
            <Button type="submit" loading={linkFriend.isPending} data-testid="id-link-submit">
              {member ? t("friend.relink") : t("friend.link")}
            </Button>
          </Group>
        </form>
        {linkError && (
          <Alert color="red" variant="light">
            {linkError instanceof ApiError && linkError.code === "member_not_found"
              ? t("friend.memberNotFound")
              : t(errorMessageKey(linkError))}
          </Alert>
        )}
        <LinkHistory history={link.data?.history ?? []} />
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t("friend.unlinkTitle")}
      >
        <Stack>
          <Text fz="sm">{t("friend.unlinkBody", { externalId: member?.externalId ?? "" })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t("friend.cancel")}
            </Button>
            <Button
              color="red"
              loading={unlink.isPending}
              onClick={() => unlink.mutate(undefined, { onSuccess: () => setConfirming(false) })}
              data-testid="id-link-unlink-confirm"
            >
              {t("friend.unlink")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

function LinkHistory({ history }: { history: FriendLink["history"] }) {
  const { t } = useTranslation("linking");
  const language = useLanguage();
  return (
    <Stack gap={4}>
      <Text fz="sm" fw={600}>
        {t("friend.history")}
      </Text>
      {history.length === 0 && (
        <Text fz="sm" c="dimmed">
          {t("friend.noHistory")}
        </Text>
      )}
      {history.map((item) => (
        <Group key={`${item.occurredAt}-${item.action}-${item.externalId}`} gap="xs" wrap="nowrap">
          <Text fz="xs" c="dimmed" miw={130}>
            {formatDateTime(item.occurredAt, language)}
          </Text>
          <Badge size="sm" variant="light" color={item.action === "linked" ? "blue" : "gray"}>
            {t(`friend.${item.action}`)}
          </Badge>
          <Text fz="sm" ff="monospace">
            {item.externalId}
          </Text>
          <Text fz="xs" c="dimmed">
            {t(`friend.methods.${item.method}`)} · {t(`friend.actors.${actorKind(item.actor)}`)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function actorKind(actor: string): "friend" | "system" | "staff" | "api_key" {
  if (actor.startsWith("staff:")) return "staff";
  if (actor.startsWith("api_key:")) return "api_key";
  return actor === "friend" ? "friend" : "system";
}
