// The whole application as main() builds it, for GUI tests: an AppController and its MainWindow,
// with settings, the history and the keychain in a temporary folder and an empty environment
// (nothing of the machine running the tests leaks in). One harness for every test of the window.
#pragma once

#include "core/application/appcontroller.h"
#include "core/connections/secretstore.h"

#include <QHash>
#include <QString>
#include <QUrl>

#include <memory>

namespace squint {
class ChatSession;
class Composer;
class History;
class MainWindow;
class Settings;
} // namespace squint

namespace squint::test {

class AppHarness
{
public:
    struct Options
    {
        /// Questions go to this chat URL (an OpenAI-compatible fake's) without a connection, as the
        /// target of a connection would; empty: nowhere until a connection is chosen.
        QUrl chatUrl;
        /// A History in `dir`/data/squint.sqlite, opened by the harness (its opened() answered).
        bool history = false;
        /// The environment connections come from; empty: none (home in `dir`/home).
        QHash<QString, QString> environment;
        /// Starts the connection manager; its Ollama probe goes to `ollamaProbeUrl` (empty: a
        /// closed port on this computer, so no Ollama is found).
        bool startConnections = false;
        QUrl ollamaProbeUrl;
    };

    /// Builds the application on the settings and history in `dir`, which the caller keeps: a
    /// second harness on the same folder is Squint started again.
    explicit AppHarness(const QString &dir, Options options);
    explicit AppHarness(const QString &dir)
        : AppHarness(dir, Options())
    {}
    /// The window goes first, then the application (the history writes what is queued).
    ~AppHarness();
    AppHarness(const AppHarness &) = delete;
    AppHarness &operator=(const AppHarness &) = delete;

    /// Shows the window; false when it was never exposed.
    bool showWindow();
    /// True when the history answered opened() (Options::history), whatever it said.
    bool historyOpened() const { return m_historyOpened; }

    AppController *app() const { return m_app.get(); }
    MainWindow *window() const { return m_window.get(); }
    Composer *composer() const { return m_app->composer(); }
    ChatSession *session() const { return m_app->session(); }
    Settings *settings() const { return m_app->settings(); }
    History *history() const { return m_app->history(); }
    ConnectionManager *connections() const { return m_app->connections(); }
    MemorySecretStore *secrets() { return &m_secrets; }
    QString historyPath() const { return m_historyPath; }

private:
    MemorySecretStore m_secrets;
    QString m_historyPath;
    bool m_historyOpened = false;
    std::unique_ptr<AppController> m_app;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace squint::test
