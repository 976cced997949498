#pragma once

#include <QComboBox>

#include "core/connections.h"

namespace squint {

/// Editable model picker: suggested names in the list, any endpoint or model name can be typed.
/// modelCommitted() fires when the user presses Enter or picks an entry, never while typing and
/// never when the name is set from the program.
class ModelPicker final : public QComboBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelPicker)
public:
    explicit ModelPicker(QWidget *parent = nullptr);

    void setSuggestions(const QStringList &names);
    /// The models or serving endpoints a connection offers, first in the list; the catalog's
    /// suggestions follow. Endpoints that are not ready are listed but can't be picked.
    void setRemoteModels(const QList<RemoteModel> &models);
    /// Shows `name` as the current model without emitting modelCommitted().
    void setCurrentName(const QString &name);
    QString currentName() const { return m_current; }
    /// The names offered: the connection's ready models first, then the catalog's suggestions.
    QStringList offeredNames() const;

signals:
    void modelCommitted(const QString &name);

private:
    void commit(const QString &text);

    void rebuild();

    QStringList m_suggestions;
    QList<RemoteModel> m_remote;
    QString m_current;
    bool m_settingFromProgram = false;
};

} // namespace squint
