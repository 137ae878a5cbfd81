import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  PasswordInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import {
  type LinkingSettings,
  type SecondFactor,
  useLinkingSettings,
  useSaveLinkingSettings,
  useSaveLoginChannel,
} from "./api.ts";
import { LinkIcon } from "./LinkIcon.tsx";
import { LinkRateCard } from "./LinkRateCard.tsx";

/** ID linking for a channel: the rate, the LINE Login channel, and how each way is set up. */
export function LinkingPage() {
  const { t } = useTranslation("linking");
  const channel = useCurrentChannel();
  const settings = useLinkingSettings(channel.id);
  return (
    <Stack gap="lg">
      <Group gap="xs">
        <LinkIcon />
        <Title order={2} fz="h3">
          {t("title")}
        </Title>
      </Group>
      <Text fz="sm" maw={760}>
        {t("description")}
      </Text>
      <LinkRateCard channelId={channel.id} />
      {settings.isError && (
        <Alert color="red" variant="light" title={t("loadFailed")}>
          {t(errorMessageKey(settings.error))}
        </Alert>
      )}
      {settings.data && (
        <>
          <LoginChannelCard channelId={channel.id} settings={settings.data} />
          <WaysCard channelId={channel.id} settings={settings.data} />
          <TriggersCard />
        </>
      )}
    </Stack>
  );
}

function CopyableUrl({ url, testId }: { url: string; testId?: string }) {
  const { t } = useTranslation("inflowRoutes");
  return (
    <Group gap="xs" wrap="nowrap">
      <Code data-testid={testId} style={{ wordBreak: "break-all" }}>
        {url}
      </Code>
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Button size="compact-xs" variant="light" onClick={copy}>
            {copied ? t("copied") : t("copy")}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

function SectionCard(props: {
  title: string;
  badge?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card data-testid={props.testId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} fz="h5">
            {props.title}
          </Title>
          {props.badge}
        </Group>
        {props.children}
      </Stack>
    </Card>
  );
}

function LoginChannelCard({
  channelId,
  settings,
}: {
  channelId: string;
  settings: LinkingSettings;
}) {
  const { t } = useTranslation("linking");
  const save = useSaveLoginChannel(channelId);
  const login = settings.loginChannel;
  const [loginChannelId, setLoginChannelId] = useState(login.loginChannelId ?? "");
  const [secret, setSecret] = useState("");
  const [baseUrl, setBaseUrl] = useState(login.loginBaseUrl ?? "");
  return (
    <SectionCard
      title={t("loginChannel.title")}
      testId="linking-login-channel"
      badge={
        <Badge color={login.configured ? "green" : "gray"} variant="light">
          {login.configured ? t("loginChannel.configured") : t("loginChannel.notConfigured")}
        </Badge>
      }
    >
      <Text fz="sm" c="dimmed">
        {t("loginChannel.description")}
      </Text>
      <Stack gap={2}>
        <Text fz="sm" fw={600}>
          {t("loginChannel.callbackUrl")}
        </Text>
        <CopyableUrl url={login.callbackUrl} />
      </Stack>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(
            {
              loginChannelId: loginChannelId.trim(),
              loginChannelSecret: secret,
              loginBaseUrl: baseUrl.trim() || null,
            },
            { onSuccess: () => setSecret("") },
          );
        }}
      >
        <Stack gap="xs" maw={520}>
          <TextInput
            label={t("loginChannel.channelId")}
            value={loginChannelId}
            onChange={(event) => setLoginChannelId(event.currentTarget.value)}
            inputMode="numeric"
            pattern="[0-9]{1,20}"
            required
          />
          <PasswordInput
            label={t("loginChannel.channelSecret")}
            description={t("loginChannel.secretHint")}
            value={secret}
            onChange={(event) => setSecret(event.currentTarget.value)}
            required
          />
          <TextInput
            label={t("loginChannel.baseUrl")}
            description={t("loginChannel.baseUrlHint")}
            value={baseUrl}
            onChange={(event) => setBaseUrl(event.currentTarget.value)}
            type="url"
          />
          <SaveRow
            pending={save.isPending}
            saved={save.isSuccess}
            error={save.error}
            label={t("loginChannel.save")}
          />
        </Stack>
      </form>
    </SectionCard>
  );
}

function WaysCard({ channelId, settings }: { channelId: string; settings: LinkingSettings }) {
  const { t } = useTranslation("linking");
  const save = useSaveLinkingSettings(channelId);
  const [factor, setFactor] = useState<SecondFactor>(settings.matchSecondFactor);
  const [ownPage, setOwnPage] = useState(settings.accountLinkUrl ?? "");
  useEffect(() => setFactor(settings.matchSecondFactor), [settings.matchSecondFactor]);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ matchSecondFactor: factor, accountLinkUrl: ownPage.trim() || null });
      }}
    >
      <Stack gap="lg">
        <SectionCard
          title={t("accountLink.title")}
          testId="linking-account-link"
          badge={
            <Badge
              color={settings.hostedSignIn.verifyConfigured ? "green" : "yellow"}
              variant="light"
            >
              {t("accountLink.verify")}:{" "}
              {settings.hostedSignIn.verifyConfigured
                ? t("accountLink.verifyOn")
                : t("accountLink.verifyOff")}
            </Badge>
          }
        >
          <Text fz="sm" c="dimmed">
            {t("accountLink.description")}
          </Text>
          <Stack gap={2}>
            <Text fz="sm" fw={600}>
              {t("accountLink.hostedUrl")}
            </Text>
            <CopyableUrl url={settings.hostedSignIn.url} />
          </Stack>
          <TextInput
            maw={520}
            label={t("accountLink.ownPage")}
            description={t("accountLink.ownPageHint")}
            value={ownPage}
            onChange={(event) => setOwnPage(event.currentTarget.value)}
            type="url"
            placeholder="https://"
          />
          <SaveRow
            pending={save.isPending}
            saved={save.isSuccess}
            error={save.error}
            label={t("save")}
          />
        </SectionCard>
        <SectionCard title={t("match.title")} testId="linking-match">
          <Text fz="sm" c="dimmed">
            {t("match.description")}
          </Text>
          <Stack gap={4}>
            <Text fz="sm" fw={600}>
              {t("match.secondFactor")}
            </Text>
            <SegmentedControl
              value={factor}
              onChange={(value) => setFactor(value as SecondFactor)}
              data={settings.secondFactors.map((kind) => ({
                value: kind,
                label: t(`match.factors.${kind}`),
              }))}
              data-testid="linking-second-factor"
              style={{ alignSelf: "flex-start" }}
            />
          </Stack>
          <SaveRow
            pending={save.isPending}
            saved={save.isSuccess}
            error={save.error}
            label={t("save")}
          />
        </SectionCard>
      </Stack>
    </form>
  );
}

function SaveRow(props: { pending: boolean; saved: boolean; error: unknown; label: string }) {
  const { t } = useTranslation("linking");
  return (
    <Stack gap="xs">
      {props.error !== null && props.error !== undefined && (
        <Alert color="red" variant="light" title={t("failed")}>
          {t(errorMessageKey(props.error))}
        </Alert>
      )}
      <Group gap="sm">
        <Button type="submit" loading={props.pending}>
          {props.label}
        </Button>
        {props.saved && (
          <Text fz="sm" c="green.7">
            {t("saved")}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function TriggersCard() {
  const { t } = useTranslation("linking");
  const rows = [
    { what: t("triggers.accountLink"), keyword: "連携", postback: "kizuna:link" },
    { what: t("triggers.match"), keyword: "会員連携", postback: "kizuna:match" },
    { what: t("triggers.unlink"), keyword: "連携解除", postback: "kizuna:unlink" },
  ];
  return (
    <SectionCard title={t("triggers.title")} testId="linking-triggers">
      <Table.ScrollContainer minWidth={420} type="native">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("triggers.what")}</Table.Th>
              <Table.Th>{t("triggers.keyword")}</Table.Th>
              <Table.Th>{t("triggers.postback")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.postback}>
                <Table.Td>{row.what}</Table.Td>
                <Table.Td>{row.keyword}</Table.Td>
                <Table.Td>
                  <Code>{row.postback}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </SectionCard>
  );
}
