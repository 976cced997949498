#pragma once

#include <QComboBox>

#include "core/catalog/capabilities.h"
#include "core/connections/connections.h"

#include <QHash>

class QAction;

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

    /// What is known of a model's eyes: a model that cannot see images gets a warning icon and the
    /// tooltip "cannot see images: <why>" in the list, and in the edit field while it is current.
    void setVisionCapability(const QString &name, const VisionCapability &capability);
    /// Forgets every model's mark (another connection).
    void clearVisionCapabilities();
    /// The note shown for `name` ("cannot see images: ..."), empty when none.
    QString visionNote(const QString &name) const;
    /// "Test Vision" for the current name (in the field's context menu; the window adds it to a menu).
    QAction *testVisionAction() const { return m_testVision; }

signals:
    void modelCommitted(const QString &name);
    /// The user asked to send the test image to `name`.
    void testVisionRequested(const QString &name);

private:
    void commit(const QString &text);

    void rebuild();
    void updateCurrentNote();

    QStringList m_suggestions;
    QList<RemoteModel> m_remote;
    QString m_current;
    QHash<QString, VisionCapability> m_vision;
    QAction *m_testVision = nullptr;
    QAction *m_noVisionMark = nullptr; ///< trailing icon in the field while the current model can't see
    bool m_settingFromProgram = false;
};

} // namespace squint
