#include "appharness.h"

#include "core/chat/chatsession.h"
#include "core/connections/databricksconfig.h"
#include "core/history/history.h"
#include "ui/mainwindow.h"

#include <QDir>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

namespace squint::test {

namespace {
constexpr int OpenTimeoutMs = 30000; // generous: CI runs these under sanitizers too

/// A port on this computer where nothing listens.
QUrl closedPort()
{
    QTcpServer closed;
    if (!closed.listen(QHostAddress::LocalHost, 0))
        return QUrl(QStringLiteral("http://127.0.0.1:9/v1"));
    const quint16 port = closed.serverPort();
    closed.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
}
} // namespace

AppHarness::AppHarness(const QString &dir, Options options)
    : m_historyPath(QDir(dir).filePath(QStringLiteral("data/squint.sqlite")))
{
    AppSetup setup;
    setup.settingsFile = QDir(dir).filePath(QStringLiteral("squint.ini"));
    setup.secrets = &m_secrets;
    setup.environment = {options.environment,
                         QDir(dir).filePath(QStringLiteral("home")),
                         &readSmallFile};
    setup.history = options.history;
    m_app = std::make_unique<AppController>(std::move(setup));
    if (!options.chatUrl.isEmpty()) {
        ChatTarget target;
        target.connectionName = QStringLiteral("Fake");
        target.chatUrl = options.chatUrl;
        target.maxTokensField = QStringLiteral("max_completion_tokens");
        m_app->session()->setTarget(target);
    }
    m_window = std::make_unique<MainWindow>(m_app.get());
    if (options.history) {
        QSignalSpy opened(m_app->history(), &History::opened);
        m_app->openHistory(m_historyPath);
        m_historyOpened = opened.wait(OpenTimeoutMs) || !opened.isEmpty();
    }
    if (options.startConnections) {
        m_app->connections()->setOllamaProbeUrl(
            options.ollamaProbeUrl.isEmpty() ? closedPort() : options.ollamaProbeUrl);
        m_app->connections()->start();
    }
}

AppHarness::~AppHarness()
{
    m_window.reset();
    m_app.reset();
}

bool AppHarness::showWindow()
{
    m_window->show();
    return QTest::qWaitForWindowExposed(m_window.get());
}

} // namespace squint::test
