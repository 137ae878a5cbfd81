import type {
  AudioMessage,
  CouponMessage,
  ImageMessage,
  LocationMessage,
  StickerMessage,
  VideoMessage,
} from "@kizuna/core/messages";
import { Anchor, Group, NumberInput, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFieldProps } from "./FieldErrors.tsx";

// Messages that are a few values each: sticker, image, video, audio, location, coupon.

const optional = (value: string) => (value === "" ? undefined : value);
/** NumberInput gives "" while empty; LINE then says the value is of the wrong type, on the field. */
const asNumber = (value: number | string) => value as number;

export function StickerEditor({
  message,
  onChange,
  field,
}: {
  message: StickerMessage;
  onChange: (message: StickerMessage) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  return (
    <Stack gap={6}>
      <Group grow align="flex-start">
        <TextInput
          label={t("sticker.packageId")}
          value={message.packageId}
          onChange={(event) => onChange({ ...message, packageId: event.currentTarget.value })}
          {...props(`${field}.packageId`)}
        />
        <TextInput
          label={t("sticker.stickerId")}
          value={message.stickerId}
          onChange={(event) => onChange({ ...message, stickerId: event.currentTarget.value })}
          {...props(`${field}.stickerId`)}
        />
      </Group>
      <Text fz="xs" c="dimmed">
        {t("sticker.hint")}{" "}
        <Anchor
          href="https://developers.line.biz/ja/docs/messaging-api/sticker-list/"
          target="_blank"
          rel="noreferrer"
          fz="xs"
        >
          {t("sticker.list")}
        </Anchor>
      </Text>
    </Stack>
  );
}

export function MediaEditor({
  message,
  onChange,
  field,
}: {
  message: ImageMessage | VideoMessage;
  onChange: (message: ImageMessage | VideoMessage) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  return (
    <Stack gap={6}>
      <TextInput
        label={message.type === "image" ? t("media.imageUrl") : t("media.videoUrl")}
        description={message.type === "image" ? t("media.imageHint") : t("media.videoHint")}
        placeholder="https://"
        value={message.originalContentUrl}
        onChange={(event) =>
          onChange({ ...message, originalContentUrl: event.currentTarget.value })
        }
        {...props(`${field}.originalContentUrl`)}
      />
      <TextInput
        label={t("media.previewUrl")}
        description={t("media.previewHint")}
        placeholder="https://"
        value={message.previewImageUrl}
        onChange={(event) => onChange({ ...message, previewImageUrl: event.currentTarget.value })}
        {...props(`${field}.previewImageUrl`)}
      />
      {message.type === "video" && (
        <TextInput
          label={t("media.trackingId")}
          description={t("media.trackingHint")}
          value={message.trackingId ?? ""}
          onChange={(event) =>
            onChange({ ...message, trackingId: optional(event.currentTarget.value) })
          }
          {...props(`${field}.trackingId`)}
        />
      )}
    </Stack>
  );
}

export function AudioEditor({
  message,
  onChange,
  field,
}: {
  message: AudioMessage;
  onChange: (message: AudioMessage) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  return (
    <Group grow align="flex-start">
      <TextInput
        label={t("media.audioUrl")}
        description={t("media.audioHint")}
        placeholder="https://"
        value={message.originalContentUrl}
        onChange={(event) =>
          onChange({ ...message, originalContentUrl: event.currentTarget.value })
        }
        {...props(`${field}.originalContentUrl`)}
      />
      <NumberInput
        label={t("media.duration")}
        description={t("media.durationHint")}
        min={1}
        value={message.duration}
        onChange={(value) => onChange({ ...message, duration: asNumber(value) })}
        {...props(`${field}.duration`)}
      />
    </Group>
  );
}

export function LocationEditor({
  message,
  onChange,
  field,
}: {
  message: LocationMessage;
  onChange: (message: LocationMessage) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  return (
    <Stack gap={6}>
      <Group grow align="flex-start">
        <TextInput
          label={t("location.title")}
          value={message.title}
          onChange={(event) => onChange({ ...message, title: event.currentTarget.value })}
          {...props(`${field}.title`)}
        />
        <TextInput
          label={t("location.address")}
          value={message.address}
          onChange={(event) => onChange({ ...message, address: event.currentTarget.value })}
          {...props(`${field}.address`)}
        />
      </Group>
      <Group grow align="flex-start">
        <NumberInput
          label={t("location.latitude")}
          decimalScale={6}
          value={message.latitude}
          onChange={(value) => onChange({ ...message, latitude: asNumber(value) })}
          {...props(`${field}.latitude`)}
        />
        <NumberInput
          label={t("location.longitude")}
          decimalScale={6}
          value={message.longitude}
          onChange={(value) => onChange({ ...message, longitude: asNumber(value) })}
          {...props(`${field}.longitude`)}
        />
      </Group>
    </Stack>
  );
}

export function CouponEditor({
  message,
  onChange,
  field,
}: {
  message: CouponMessage;
  onChange: (message: CouponMessage) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  return (
    <Group grow align="flex-start">
      <TextInput
        label={t("coupon.couponId")}
        description={t("coupon.hint")}
        value={message.couponId}
        onChange={(event) => onChange({ ...message, couponId: event.currentTarget.value })}
        {...props(`${field}.couponId`)}
      />
      <TextInput
        label={t("coupon.deliveryTag")}
        value={message.deliveryTag ?? ""}
        onChange={(event) =>
          onChange({ ...message, deliveryTag: optional(event.currentTarget.value) })
        }
        {...props(`${field}.deliveryTag`)}
      />
    </Group>
  );
}
