#include "ui/modelpicker.h"

#include "core/util/safelinks.h"

#include <QAbstractItemView>
#include <QAction>
#include <QMenu>
#include <QStyle>
#include <QCompleter>
#include <QLineEdit>
#include <QStandardItemModel>

namespace squint {

ModelPicker::ModelPicker(QWidget *parent)
    : QComboBox(parent)
{
    setObjectName(QStringLiteral("modelPicker"));
    setAccessibleName(tr("Model"));
    setAccessibleDescription(tr("The serving endpoint or model name. Type a name and press Enter, or pick one from the list."));
    setToolTip(tr("Serving endpoint or model name: type any name and press Enter"));
    setEditable(true);
    // Typed names are used, not added to the list: the list stays the catalog's suggestions.
    setInsertPolicy(QComboBox::NoInsert);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(28);

    // Inline completion would silently extend "databricks-claude-sonnet-4" to a longer suggestion
    // and commit that; a popup that filters by substring suggests without deciding.
    auto *completer = new QCompleter(model(), this);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    completer->setFilterMode(Qt::MatchContains);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    setCompleter(completer);

    lineEdit()->setObjectName(QStringLiteral("modelPickerEdit"));
    lineEdit()->setAccessibleName(tr("Model name"));
    lineEdit()->setPlaceholderText(tr("Endpoint or model name"));

    m_testVision = new QAction(tr("Test &Vision"), this);
    m_testVision->setObjectName(QStringLiteral("testVisionAction"));
    m_testVision->setToolTip(tr("Send one small red test image to this model and see whether it names the colour"));
    connect(m_testVision, &QAction::triggered, this, [this] {
        const QString name = lineEdit()->text().trimmed();
        if (!name.isEmpty())
            emit testVisionRequested(name);
    });
    m_noVisionMark = lineEdit()->addAction(style()->standardIcon(QStyle::SP_MessageBoxWarning), QLineEdit::TrailingPosition);
    m_noVisionMark->setObjectName(QStringLiteral("noVisionMark"));
    m_noVisionMark->setVisible(false);
    lineEdit()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(lineEdit(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = lineEdit()->createStandardContextMenu();
        menu->addSeparator();
        menu->addAction(m_testVision);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(lineEdit()->mapToGlobal(pos));
    });

    connect(lineEdit(), &QLineEdit::returnPressed, this, [this] { commit(lineEdit()->text()); });
    connect(this, &QComboBox::textActivated, this, [this](const QString &text) { commit(text); });
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this,
            [this](const QString &text) { commit(text); });
}

void ModelPicker::setSuggestions(const QStringList &names)
{
    m_suggestions = names;
    rebuild();
}

void ModelPicker::setRemoteModels(const QList<RemoteModel> &models)
{
    m_remote = models;
    rebuild();
}

void ModelPicker::rebuild()
{
    m_settingFromProgram = true;
    const QString text = currentText();
    clear();
    QStringList seen;
    auto *items = qobject_cast<QStandardItemModel *>(model());
    for (const RemoteModel &m : m_remote) {
        addItem(m.name);
        const int row = count() - 1;
        QString tip = m.displayName == m.name ? QString() : m.displayName;
        if (!m.detail.isEmpty())
            tip += (tip.isEmpty() ? QString() : QStringLiteral(" — ")) + m.detail;
        const QString note = visionNote(m.name);
        if (!note.isEmpty()) {
            tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + note;
            setItemData(row, style()->standardIcon(QStyle::SP_MessageBoxWarning), Qt::DecorationRole);
            setItemData(row, note, Qt::AccessibleDescriptionRole);
        }
        setItemData(row, plainToolTip(tip), Qt::ToolTipRole);
        if (!m.ready && items)
            if (QStandardItem *item = items->item(row))
                item->setEnabled(false);
        seen << m.name;
    }
    if (!m_remote.isEmpty() && !m_suggestions.isEmpty())
        insertSeparator(count());
    for (const QString &name : m_suggestions) {
        if (seen.contains(name))
            continue;
        addItem(name);
        const QString note = visionNote(name);
        if (!note.isEmpty()) {
            setItemData(count() - 1, plainToolTip(note), Qt::ToolTipRole);
            setItemData(count() - 1, note, Qt::AccessibleDescriptionRole);
            setItemData(count() - 1, style()->standardIcon(QStyle::SP_MessageBoxWarning), Qt::DecorationRole);
        }
    }
    setEditText(text);
    updateCurrentNote();
    m_settingFromProgram = false;
}

QStringList ModelPicker::offeredNames() const
{
    QStringList names;
    for (const RemoteModel &m : m_remote)
        if (m.ready)
            names << m.name;
    for (const QString &name : m_suggestions)
        if (!names.contains(name))
            names << name;
    return names;
}

void ModelPicker::setVisionCapability(const QString &name, const VisionCapability &capability)
{
    if (m_vision.value(name) == capability)
        return;
    m_vision.insert(name, capability);
    rebuild();
}

void ModelPicker::clearVisionCapabilities()
{
    if (m_vision.isEmpty())
        return;
    m_vision.clear();
    rebuild();
}

QString ModelPicker::visionNote(const QString &name) const
{
    const VisionCapability c = m_vision.value(name);
    if (!c.cannotSee())
        return {};
    return c.vision == VisionCapability::Vision::Ignores ? tr("ignores images: %1").arg(c.why)
                                                         : tr("cannot see images: %1").arg(c.why);
}

void ModelPicker::updateCurrentNote()
{
    const QString note = visionNote(m_current);
    m_noVisionMark->setVisible(!note.isEmpty());
    m_noVisionMark->setToolTip(note.isEmpty() ? QString() : plainToolTip(note));
    lineEdit()->setAccessibleDescription(note);
}

void ModelPicker::setCurrentName(const QString &name)
{
    m_settingFromProgram = true;
    m_current = name;
    const int index = findText(name, Qt::MatchFixedString);
    if (index >= 0)
        setCurrentIndex(index);
    setEditText(name);
    m_settingFromProgram = false;
    updateCurrentNote();
}

void ModelPicker::commit(const QString &text)
{
    if (m_settingFromProgram)
        return;
    const QString name = text.trimmed();
    if (name.isEmpty()) {
        // Nothing to switch to: show the model in use again.
        setEditText(m_current);
        return;
    }
    if (name == m_current)
        return;
    m_current = name;
    updateCurrentNote();
    emit modelCommitted(name);
}

} // namespace squint
