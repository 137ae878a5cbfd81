import { Alert, Button, Group, Modal, Paper, ScrollArea, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";

export function ConfirmBroadcastModal({
  opened,
  text,
  recipients,
  sending,
  error,
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  text: string;
  recipients: number;
  sending: boolean;
  error: Error | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation("broadcasts");
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={<Text fw={700}>{t("confirmTitle")}</Text>}
      centered
      size="md"
    >
      <Stack gap="md">
        <Text fz="sm" data-testid="broadcast-confirm-body">
          {t("confirmBody", { count: recipients })}
        </Text>
        {/* The message as it will appear: a chat bubble on LINE's pale chat background. */}
        <Paper bg="#e9eef6" p="md" radius="md">
          <ScrollArea.Autosize mah={240}>
            <Paper
              bg="white"
              px="md"
              py="sm"
              radius="lg"
              maw="85%"
              shadow="xs"
              style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", width: "fit-content" }}
            >
              <Text fz="sm">{text}</Text>
            </Paper>
          </ScrollArea.Autosize>
        </Paper>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {t(errorMessageKey(error))}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={sending}>
            {t("cancel")}
          </Button>
          <Button onClick={onConfirm} loading={sending} data-testid="broadcast-confirm">
            {t("confirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
