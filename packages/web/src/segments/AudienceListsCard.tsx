import {
  Alert,
  Button,
  Card,
  FileInput,
  Group,
  List,
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
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { type AudienceList, useAudienceLists, useDeleteList, useUploadList } from "./api.ts";

/** The first refused rows shown after an upload, each with why; the rest are counted. */
const REJECTIONS_SHOWN = 5;

/** アップロードしたリスト: a CSV of member numbers or LINE user ids becomes a static audience. */
export function AudienceListsCard({
  channelId,
  mayManage,
}: {
  channelId: string;
  mayManage: boolean;
}) {
  const { t } = useTranslation("segments");
  const language = useLanguage();
  const lists = useAudienceLists(channelId);
  const upload = useUploadList(channelId);
  const remove = useDeleteList(channelId);
  const [name, setName] = useState("");
  const [idKind, setIdKind] = useState<AudienceList["idKind"]>("external_id");
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<AudienceList | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const onUpload = () => {
    if (!file || !name.trim()) return;
    setNotice(null);
    upload.mutate(
      { name: name.trim(), idKind, file },
      {
        onSuccess: (list) => {
          setResult(list);
          setName("");
          setFile(null);
        },
        onError: (error) =>
          setNotice(
            error instanceof ApiError && error.code === "name_taken"
              ? t("lists.nameTaken")
              : t(errorMessageKey(error)),
          ),
      },
    );
  };
  const onDelete = (list: AudienceList) => {
    if (!window.confirm(t("lists.deleteConfirm", { name: list.name }))) return;
    remove.mutate(list.id, {
      onError: (error) => {
        const usedBy =
          error instanceof ApiError && error.code === "list_in_use"
            ? ((error.details as { usedBy?: { name: string }[] })?.usedBy ?? [])
            : null;
        setNotice(
          usedBy
            ? t("lists.inUse", { names: usedBy.map((s) => s.name).join("、") })
            : t(errorMessageKey(error)),
        );
      },
    });
  };

  return (
    <Card padding="lg" data-testid="audience-lists">
      <Stack gap="md">
        <Title order={3} fz="h4">
          {t("lists.title")}
        </Title>
        <Text fz="sm" c="dimmed">
          {t("lists.intro")}
        </Text>
        {mayManage && (
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t("lists.name")}
              placeholder={t("lists.namePlaceholder")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="list-name"
            />
            <Select
              label={t("lists.idKind")}
              w={170}
              data={(["external_id", "line_user_id"] as const).map((kind) => ({
                value: kind,
                label: t(`lists.kinds.${kind}`),
              }))}
              value={idKind}
              allowDeselect={false}
              onChange={(kind) => kind && setIdKind(kind as AudienceList["idKind"])}
              data-testid="list-kind"
            />
            <FileInput
              label={t("lists.file")}
              placeholder={t("lists.filePlaceholder")}
              accept=".csv,text/csv,text/plain"
              w={240}
              value={file}
              onChange={setFile}
              data-testid="list-file"
            />
            <Button
              onClick={onUpload}
              loading={upload.isPending}
              disabled={!file || !name.trim()}
              data-testid="list-upload"
            >
              {t("lists.upload")}
            </Button>
          </Group>
        )}
        {result && (
          <Alert
            // Some rows were not taken: the report is a warning to read, not a plain success.
            color={result.rejectedRows > 0 ? "yellow" : "line"}
            variant="light"
            withCloseButton
            onClose={() => setResult(null)}
            data-testid="list-result"
          >
            <Text fz="sm">
              {t("lists.uploaded", {
                name: result.name,
                entries: formatCount(result.entries, language),
                matched: formatCount(result.matchedFriends, language),
              })}
            </Text>
            {result.rejectedRows > 0 && (
              <>
                <Text fz="sm">{t("lists.rejected", { count: result.rejectedRows })}</Text>
                <List fz="sm" data-testid="list-rejections">
                  {result.rejections.slice(0, REJECTIONS_SHOWN).map((rejection) => (
                    <List.Item key={rejection.line}>
                      {t("lists.rejection", {
                        line: rejection.line,
                        value: rejection.value,
                        reason: t(`lists.rejectionReasons.${rejection.reason}`),
                      })}
                    </List.Item>
                  ))}
                </List>
                {result.rejectedRows > REJECTIONS_SHOWN && (
                  <Text fz="sm" c="dimmed">
                    {t("lists.moreRejected", { count: result.rejectedRows - REJECTIONS_SHOWN })}
                  </Text>
                )}
              </>
            )}
          </Alert>
        )}
        {notice && (
          <Alert color="red" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
        {lists.data?.length === 0 && (
          <Text fz="sm" c="dimmed">
            {t("lists.empty")}
          </Text>
        )}
        {lists.data && lists.data.length > 0 && (
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("lists.name")}</Table.Th>
                <Table.Th>{t("lists.idKind")}</Table.Th>
                <Table.Th ta="right">{t("lists.entries")}</Table.Th>
                <Table.Th ta="right">{t("lists.matched")}</Table.Th>
                <Table.Th>{t("lists.createdAt")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lists.data.map((list) => (
                <Table.Tr key={list.id} data-testid="list-row">
                  <Table.Td>{list.name}</Table.Td>
                  <Table.Td>{t(`lists.kinds.${list.idKind}`)}</Table.Td>
                  <Table.Td ta="right">{formatCount(list.entries, language)}</Table.Td>
                  <Table.Td ta="right">{formatCount(list.matchedFriends, language)}</Table.Td>
                  <Table.Td>{formatDateTime(list.createdAt, language)}</Table.Td>
                  <Table.Td>
                    {mayManage && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => onDelete(list)}
                      >
                        {t("delete")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
