import { API_KEY_SCOPES, type ApiKeyScope } from "@kizuna/core/api-keys/scopes";
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
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { type ApiKey, useApiKeys, useCreateApiKey, useRevokeApiKey } from "./api.ts";
import { KeyIcon } from "./KeyIcon.tsx";

// i18next reads ":" as its namespace separator, so scope names are keyed with "_".
const SCOPE_LABELS = {
  "members:read": "scope.members_read",
  "members:write": "scope.members_write",
  "linking:write": "scope.linking_write",
  "events:write": "scope.events_write",
} as const satisfies Record<ApiKeyScope, string>;

/** Keys for the public API: created (shown once), listed by prefix, revoked. */
export function ApiKeysPage() {
  const { t } = useTranslation("apiKeys");
  const language = useLanguage();
  const keys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  return (
    <Card padding="lg">
      <Stack gap="md">
        <Group justify="space-between">
          <Group gap="xs">
            <KeyIcon />
            <Title order={3} fz="h4">
              {t("title")}
            </Title>
          </Group>
          <Button onClick={() => setCreating(true)} data-testid="api-keys-create">
            {t("create")}
          </Button>
        </Group>
        <Text fz="sm" maw={720}>
          {t("description")}{" "}
          <Anchor href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
            {t("docs")}
          </Anchor>
        </Text>
        {keys.isError ? (
          <Alert color="red" variant="light" title={t("loadFailed")}>
            {t(errorMessageKey(keys.error))}
          </Alert>
        ) : (
          <Table.ScrollContainer minWidth={720} type="native">
            <Table verticalSpacing="sm" data-testid="api-keys-table">
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>{t("columns.name")}</Table.Th>
                  <Table.Th>{t("columns.key")}</Table.Th>
                  <Table.Th>{t("columns.scopes")}</Table.Th>
                  <Table.Th>{t("columns.createdAt")}</Table.Th>
                  <Table.Th>{t("columns.lastUsedAt")}</Table.Th>
                  <Table.Th>{t("columns.status")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.data?.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Text c="dimmed" ta="center" py="md" fz="sm">
                        {t("empty")}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {keys.data?.map((key) => (
                  <Table.Tr key={key.id} c={key.revokedAt ? "dimmed" : undefined}>
                    <Table.Td fw={500}>{key.name}</Table.Td>
                    <Table.Td>
                      <Code>{key.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {key.scopes.map((scope) => (
                          <Badge key={scope} variant="light" size="sm">
                            {t(SCOPE_LABELS[scope])}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td fz="sm">{formatDateTime(key.createdAt, language)}</Table.Td>
                    <Table.Td fz="sm">
                      {key.lastUsedAt ? formatDateTime(key.lastUsedAt, language) : t("never")}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={key.revokedAt ? "gray" : "green"} variant="light">
                        {key.revokedAt ? t("revoked") : t("active")}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      {!key.revokedAt && (
                        <Button
                          variant="subtle"
                          color="red"
                          size="compact-sm"
                          onClick={() => setRevoking(key)}
                        >
                          {t("revoke")}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <CreateKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
        }}
      />
      <CreatedKeyModal apiKey={created} onClose={() => setCreated(null)} />
      <RevokeKeyModal apiKey={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function CreateKeyModal(props: {
  opened: boolean;
  onClose: () => void;
  onCreated: (key: string) => void;
}) {
  const { t } = useTranslation("apiKeys");
  const create = useCreateApiKey();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>(["members:write", "members:read"]);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t("createTitle")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(
            { name: name.trim(), scopes },
            {
              onSuccess: (result) => {
                setName("");
                create.reset();
                props.onCreated(result.key);
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
            data-testid="api-key-name"
          />
          <Checkbox.Group
            label={t("scopes")}
            value={scopes}
            onChange={(value) => setScopes(value as ApiKeyScope[])}
          >
            <Stack gap="xs" mt="xs">
              {API_KEY_SCOPES.map((scope) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  label={`${t(SCOPE_LABELS[scope])}（${scope}）`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          {create.isError && (
            <Alert color="red" variant="light" title={t("failed")}>
              {t(errorMessageKey(create.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t("cancel")}
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={name.trim() === "" || scopes.length === 0}
              data-testid="api-key-submit"
            >
              {t("submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CreatedKeyModal({ apiKey, onClose }: { apiKey: string | null; onClose: () => void }) {
  const { t } = useTranslation("apiKeys");
  return (
    <Modal
      opened={apiKey !== null}
      onClose={onClose}
      title={t("created.title")}
      closeOnClickOutside={false}
      size="lg"
    >
      <Stack>
        <Alert color="yellow" variant="light">
          {t("created.warning")}
        </Alert>
        <Code block data-testid="api-key-value" style={{ overflowWrap: "anywhere" }}>
          {apiKey}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={apiKey ?? ""}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? "teal" : undefined} onClick={copy}>
                {copied ? t("created.copied") : t("created.copy")}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t("created.close")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RevokeKeyModal({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const { t } = useTranslation("apiKeys");
  const revoke = useRevokeApiKey();
  return (
    <Modal opened={apiKey !== null} onClose={onClose} title={t("revokeTitle")}>
      <Stack>
        <Text fz="sm">{t("revokeBody", { name: apiKey?.name ?? "" })}</Text>
        {revoke.isError && (
          <Alert color="red" variant="light">
            {t(errorMessageKey(revoke.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button
            color="red"
            loading={revoke.isPending}
            onClick={() => apiKey && revoke.mutate(apiKey.id, { onSuccess: onClose })}
          >
            {t("revokeConfirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
