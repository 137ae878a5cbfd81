import {
  ATTRIBUTE_KEY,
  MEMBER_ATTRIBUTE_TYPES,
  type MemberAttributeType,
} from "@kizuna/core/members";
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { errorMessageKey } from "../../api/errors.ts";
import { useCreateMemberAttribute, useMemberAttributes } from "../api.ts";

/** The further attributes members carry beyond the standard fields, and a way to add one. */
export function AttributesCard() {
  const { t } = useTranslation("members");
  const attributes = useMemberAttributes();
  const [adding, setAdding] = useState(false);
  return (
    <Card padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4} fz="h5">
            {t("attributes.title")}
          </Title>
          <Button
            variant="light"
            size="compact-md"
            onClick={() => setAdding(true)}
            data-testid="attribute-add"
          >
            {t("attributes.add")}
          </Button>
        </Group>
        <Text c="dimmed" fz="sm" maw={720}>
          {t("attributes.description")}
        </Text>
        {attributes.data?.length === 0 ? (
          <Text c="dimmed" fz="sm">
            {t("attributes.empty")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480} type="native">
            <Table verticalSpacing="xs" fz="sm" data-testid="attributes-table">
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>{t("attributes.label")}</Table.Th>
                  <Table.Th>{t("attributes.key")}</Table.Th>
                  <Table.Th>{t("attributes.type")}</Table.Th>
                  <Table.Th>{t("attributes.choices")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {attributes.data?.map((attribute) => (
                  <Table.Tr key={attribute.key}>
                    <Table.Td fw={500}>{attribute.label}</Table.Td>
                    <Table.Td ff="monospace">{attribute.key}</Table.Td>
                    <Table.Td>{t(`attributes.types.${attribute.type}`)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {attribute.choices?.map((choice) => (
                          <Badge key={choice} variant="light" color="gray" size="sm">
                            {choice}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <AddAttributeModal opened={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

function AddAttributeModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("members");
  const create = useCreateMemberAttribute();
  const [label, setLabel] = useState("");
  const [key, setKey] = useState("");
  const [type, setType] = useState<MemberAttributeType>("text");
  const [choices, setChoices] = useState<string[]>([]);
  const keyValid = ATTRIBUTE_KEY.test(key);
  const ready = label.trim() !== "" && keyValid && (type !== "choice" || choices.length > 0);
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t("attributes.add")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(
            { key, label: label.trim(), type, ...(type === "choice" ? { choices } : {}) },
            {
              onSuccess: () => {
                setLabel("");
                setKey("");
                setType("text");
                setChoices([]);
                close();
              },
            },
          );
        }}
      >
        <Stack>
          <TextInput
            label={t("attributes.label")}
            placeholder={t("attributes.labelPlaceholder")}
            value={label}
            onChange={(event) => setLabel(event.currentTarget.value)}
            maxLength={100}
            required
            data-autofocus
          />
          <TextInput
            label={t("attributes.key")}
            description={t("attributes.keyHint")}
            placeholder="member_since"
            value={key}
            onChange={(event) => setKey(event.currentTarget.value.trim())}
            error={key !== "" && !keyValid ? t("attributes.keyInvalid") : undefined}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            required
          />
          <Select
            label={t("attributes.type")}
            value={type}
            onChange={(value) => value && setType(value as MemberAttributeType)}
            data={MEMBER_ATTRIBUTE_TYPES.map((value) => ({
              value,
              label: t(`attributes.types.${value}`),
            }))}
            allowDeselect={false}
          />
          {type === "choice" && (
            <TagsInput
              label={t("attributes.choices")}
              description={t("attributes.choicesHint")}
              value={choices}
              onChange={setChoices}
              required
            />
          )}
          {create.isError && (
            <Alert color="red" variant="light">
              {create.error instanceof ApiError && create.error.code === "attribute_exists"
                ? t("attributes.exists")
                : t(errorMessageKey(create.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("attributes.cancel")}
            </Button>
            <Button type="submit" disabled={!ready} loading={create.isPending}>
              {t("attributes.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
