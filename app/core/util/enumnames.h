#pragma once

// The one way an enum's values get the names Squint writes (settings, the history file, transcripts,
// JSON output): one table per enum, next to the enum's code, read both ways by these two functions.
//
//     constexpr EnumName<Turn::State> TurnStateNames[] = {{Turn::State::Done, u"done"}, ...};
//     nameOf(TurnStateNames, state)          -> "done"
//     valueOf(TurnStateNames, name)          -> std::optional<Turn::State>

#include <QString>
#include <QStringView>

#include <cstddef>
#include <optional>

namespace squint {

template<typename E>
struct EnumName
{
    E value;
    QStringView name;
};

/// The name of `value` in `table`; an empty string when the table lacks it.
template<typename E, std::size_t N>
QString nameOf(const EnumName<E> (&table)[N], E value)
{
    for (const EnumName<E> &entry : table) {
        if (entry.value == value)
            return entry.name.toString();
    }
    return {};
}

/// The value `name` stands for in `table` (exactly as written there); nullopt for another name.
template<typename E, std::size_t N>
std::optional<E> valueOf(const EnumName<E> (&table)[N], QStringView name)
{
    for (const EnumName<E> &entry : table) {
        if (name == entry.name)
            return entry.value;
    }
    return std::nullopt;
}

} // namespace squint
