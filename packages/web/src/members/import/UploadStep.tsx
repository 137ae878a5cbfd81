import { Alert, Button, FileButton, Group, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../api/client.ts";
import { errorMessageKey } from "../../api/errors.ts";
import { useChannelLink } from "../../channels/channelParam.ts";
import { useUploadImport } from "../api.ts";
import { UploadIcon } from "../icons.tsx";
import type { CsvEncoding } from "../types.ts";

type EncodingChoice = "auto" | CsvEncoding;

export function UploadStep() {
  const { t } = useTranslation("members");
  const navigate = useNavigate();
  const toPage = useChannelLink();
  const [encoding, setEncoding] = useState<EncodingChoice>("auto");
  const upload = useUploadImport();

  const onFile = (file: File | null) => {
    if (!file) return;
    upload.mutate(
      { file, encoding: encoding === "auto" ? null : encoding },
      { onSuccess: (preview) => navigate(toPage(`/members/import/${preview.import.id}`)) },
    );
  };

  const failure = () => {
    const error = upload.error;
    if (error instanceof ApiError && error.code === "file_too_large")
      return t("import.upload.tooLarge");
    if (error instanceof ApiError && error.code === "file_empty") return t("import.upload.empty");
    return t(errorMessageKey(error));
  };

  return (
    <Stack gap="md" maw={640}>
      <Text fz="sm">{t("import.upload.description")}</Text>
      <Group align="flex-end">
        <Select
          label={t("import.upload.encoding")}
          value={encoding}
          onChange={(value) => setEncoding((value as EncodingChoice | null) ?? "auto")}
          data={(["auto", "utf-8", "shift_jis"] as const).map((value) => ({
            value,
            label: t(`import.encoding.${value}`),
          }))}
          allowDeselect={false}
          w={220}
          data-testid="import-encoding"
        />
        <FileButton
          onChange={onFile}
          accept=".csv,.txt,text/csv,text/plain"
          inputProps={{ "data-testid": "import-file" } as React.ComponentProps<"input">}
        >
          {(props) => (
            <Button {...props} leftSection={<UploadIcon size={18} />} loading={upload.isPending}>
              {t("import.upload.choose")}
            </Button>
          )}
        </FileButton>
      </Group>
      {upload.isPending && (
        <Text c="dimmed" fz="sm">
          {t("import.upload.uploading")}
        </Text>
      )}
      {upload.isError && (
        <Alert color="red" variant="light" title={t("import.upload.failed")}>
          {failure()}
        </Alert>
      )}
    </Stack>
  );
}
