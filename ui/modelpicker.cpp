#include "modelpicker.h"

#include <QAbstractItemView>
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
        setItemData(row, tip, Qt::ToolTipRole);
        if (!m.ready && items)
            if (QStandardItem *item = items->item(row))
                item->setEnabled(false);
        seen << m.name;
    }
    if (!m_remote.isEmpty() && !m_suggestions.isEmpty())
        insertSeparator(count());
    for (const QString &name : m_suggestions)
        if (!seen.contains(name))
            addItem(name);
    setEditText(text);
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

void ModelPicker::setCurrentName(const QString &name)
{
    m_settingFromProgram = true;
    m_current = name;
    const int index = findText(name, Qt::MatchFixedString);
    if (index >= 0)
        setCurrentIndex(index);
    setEditText(name);
    m_settingFromProgram = false;
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
    emit modelCommitted(name);
}

} // namespace squint
