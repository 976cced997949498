#pragma once

#include "core/connections/connections.h"

#include <QPointer>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QPushButton;
class QRadioButton;

namespace squint {

class ConnectionEditor;
class ConnectionManager;
class ConnectionTest;

/// What the window shows in place of the chat while Squint has no connection at all
/// (ConnectionManager::needsSetup()): a short explanation, quick choices (Databricks workspace,
/// OpenAI, Ollama on this computer, another OpenAI-compatible server), the connection form, Test and
/// Save and Use. Emits done() once a connection was saved and made current.
class SetupPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupPanel)
public:
    explicit SetupPanel(ConnectionManager *manager, QWidget *parent = nullptr);

    ConnectionEditor *editor() const { return m_editor; }
    /// Picks a quick choice: the form starts a new connection of that kind.
    void choose(Connection::Kind kind);
    /// Tries the form's connection (the Test button); the answer shows in the result label.
    void test();
    /// Saves the form's connection and makes it current, then emits done() (the Save and Use
    /// button). Returns false, showing why, when the form has a problem.
    bool saveAndUse();

signals:
    void done();

private:
    void updateOllamaChoice();
    void updateButtons();
    void showResult(bool ok, const QString &text);
    /// Forgets the test still running (its answer is about a form no longer shown).
    void abandonTest();

    QPointer<ConnectionManager> m_manager;
    QButtonGroup *m_choices = nullptr;
    QRadioButton *m_databricks = nullptr;
    QRadioButton *m_openai = nullptr;
    QRadioButton *m_ollama = nullptr;
    QRadioButton *m_compatible = nullptr;
    ConnectionEditor *m_editor = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_save = nullptr;
    QPointer<ConnectionTest> m_running; ///< the test whose answer the result label waits for
};

} // namespace squint
