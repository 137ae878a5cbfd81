import { Badge, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { MemberSummary } from "../../api/friendData.ts";
import { formatCount } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { Fact, factList, Section } from "./Section.tsx";

/** The company's record of this friend, when ID linking has joined the two. */
export function MemberCard({ member }: { member: MemberSummary | null }) {
  const { t } = useTranslation("friendDetail");
  const { t: tf } = useTranslation("friends");
  const language = useLanguage();
  return (
    <Section
      title={t("member.title")}
      action={
        <Badge variant="light" color={member ? "blue" : "gray"}>
          {member ? tf("linked") : tf("notLinked")}
        </Badge>
      }
      testId="friend-member"
    >
      {member ? (
        <dl style={factList}>
          <Fact label={t("member.externalId")}>
            <Text ff="monospace" fz="sm" component="span">
              {member.externalId}
            </Text>
          </Fact>
          {member.name && <Fact label={t("member.name")}>{member.name}</Fact>}
          {member.email && <Fact label={t("member.email")}>{member.email}</Fact>}
          {member.phone && <Fact label={t("member.phone")}>{member.phone}</Fact>}
          {member.birthday && <Fact label={t("member.birthday")}>{member.birthday}</Fact>}
          {member.gender && (
            <Fact label={t("member.gender")}>{t(`member.genders.${member.gender}`)}</Fact>
          )}
          {member.prefecture && <Fact label={t("member.prefecture")}>{member.prefecture}</Fact>}
          {member.rank && <Fact label={t("member.rank")}>{member.rank}</Fact>}
          {member.points !== null && (
            <Fact label={t("member.points")}>{formatCount(member.points, language)}</Fact>
          )}
        </dl>
      ) : (
        <Text fz="sm" c="dimmed">
          {t("member.notLinked")}
        </Text>
      )}
    </Section>
  );
}
