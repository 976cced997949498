#pragma once

#include "core/connections/connections.h"

#include <QDialog>
#include <QPointer>
#include <QString>

class QLabel;
class QListWidget;
class QPushButton;

namespace squint {

class ConnectionEditor;
class ConnectionManager;
class ConnectionTest;

/// Connections..., window-modal and opened with open() (never exec()): the connections Squint knows
/// on the left, the selected one's form on the right, and Add, Remove, Test, Save, Use This
/// Connection and Close. Connections from the environment are shown read-only; everything is saved
/// through the ConnectionManager.
class ConnectionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionDialog)
public:
    explicit ConnectionDialog(ConnectionManager *manager, QWidget *parent = nullptr);

    ConnectionEditor *editor() const { return m_editor; }
    /// The id of the connection shown in the form; empty for a new one.
    QString selectedId() const { return m_editingId; }
    /// Shows connection `id` in the form.
    void selectConnection(const QString &id);

    /// Starts a new connection in the form (the Add button).
    void addConnection();
    /// Removes the selected saved connection (the Remove button).
    void removeSelected();
    /// Tries the form's connection; the answer shows in the result label (the Test button).
    void testConnection();
    /// Saves the form; returns the saved id, or empty when the form has a problem (the Save button).
    QString saveConnection();
    /// Saves the form when it was edited, and makes it the current connection.
    void useConnection();

private:
    void reload();
    void onRowChanged();
    void showConnection(const Connection &c);
    void updateButtons();
    void showResult(bool ok, const QString &text);
    /// Forgets the test still running (its answer is about a form no longer shown).
    void abandonTest();

    QPointer<ConnectionManager> m_manager;
    QListWidget *m_list = nullptr;
    ConnectionEditor *m_editor = nullptr;
    QLabel *m_sourceNote = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_use = nullptr;
    QPushButton *m_close = nullptr;

    QString m_editingId;   ///< empty: a new connection
    bool m_editable = true;
    bool m_dirty = false;
    QPointer<ConnectionTest> m_running; ///< the test whose answer the result label waits for
    bool m_reloading = false;
};

} // namespace squint
