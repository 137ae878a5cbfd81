import type {
  ButtonsTemplate,
  CarouselColumn,
  CarouselTemplate,
  ImageCarouselTemplate,
  TemplateMessage,
} from "@kizuna/core/messages";
import {
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ActionEditor } from "./ActionEditor.tsx";
import { ActionList } from "./ActionList.tsx";
import { newAction, newColumn } from "./defaults.ts";
import { move, removeAt, replaceAt } from "./edit.ts";
import { FieldProblems, useFieldProps } from "./FieldErrors.tsx";
import { ListControls } from "./ListControls.tsx";

const MAX_COLUMNS = 10;
const optional = (value: string) => (value === "" ? undefined : value);

/** A template message: buttons, confirm, carousel or image carousel (REF#template-messages). */
export function TemplateEditor({
  message,
  onChange,
  field,
}: {
  message: TemplateMessage;
  onChange: (message: TemplateMessage) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  const { template } = message;
  const at = `${field}.template`;
  return (
    <Stack gap={6}>
      <TextInput
        label={t("altText")}
        description={t("altTextHint")}
        value={message.altText}
        onChange={(event) => onChange({ ...message, altText: event.currentTarget.value })}
        {...props(`${field}.altText`)}
      />
      <FieldProblems field={at} />
      {template.type === "buttons" && (
        <ButtonsEditor
          template={template}
          onChange={(next) => onChange({ ...message, template: next })}
          field={at}
        />
      )}
      {template.type === "confirm" && (
        <>
          <Textarea
            label={t("template.text")}
            autosize
            minRows={2}
            value={template.text}
            onChange={(event) =>
              onChange({ ...message, template: { ...template, text: event.currentTarget.value } })
            }
            {...props(`${at}.text`)}
          />
          <ActionList
            actions={template.actions}
            onChange={(actions) => onChange({ ...message, template: { ...template, actions } })}
            field={`${at}.actions`}
            max={2}
            fixed
          />
        </>
      )}
      {template.type === "carousel" && (
        <CarouselEditor
          template={template}
          onChange={(next) => onChange({ ...message, template: next })}
          field={at}
        />
      )}
      {template.type === "image_carousel" && (
        <ImageCarouselEditor
          template={template}
          onChange={(next) => onChange({ ...message, template: next })}
          field={at}
        />
      )}
    </Stack>
  );
}

function ImageOptions({
  value,
  onChange,
  field,
}: {
  value: { imageAspectRatio?: "rectangle" | "square"; imageSize?: "cover" | "contain" };
  onChange: (value: {
    imageAspectRatio?: "rectangle" | "square";
    imageSize?: "cover" | "contain";
  }) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  return (
    <Group grow align="flex-start">
      <NativeSelect
        label={t("template.imageAspectRatio")}
        data={[
          { value: "rectangle", label: t("template.rectangle") },
          { value: "square", label: t("template.square") },
        ]}
        value={value.imageAspectRatio ?? "rectangle"}
        onChange={(event) =>
          onChange({
            ...value,
            imageAspectRatio: event.currentTarget.value as "rectangle" | "square",
          })
        }
        {...props(`${field}.imageAspectRatio`)}
      />
      <NativeSelect
        label={t("template.imageSize")}
        data={[
          { value: "cover", label: t("template.cover") },
          { value: "contain", label: t("template.contain") },
        ]}
        value={value.imageSize ?? "cover"}
        onChange={(event) =>
          onChange({ ...value, imageSize: event.currentTarget.value as "cover" | "contain" })
        }
        {...props(`${field}.imageSize`)}
      />
    </Group>
  );
}

/** Image, title and text of a buttons template or a carousel column. */
function CardFields<T extends { thumbnailImageUrl?: string; title?: string; text: string }>({
  value,
  onChange,
  field,
  maxText,
}: {
  value: T;
  onChange: (value: T) => void;
  field: string;
  maxText: number;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  const short = value.thumbnailImageUrl !== undefined || value.title !== undefined;
  return (
    <>
      <TextInput
        label={t("template.thumbnailImageUrl")}
        placeholder="https://"
        value={value.thumbnailImageUrl ?? ""}
        onChange={(event) =>
          onChange({ ...value, thumbnailImageUrl: optional(event.currentTarget.value) })
        }
        {...props(`${field}.thumbnailImageUrl`)}
      />
      <TextInput
        label={t("template.title")}
        value={value.title ?? ""}
        onChange={(event) => onChange({ ...value, title: optional(event.currentTarget.value) })}
        {...props(`${field}.title`)}
      />
      <Textarea
        label={t("template.text")}
        description={t("template.textHint", { max: short ? 60 : maxText })}
        autosize
        minRows={2}
        value={value.text}
        onChange={(event) => onChange({ ...value, text: event.currentTarget.value })}
        {...props(`${field}.text`)}
      />
    </>
  );
}

function ButtonsEditor({
  template,
  onChange,
  field,
}: {
  template: ButtonsTemplate;
  onChange: (template: ButtonsTemplate) => void;
  field: string;
}) {
  return (
    <>
      <CardFields value={template} onChange={onChange} field={field} maxText={160} />
      {template.thumbnailImageUrl !== undefined && (
        <ImageOptions
          value={template}
          onChange={(options) => onChange({ ...template, ...options })}
          field={field}
        />
      )}
      <ActionList
        actions={template.actions}
        onChange={(actions) => onChange({ ...template, actions })}
        field={`${field}.actions`}
        max={4}
      />
    </>
  );
}

function CarouselEditor({
  template,
  onChange,
  field,
}: {
  template: CarouselTemplate;
  onChange: (template: CarouselTemplate) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const setColumns = (columns: CarouselColumn[]) => onChange({ ...template, columns });
  return (
    <>
      <ImageOptions
        value={template}
        onChange={(options) => onChange({ ...template, ...options })}
        field={field}
      />
      <Text fz="xs" c="dimmed">
        {t("template.carouselHint")}
      </Text>
      <FieldProblems field={`${field}.columns`} />
      {template.columns.map((column, i) => {
        const at = `${field}.columns.${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: LINE objects carry no ids; the inputs are controlled and keep no state
          <Paper key={i} withBorder p="sm" bg="gray.0" data-column={at}>
            <Stack gap={6}>
              <Group justify="space-between">
                <Text fw={600} fz="sm">
                  {t("template.column", { number: i + 1 })}
                </Text>
                <ListControls
                  index={i}
                  count={template.columns.length}
                  onMove={(by) => setColumns(move(template.columns, i, by))}
                  onRemove={() => setColumns(removeAt(template.columns, i))}
                  canRemove={template.columns.length > 1}
                />
              </Group>
              <FieldProblems field={at} />
              <CardFields
                value={column}
                onChange={(next) => setColumns(replaceAt(template.columns, i, next))}
                field={at}
                maxText={120}
              />
              <ActionList
                actions={column.actions}
                onChange={(actions) =>
                  setColumns(replaceAt(template.columns, i, { ...column, actions }))
                }
                field={`${at}.actions`}
                max={3}
              />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="compact-sm"
          disabled={template.columns.length >= MAX_COLUMNS}
          onClick={() =>
            setColumns([...template.columns, newColumn(template.columns[0]?.actions.length ?? 1)])
          }
        >
          {t("template.addColumn")}
        </Button>
      </Group>
    </>
  );
}

function ImageCarouselEditor({
  template,
  onChange,
  field,
}: {
  template: ImageCarouselTemplate;
  onChange: (template: ImageCarouselTemplate) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  const columns = template.columns;
  const setColumns = (next: ImageCarouselTemplate["columns"]) =>
    onChange({ ...template, columns: next });
  return (
    <>
      <FieldProblems field={`${field}.columns`} />
      {columns.map((column, i) => {
        const at = `${field}.columns.${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: LINE objects carry no ids; the inputs are controlled and keep no state
          <Paper key={i} withBorder p="sm" bg="gray.0">
            <Stack gap={6}>
              <Group justify="space-between">
                <Text fw={600} fz="sm">
                  {t("template.column", { number: i + 1 })}
                </Text>
                <ListControls
                  index={i}
                  count={columns.length}
                  onMove={(by) => setColumns(move(columns, i, by))}
                  onRemove={() => setColumns(removeAt(columns, i))}
                  canRemove={columns.length > 1}
                />
              </Group>
              <TextInput
                label={t("template.imageUrl")}
                description={t("template.imageUrlHint")}
                placeholder="https://"
                value={column.imageUrl}
                onChange={(event) =>
                  setColumns(
                    replaceAt(columns, i, { ...column, imageUrl: event.currentTarget.value }),
                  )
                }
                {...props(`${at}.imageUrl`)}
              />
              <ActionEditor
                action={column.action}
                onChange={(action) => setColumns(replaceAt(columns, i, { ...column, action }))}
                field={`${at}.action`}
              />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="compact-sm"
          disabled={columns.length >= MAX_COLUMNS}
          onClick={() => setColumns([...columns, { imageUrl: "", action: newAction("uri") }])}
        >
          {t("template.addColumn")}
        </Button>
      </Group>
    </>
  );
}
