import { Button, Group, Modal, Text } from "@mantine/core";

/** Asks before something that cannot be undone. */
export function ConfirmModal({
  opened,
  message,
  confirmLabel,
  cancelLabel,
  loading,
  onConfirm,
  onCancel,
}: {
  opened: boolean;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  loading?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onCancel} withCloseButton={false} centered>
      <Text fz="sm">{message}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onCancel}>
          {cancelLabel}
        </Button>
        <Button color="red" loading={loading} onClick={onConfirm} data-testid="confirm-delete">
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
