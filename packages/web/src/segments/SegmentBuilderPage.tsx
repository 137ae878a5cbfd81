import { can } from "@kizuna/core/permissions";
import type { SegmentDefinition } from "@kizuna/core/segments";
import {
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../api/client.ts";
import { errorMessageKey } from "../api/errors.ts";
import { useAuthenticatedSession } from "../api/session.ts";
import { ArrowLeftIcon } from "../app/icons.tsx";
import { useChannelLink } from "../channels/channelParam.ts";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import {
  type SavedSegment,
  type SegmentProblem,
  segmentProblems,
  useSaveSegment,
  useSegment,
  useSegmentPreview,
} from "./api.ts";
import { GroupEditor } from "./builder/GroupEditor.tsx";
import { CountPanel } from "./CountPanel.tsx";
import { useBuilderCatalog } from "./catalog.ts";
import { type DraftGroup, emptyDraft, fromDefinition, keyOfPath, toDefinition } from "./draft.ts";
import { useProblemText } from "./problemText.ts";

/** The visual builder: a new segment (`/segments/new`) or a saved one (`/segments/:id`). */
export function SegmentBuilderPage() {
  const { segmentId = null } = useParams();
  const channel = useCurrentChannel();
  const saved = useSegment(channel.id, segmentId);
  if (segmentId && !saved.data)
    return saved.isError ? <Alert color="red">{String(saved.error)}</Alert> : <Loader />;
  return <Builder key={segmentId ?? "new"} channelId={channel.id} segment={saved.data ?? null} />;
}

function Builder({ channelId, segment }: { channelId: string; segment: SavedSegment | null }) {
  const { t } = useTranslation("segments");
  const { role } = useAuthenticatedSession().user;
  const toPage = useChannelLink();
  const navigate = useNavigate();
  const problemText = useProblemText();
  const catalog = useBuilderCatalog(channelId);
  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [draft, setDraft] = useState<DraftGroup>(() =>
    segment?.definition ? fromDefinition(segment.definition) : emptyDraft(),
  );
  const compiled = useMemo(() => toDefinition(draft), [draft]);
  const [debounced] = useDebouncedValue(compiled.definition, 400);
  const preview = useSegmentPreview(channelId, debounced as SegmentDefinition, segment?.id ?? null);
  const save = useSaveSegment(channelId, segment?.id ?? null);
  const [nameError, setNameError] = useState<string | null>(null);

  // Problems of the count or of the save, each on the row its path points into.
  const problems = useMemo(() => {
    const list: SegmentProblem[] = [
      ...segmentProblems(preview.error),
      ...segmentProblems(save.error),
    ];
    const byKey = new Map<string, string[]>();
    for (const problem of list) {
      const key = keyOfPath(compiled.paths, problem.path) ?? draft.key;
      const text = problemText(problem);
      byKey.set(key, [...new Set([...(byKey.get(key) ?? []), text])]);
    }
    return byKey;
  }, [preview.error, save.error, compiled.paths, draft.key, problemText]);

  const mayManage = can(role, "segments:manage");
  const onSave = () => {
    if (!name.trim()) {
      setNameError(t("builder.nameRequired"));
      return;
    }
    setNameError(null);
    save.mutate(
      {
        name: name.trim(),
        description: description.trim() || null,
        definition: compiled.definition,
      },
      {
        onSuccess: () => navigate(toPage("/segments")),
        onError: (error) => {
          if (error instanceof ApiError && error.code === "name_taken")
            setNameError(t("builder.nameTaken"));
        },
      },
    );
  };
  const rootEmpty =
    compiled.definition.root.kind === "group" && compiled.definition.root.conditions.length === 0;
  const saveError =
    save.error &&
    !(save.error instanceof ApiError && ["name_taken", "invalid_segment"].includes(save.error.code))
      ? save.error
      : null;

  return (
    <Stack gap="md">
      <Anchor component={Link} to={toPage("/segments")} fz="sm">
        <Group gap={4}>
          <ArrowLeftIcon size={14} />
          {t("builder.back")}
        </Group>
      </Anchor>
      <Title order={2} fz="h3">
        {segment ? t("builder.editTitle") : t("builder.newTitle")}
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Card withBorder padding="lg">
              <Stack gap="sm">
                <TextInput
                  label={t("builder.name")}
                  placeholder={t("builder.namePlaceholder")}
                  value={name}
                  error={nameError}
                  onChange={(e) => setName(e.currentTarget.value)}
                  data-testid="segment-name"
                />
                <Textarea
                  label={t("builder.description")}
                  placeholder={t("builder.descriptionPlaceholder")}
                  autosize
                  minRows={1}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                  data-testid="segment-description"
                />
              </Stack>
            </Card>
            <Card withBorder padding="lg" data-testid="segment-builder">
              <Stack gap="sm">
                <Title order={4}>{t("builder.conditionsTitle")}</Title>
                {segment && !segment.definition && (
                  // Saved by an older version with a condition since withdrawn: say so rather
                  // than show an empty tree as if it were the segment.
                  <Alert color="yellow" variant="light" data-testid="segment-unreadable">
                    {t("builder.unreadable")}
                  </Alert>
                )}
                <GroupEditor
                  group={draft}
                  catalog={catalog}
                  problems={problems}
                  incomplete={compiled.incomplete}
                  depth={0}
                  onChange={setDraft}
                />
              </Stack>
            </Card>
            {saveError && (
              <Alert color="red" variant="light">
                {t(errorMessageKey(saveError))}
              </Alert>
            )}
            {mayManage && (
              <Group justify="flex-end">
                <Button onClick={onSave} loading={save.isPending} data-testid="segment-save">
                  {t("builder.save")}
                </Button>
              </Group>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <div style={{ position: "sticky", top: 16 }}>
            <CountPanel
              preview={preview.error ? undefined : preview.data}
              loading={preview.isFetching}
              incomplete={compiled.incomplete.size}
              problems={segmentProblems(preview.error).length > 0}
              everyone={rootEmpty}
            />
            {preview.error && segmentProblems(preview.error).length === 0 && (
              <Text c="red" fz="sm" mt="xs">
                {t(errorMessageKey(preview.error))}
              </Text>
            )}
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
