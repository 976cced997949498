// GUI test of the Batch window's "Run on: Databricks SQL warehouse": the real BatchWindow and
// BatchSession against the loopback Databricks workspace (FakeDatabricksSql, whose ai_query asks
// the fake chat endpoint about the uploaded bytes), driven through the widgets on offscreen. The
// warehouse list shows the states; Show SQL shows the statement and sends nothing; a run starts the
// stopped warehouse, shows its stages and fills the same table and CSV export as a local batch;
// Cancel cancels the statement on Databricks.
#include "checked.h"
#include "core/batch/batchmodel.h"
#include "core/batch/batchsession.h"
#include "core/catalog/catalog.h"
#include "core/connections/connections.h"
#include "fakedatabrickssql.h"
#include "fakeendpoint.h"
#include "testimages.h"
#include "ui/batch/batchwindow.h"

#include "widgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace squint;
using namespace squint::test;

namespace {
constexpr int Timeout = 60000;
const QString Endpoint = QStringLiteral("databricks-claude-sonnet-4-5");
const QByteArray Token = "dapi-gui-token-55555";
} // namespace

class TestBatchWindowDatabricks final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void showSqlThenRunOnAWarehouse();
    void cancelCancelsTheStatement();
    void localOnlyConnectionCannotChooseDatabricks();

private:
    void openWindow(const QString &folder);
    void click(const char *objectName);
    template<typename T>
    T *child(const char *objectName) const
    {
        return test::child<T>(m_window.get(), objectName);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeChatEndpoint> m_chat;
    std::unique_ptr<FakeDatabricksSql> m_dbx;
    std::unique_ptr<BatchWindow> m_window;
    QStringList m_stages;
};

void TestBatchWindowDatabricks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
}

void TestBatchWindowDatabricks::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_chat = std::make_unique<FakeChatEndpoint>(Backend::Databricks);
    m_chat->setAnswerProvider([](const QJsonObject &body) {
        int images = 0;
        for (const QJsonValue &m : body.value(QLatin1String("messages")).toArray())
            for (const QJsonValue &part : m.toObject().value(QLatin1String("content")).toArray())
                images += part.toObject().value(QLatin1String("type")).toString()
                          == QLatin1String("image_url");
        return QStringLiteral("{\"images\": %1}").arg(images);
    });
    m_dbx = std::make_unique<FakeDatabricksSql>(m_chat.get());
    m_dbx->setToken(Token);
    m_dbx->addWarehouse(QStringLiteral("wh-a"),
                        QStringLiteral("Analytics"),
                        QStringLiteral("STOPPED"),
                        QStringLiteral("PRO"),
                        3);
    m_dbx->addWarehouse(QStringLiteral("wh-c"),
                        QStringLiteral("Legacy"),
                        QStringLiteral("RUNNING"),
                        QStringLiteral("CLASSIC"));
    m_dbx->setRowsPerChunk(2);
    m_stages.clear();
}

void TestBatchWindowDatabricks::cleanup()
{
    if (m_dbx)
        QVERIFY2(m_dbx->problems().isEmpty(),
                 qPrintable(m_dbx->problems().join(QStringLiteral("; "))));
    m_window.reset();
    m_dbx.reset();
    m_chat.reset();
    m_dir.reset();
}

void TestBatchWindowDatabricks::openWindow(const QString &folder)
{
    Connection c;
    c.kind = Connection::Kind::Databricks;
    c.baseUrl = m_dbx->host().toString();
    ChatTarget target;
    target.connectionName = QStringLiteral("Workspace");
    target.chatUrl = c.chatUrl();
    target.token = Token;
    m_window = std::make_unique<BatchWindow>(target,
                                             Catalog::builtIn().profileFor(Endpoint),
                                             nullptr,
                                             m_dir->filePath(QStringLiteral("data/squint.sqlite")));
    connect(m_window->session(), &BatchSession::databricksStage, this, [this](const QString &t) {
        m_stages << t;
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->setFolder(folder);
    child<QPlainTextEdit>("batchPromptEdit")
        ->setPlainText(QStringLiteral("How many images are there?"));
    child<QLineEdit>("batchColumnsEdit")->setText(QStringLiteral("images"));
    auto *runOn = child<QComboBox>("batchRunOnCombo");
    QVERIFY(!child<QWidget>("batchDatabricksBox")->isVisible());
    runOn->setCurrentIndex(1);
    QVERIFY(child<QWidget>("batchDatabricksBox")->isVisible());
    // The warehouse list comes from the workspace, with each warehouse's state.
    auto *warehouses = child<QComboBox>("batchWarehouseCombo");
    QTRY_COMPARE_WITH_TIMEOUT(warehouses->count(), 2, Timeout);
    QVERIFY(warehouses->itemText(0).contains(QLatin1String("Analytics")));
    QVERIFY(warehouses->itemText(0).contains(QLatin1String("STOPPED")));
    QVERIFY(warehouses->itemText(1).contains(QLatin1String("Classic")));
    warehouses->setCurrentIndex(0);
    child<QLineEdit>("batchVolumeEdit")->setText(QStringLiteral("/Volumes/main/default/squint"));
}

void TestBatchWindowDatabricks::click(const char *objectName)
{
    auto *button = child<QPushButton>(objectName);
    QVERIFY2(button, objectName);
    QVERIFY2(button->isEnabled(), objectName);
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestBatchWindowDatabricks::showSqlThenRunOnAWarehouse()
{
    const QString folder = m_dir->filePath(QStringLiteral("pictures"));
    for (int i = 0; i < 5; ++i)
        QVERIFY(
            !writeFile(folder, QStringLiteral("img%1.png").arg(i), screenshotPng(QSize(40 + i, 30)))
                 .isEmpty());
    CHECKED(openWindow(folder));

    CHECKED(click("batchShowSqlButton"));
    auto *sql = child<QPlainTextEdit>("batchSqlView");
    QTRY_VERIFY_WITH_TIMEOUT(sql->isVisible(), Timeout);
    QVERIFY(sql->toPlainText().contains(QStringLiteral("ai_query('%1'").arg(Endpoint)));
    QVERIFY(sql->toPlainText().contains(QLatin1String("'How many images are there?")));
    QVERIFY(sql->isReadOnly());
    QVERIFY(m_dbx->uploads().isEmpty());
    QVERIFY(m_dbx->statements().isEmpty());

    QSignalSpy shown(m_window.get(), &BatchWindow::checkShown);
    CHECKED(click("batchCheckButton"));
    QVERIFY(shown.wait(Timeout));
    QTRY_VERIFY(child<QPushButton>("batchStartButton")->isEnabled());
    QSignalSpy finished(m_window.get(), &BatchWindow::batchFinished);
    CHECKED(click("batchStartButton"));
    QTRY_VERIFY(child<QPushButton>("batchCancelButton")->isEnabled());
    QVERIFY(!child<QComboBox>("batchRunOnCombo")->isEnabled());
    QVERIFY(finished.wait(Timeout));
    QCOMPARE(finished.constFirst().constFirst().value<BatchRunner::Outcome>(),
             BatchRunner::Outcome::Completed);

    QCOMPARE(m_dbx->warehouseStarts(), 1);
    QCOMPARE(m_dbx->uploads().size(), 5);
    const QString stages = m_stages.join(u'\n');
    QVERIFY2(stages.contains(QLatin1String("Uploading")), qPrintable(stages));
    QVERIFY2(stages.contains(QLatin1String("Starting the SQL warehouse")), qPrintable(stages));
    QVERIFY2(stages.contains(QLatin1String("Running on Databricks")), qPrintable(stages));
    BatchModel *model = m_window->model();
    QCOMPARE(model->rowCount(), 5);
    for (int r = 0; r < model->rowCount(); ++r)
        QCOMPARE(model->stateOf(r), BatchModel::RowState::Answered);

    // The same export as a local batch.
    const QString csv = m_dir->filePath(QStringLiteral("out.csv"));
    QSignalSpy exported(m_window->session(), &BatchSession::exported);
    m_window->exportTo(csv, BatchExportFormat::Csv);
    QVERIFY(exported.wait(Timeout));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QCOMPARE(bytes.count("\r\n"), 6);
    QCOMPARE(bytes.count(",done,1,"), 5); // status done, column images = 1
}

void TestBatchWindowDatabricks::cancelCancelsTheStatement()
{
    m_dbx->setRunningPolls(1'000'000);
    const QString folder = m_dir->filePath(QStringLiteral("pictures"));
    for (int i = 0; i < 3; ++i)
        QVERIFY(
            !writeFile(folder, QStringLiteral("img%1.png").arg(i), screenshotPng(QSize(40 + i, 30)))
                 .isEmpty());
    CHECKED(openWindow(folder));
    QSignalSpy shown(m_window.get(), &BatchWindow::checkShown);
    CHECKED(click("batchCheckButton"));
    QVERIFY(shown.wait(Timeout));
    QTRY_VERIFY(child<QPushButton>("batchStartButton")->isEnabled());
    QSignalSpy finished(m_window.get(), &BatchWindow::batchFinished);
    CHECKED(click("batchStartButton"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("batchProgressLabel")
                                 ->text()
                                 .contains(QLatin1String("Running on Databricks")),
                             Timeout);
    CHECKED(click("batchCancelButton"));
    QVERIFY(finished.wait(Timeout));
    QCOMPARE(finished.constFirst().constFirst().value<BatchRunner::Outcome>(),
             BatchRunner::Outcome::Canceled);
    QCOMPARE(m_dbx->cancels(), 1);
    for (int r = 0; r < m_window->model()->rowCount(); ++r)
        QCOMPARE(m_window->model()->stateOf(r), BatchModel::RowState::NotAsked);
}

void TestBatchWindowDatabricks::localOnlyConnectionCannotChooseDatabricks()
{
    ChatTarget target;
    target.connectionName = QStringLiteral("Local");
    target.chatUrl = QUrl(QStringLiteral("http://127.0.0.1:1/v1/chat/completions"));
    BatchWindow window(target,
                       Catalog::builtIn().profileFor(QStringLiteral("gpt-4o")),
                       nullptr,
                       m_dir->filePath(QStringLiteral("data/squint.sqlite")));
    auto *runOn = window.findChild<QComboBox *>(QStringLiteral("batchRunOnCombo"));
    QVERIFY(runOn);
    QCOMPARE(runOn->count(), 2);
    const auto *items = qobject_cast<const QStandardItemModel *>(runOn->model());
    QVERIFY(items);
    QVERIFY(!items->item(1)->isEnabled());
    QVERIFY(!runOn->accessibleName().isEmpty());
}

QTEST_MAIN(TestBatchWindowDatabricks)
#include "tst_batchwindow_databricks.moc"
