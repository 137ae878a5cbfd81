import { Select } from "@mantine/core";
import { useState } from "react";
import { useFriendSearch } from "./api.ts";

/** A friend of the channel, found by typing part of their name. */
export function FriendPicker({
  channelId,
  value,
  onChange,
  label,
  placeholder,
  nothingFound,
  testId,
  exclude = [],
}: {
  channelId: string;
  value: string | null;
  onChange: (friend: { id: string; displayName: string | null } | null) => void;
  label: string;
  placeholder?: string;
  nothingFound: string;
  testId: string;
  exclude?: readonly string[];
}) {
  const [search, setSearch] = useState("");
  const friends = useFriendSearch(channelId, search);
  const found = (friends.data ?? []).filter((f) => !exclude.includes(f.id));
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      data={found.map((f) => ({ value: f.id, label: f.displayName ?? f.lineUserId }))}
      value={value}
      onChange={(id) => {
        const friend = found.find((f) => f.id === id);
        onChange(friend ? { id: friend.id, displayName: friend.displayName } : null);
        // A picker that stays empty (adding test recipients) is ready for the next name.
        if (value === null) setSearch("");
      }}
      nothingFoundMessage={nothingFound}
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
