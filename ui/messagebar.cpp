#include "ui/messagebar.h"

#include <QAccessible>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace squint {

namespace {

// Background and text colours per level. Light tints with dark text read well on light and dark
// themes alike, and the level is also given in words (icon + accessible name), not by colour only.
struct LevelLook
{
    QColor background;
    QColor border;
    QColor text;
    QStyle::StandardPixmap icon;
};

LevelLook lookFor(MessageBar::Level level)
{
    switch (level) {
    case MessageBar::Level::Error:
        return {QColor(0xf8, 0xd7, 0xda), QColor(0xc6, 0x28, 0x28), QColor(0x5f, 0x12, 0x16),
                QStyle::SP_MessageBoxCritical};
    case MessageBar::Level::Warning:
        return {QColor(0xff, 0xf3, 0xcd), QColor(0xc7, 0x8a, 0x00), QColor(0x4d, 0x38, 0x00),
                QStyle::SP_MessageBoxWarning};
    case MessageBar::Level::Info:
        break;
    }
    return {QColor(0xe3, 0xf2, 0xfd), QColor(0x15, 0x65, 0xc0), QColor(0x0d, 0x2f, 0x57),
            QStyle::SP_MessageBoxInformation};
}

} // namespace

MessageBar::MessageBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("messageBar"));
    setAccessibleName(tr("Messages"));
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    hide();
}

void MessageBar::showMessage(Composer::MessageLevel level, const QString &text)
{
    showMessage(level, text, QString(), {});
}

bool MessageBar::triggerAction()
{
    if (m_rows.isEmpty() || !m_rows.constFirst().widget)
        return false;
    auto *button = m_rows.constFirst().widget->findChild<QPushButton *>(QStringLiteral("messageActionButton"));
    if (!button)
        return false;
    button->click();
    return true;
}

void MessageBar::showMessage(Composer::MessageLevel level, const QString &text, const QString &actionText,
                             const std::function<void()> &action)
{
    if (text.isEmpty())
        return;

    // The same message again (a burst of identical failures): keep one row, refresh its timer.
    if (!m_rows.isEmpty() && m_rows.constFirst().level == level && m_rows.constFirst().text == text)
        removeRowAt(0);

    const LevelLook look = lookFor(level);

    auto *row = new QFrame(this);
    row->setObjectName(QStringLiteral("messageRow"));
    row->setFrameShape(QFrame::StyledPanel);
    row->setAutoFillBackground(true);
    QPalette pal = row->palette();
    pal.setColor(QPalette::Window, look.background);
    pal.setColor(QPalette::WindowText, look.text);
    pal.setColor(QPalette::Text, look.text);
    pal.setColor(QPalette::Light, look.border);
    pal.setColor(QPalette::Dark, look.border);
    pal.setColor(QPalette::Mid, look.border);
    row->setPalette(pal);

    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(8, 4, 4, 4);

    auto *icon = new QLabel(row);
    icon->setObjectName(QStringLiteral("messageIconLabel"));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(look.icon, nullptr, this).pixmap(iconSize, iconSize));
    layout->addWidget(icon, 0, Qt::AlignTop);

    // The level in words, for screen readers: the colour and icon alone don't say it.
    QString levelName;
    switch (level) {
    case Level::Error:
        levelName = tr("Error");
        break;
    case Level::Warning:
        levelName = tr("Warning");
        break;
    case Level::Info:
        levelName = tr("Information");
        break;
    }
    icon->setAccessibleName(levelName);

    auto *label = new QLabel(text, row);
    label->setObjectName(QStringLiteral("messageTextLabel"));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    //: accessible name of a message: %1 is Error, Warning or Information, %2 the message
    label->setAccessibleName(tr("%1: %2").arg(levelName, text));
    layout->addWidget(label, 1);

    if (!actionText.isEmpty() && action) {
        auto *button = new QPushButton(actionText, row);
        button->setObjectName(QStringLiteral("messageActionButton"));
        button->setAccessibleName(actionText);
        layout->addWidget(button, 0, Qt::AlignTop);
        connect(button, &QPushButton::clicked, this, [this, row, action] {
            action();
            dismiss(row);
        });
    }

    auto *close = new QToolButton(row);
    close->setObjectName(QStringLiteral("messageDismissButton"));
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton, nullptr, this));
    close->setToolTip(tr("Dismiss"));
    close->setAccessibleName(tr("Dismiss Message"));
    layout->addWidget(close, 0, Qt::AlignTop);
    connect(close, &QToolButton::clicked, this, [this, row] { dismiss(row); });

    m_layout->insertWidget(0, row);
    m_rows.prepend({row, level, text});

    // Keep the strip short: the oldest rows go first.
    while (m_rows.size() > MaxRows)
        removeRowAt(m_rows.size() - 1);

    if (level == Level::Info)
        QTimer::singleShot(action ? ActionTimeoutMs : InfoTimeoutMs, row, [this, row] { dismiss(row); });

    updateVisibility();

    // Screen readers announce the message without the user having to find it.
    QAccessibleEvent alert(label, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

void MessageBar::clearMessages()
{
    while (!m_rows.isEmpty())
        removeRowAt(0);
}

QStringList MessageBar::messages() const
{
    QStringList out;
    for (const Row &r : m_rows)
        out << r.text;
    return out;
}

bool MessageBar::hasMessage(Level level) const
{
    for (const Row &r : m_rows) {
        if (r.level == level)
            return true;
    }
    return false;
}

void MessageBar::dismiss(QWidget *row)
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).widget == row) {
            removeRowAt(i);
            return;
        }
    }
}

void MessageBar::removeRowAt(qsizetype index)
{
    const QPointer<QWidget> row = m_rows.takeAt(index).widget;
    if (row) {
        row->hide();
        row->deleteLater();
    }
    updateVisibility();
}

void MessageBar::updateVisibility()
{
    setVisible(!m_rows.isEmpty());
}

} // namespace squint
