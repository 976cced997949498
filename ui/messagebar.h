#pragma once

// settings.h first: composer.h holds a QPointer<Settings> that needs the complete type.
#include "core/util/settings.h"
#include "core/compose/composer.h"

#include <QList>
#include <functional>
#include <QPointer>
#include <QWidget>

class QVBoxLayout;

namespace squint {

/// A non-modal, dismissable message strip above the work area (docs/development.md, habit 7: errors
/// inline, never a modal box). The latest message sits on top; a few older ones stay below it until
/// dismissed. Info messages hide themselves after a few seconds; warnings and errors stay until
/// dismissed.
class MessageBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBar)
public:
    using Level = Composer::MessageLevel;

    explicit MessageBar(QWidget *parent = nullptr);

    /// Shows `text` on top. Connected to Composer::message.
    void showMessage(squint::Composer::MessageLevel level, const QString &text);
    /// The same with a button (e.g. "Undo") that runs `action` and dismisses the message. Info
    /// messages with an action stay ActionTimeoutMs.
    void showMessage(squint::Composer::MessageLevel level, const QString &text, const QString &actionText,
                     const std::function<void()> &action);
    /// Clicks the action button of the message on top (as the user would); false when it has none.
    bool triggerAction();
    /// Dismisses every message.
    void clearMessages();

    /// Messages currently shown, latest first.
    QStringList messages() const;
    /// Whether a message of `level` is currently shown.
    bool hasMessage(Level level) const;
    int messageCount() const { return int(m_rows.size()); }

    /// How long info messages stay, in milliseconds.
    static constexpr int InfoTimeoutMs = 8000;
    /// How long an info message with an action (Undo) stays, in milliseconds.
    static constexpr int ActionTimeoutMs = 15000;
    /// How many messages are kept on screen at once.
    static constexpr int MaxRows = 3;

private:
    struct Row
    {
        QPointer<QWidget> widget;
        Level level = Level::Info;
        QString text;
    };
    void dismiss(QWidget *row);
    void removeRowAt(qsizetype index);
    void updateVisibility();

    QVBoxLayout *m_layout = nullptr;
    QList<Row> m_rows; ///< latest first
};

} // namespace squint
