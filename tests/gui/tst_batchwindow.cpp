// GUI test of the Batch window: the real BatchWindow and BatchSession (its store in a temporary
// SQLite file, on its own thread) against the loopback fake endpoint, driven by clicks. A folder of
// generated images with one corrupt file: the check shows what would be sent, the rows arrive in the
// table, the CSV export is right; a batch canceled midway and reopened in a new window continues
// without asking finished files again; a file changed since is asked again. Runs on offscreen.
#include "checked.h"
#include "childprocess.h"
#include "core/batch/batchmodel.h"
#include "core/batch/batchsession.h"
#include "core/batch/batchstore.h"
#include "core/catalog/catalog.h"
#include "core/connections/connections.h"
#include "core/history/conversationstore.h"
#include "ui/batch/batchwindow.h"
#include "fakeendpoint.h"
#include "ui/messagebar.h"
#include "testimages.h"

#include "widgets.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace squint;
using namespace squint::test;

namespace {

constexpr int Timeout = 60000;
const QString Model = QStringLiteral("gpt-4o");
const QString Template = QStringLiteral("Describe <{filename}> (#{index}).");

QStringList askedFiles(const FakeChatEndpoint &ep)
{
    QStringList names;
    for (const QJsonObject &body : ep.requestBodies())
        names << bracketedName(body);
    names.sort();
    return names;
}

} // namespace

class TestBatchWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void widgetsHaveNames();
    void checkThenRunThenExportCsv();
    void refusedStructuredOutputIsSaid();
    void fitButtonTurnsFitOn();
    void cancelThenContinueInANewWindow();
    void changedFileIsAskedAgain();

private:
    QStringList makeImages(const QString &dir, int count);
    void openWindow();
    void fillSettings(const QString &folder, int concurrency = 4);
    void click(const char *objectName);
    void checkAndWait();
    void runAndWait();
    template<typename T> T *child(const char *objectName) const
    {
        return test::child<T>(m_window.get(), objectName);
    }
    int rowsWithState(BatchModel::RowState state) const
    {
        int n = 0;
        for (int r = 0; r < m_window->model()->rowCount(); ++r)
            n += m_window->model()->stateOf(r) == state;
        return n;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dbPath;
    std::unique_ptr<FakeChatEndpoint> m_endpoint;
    std::unique_ptr<BatchWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestBatchWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
}

void TestBatchWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_dbPath = m_dir->filePath(QStringLiteral("data/squint.sqlite"));
    m_endpoint = std::make_unique<FakeChatEndpoint>(Backend::OpenAI);
    m_endpoint->setCharsPerChunk(16);
    // Each answer names the file its prompt names, as JSON; img002 gets an answer that is not JSON.
    m_endpoint->setAnswerProvider([](const QJsonObject &body) {
        const QString name = bracketedName(body);
        if (name == QLatin1String("img002.png"))
            return QStringLiteral("I can't say, \"really\", sorry.");
        return QStringLiteral("Sure:\n```json\n{\"name\": \"%1\", \"colour\": \"blue, mostly\"}\n```").arg(name);
    });
}

void TestBatchWindow::cleanup()
{
    m_tester.reset();
    m_window.reset();
    m_endpoint.reset();
    m_dir.reset();
}

QStringList TestBatchWindow::makeImages(const QString &dir, int count)
{
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        const bool png = i % 2 == 0;
        const QString name = QStringLiteral("img%1.%2").arg(i, 3, 10, QLatin1Char('0')).arg(png ? QStringLiteral("png") : QStringLiteral("jpg"));
        const QByteArray bytes = png ? screenshotPng(QSize(60 + i, 40)) : photoJpeg(QSize(64, 48 + i), 80, quint32(100 + i));
        paths << writeFile(dir, name, bytes);
    }
    return paths;
}

void TestBatchWindow::openWindow()
{
    Connection c;
    c.kind = Connection::Kind::OpenAI;
    c.baseUrl = m_endpoint->baseUrl().toString();
    ChatTarget target;
    target.connectionName = QStringLiteral("Fake");
    target.chatUrl = c.chatUrl();
    target.maxTokensField = c.maxTokensField();
    target.streamOptions = c.sendsStreamOptions();
    m_window = std::make_unique<BatchWindow>(target, Catalog::builtIn().profileFor(Model), nullptr, m_dbPath);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_window->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The window names the model it was given.
    QCOMPARE(child<QLineEdit>("batchModelEdit")->text(), Model);
    QCOMPARE(child<QSpinBox>("batchConcurrencySpin")->value(), 4);
}

void TestBatchWindow::fillSettings(const QString &folder, int concurrency)
{
    m_window->setFolder(folder);
    child<QPlainTextEdit>("batchPromptEdit")->setPlainText(Template);
    child<QLineEdit>("batchColumnsEdit")->setText(QStringLiteral("name, colour"));
    child<QSpinBox>("batchConcurrencySpin")->setValue(concurrency);
}

void TestBatchWindow::click(const char *objectName)
{
    auto *button = child<QPushButton>(objectName);
    QVERIFY2(button, objectName);
    QVERIFY2(button->isEnabled(), objectName);
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestBatchWindow::checkAndWait()
{
    QSignalSpy shown(m_window.get(), &BatchWindow::checkShown);
    CHECKED(click("batchCheckButton"));
    QVERIFY(shown.wait(Timeout));
    QVERIFY2(m_window->checkIsCurrent(), qPrintable(child<QLabel>("batchSummaryLabel")->text()));
    QTRY_VERIFY(child<QPushButton>("batchStartButton")->isEnabled());
}

void TestBatchWindow::runAndWait()
{
    QSignalSpy finished(m_window.get(), &BatchWindow::batchFinished);
    CHECKED(click("batchStartButton"));
    QVERIFY(finished.wait(Timeout));
    QCOMPARE(finished.constFirst().constFirst().value<BatchRunner::Outcome>(), BatchRunner::Outcome::Completed);
    QVERIFY(!m_window->session()->isRunning());
}

void TestBatchWindow::widgetsHaveNames()
{
    CHECKED(openWindow());
    QCOMPARE(m_window->objectName(), QStringLiteral("batchWindow"));
    QVERIFY(m_window->isWindow());
    QVERIFY(!m_window->isModal());
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Batch"));
    const QList<QWidget *> widgets = m_window->findChildren<QWidget *>();
    int named = 0;
    for (QWidget *w : widgets) {
        const QString name = w->objectName();
        if (!name.startsWith(QLatin1String("batch")))
            continue;
        ++named;
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(name));
    }
    QVERIFY2(named >= 20, qPrintable(QString::number(named)));
    // Nothing can start before a check.
    QVERIFY(!child<QPushButton>("batchStartButton")->isEnabled());
    QVERIFY(!child<QPushButton>("batchCancelButton")->isEnabled());
    QVERIFY(!child<QPushButton>("batchExportButton")->isEnabled());
    // The tray's images: off without images, on with them.
    auto *tray = m_window->findChild<QWidget *>(QStringLiteral("batchTrayChoice"));
    QVERIFY(!tray->isEnabled());
    m_window->setTrayImages({m_dir->filePath(QStringLiteral("a.png")), m_dir->filePath(QStringLiteral("b.png"))});
    QVERIFY(tray->isEnabled());
}

// A server that refuses response_format: the batch still runs (prompt only), and the window says
// what was changed to get the answers once the run ends.
void TestBatchWindow::refusedStructuredOutputIsSaid()
{
    m_endpoint->setRejectResponseFormat(true);
    const QString folder = m_dir->filePath(QStringLiteral("pictures"));
    makeImages(folder, 2);
    CHECKED(openWindow());
    CHECKED(fillSettings(folder));
    CHECKED(checkAndWait());
    CHECKED(runAndWait());
    QStringList shown;
    for (const QLabel *label : m_window->findChildren<QLabel *>(QStringLiteral("messageTextLabel")))
        shown << label->text();
    QVERIFY2(shown.join(u'\n').contains(QLatin1String("response_format")), qPrintable(shown.join(u'\n')));
}

void TestBatchWindow::checkThenRunThenExportCsv()
{
    const QString folder = m_dir->filePath(QStringLiteral("pictures"));
    const QStringList files = makeImages(folder, 5);
    const QString broken = writeFile(folder, QStringLiteral("img005.jpg"), corruptJpeg());
    CHECKED(openWindow());
    CHECKED(fillSettings(folder));
    QVERIFY(!child<QPushButton>("batchStartButton")->isEnabled());

    CHECKED(checkAndWait());
    // The dry run: 6 files, 5 requests (the corrupt one can't be sent), the corrupt file as a problem.
    const BatchCheck &c = m_window->lastCheck();
    QCOMPARE(c.files.size(), 6);
    QCOMPARE(c.plan.requests, 5);
    QVERIFY(c.plan.totalBodyBytes > 0);
    QVERIFY(c.plan.imageTokens > 0);
    const QString summary = child<QLabel>("batchSummaryLabel")->text();
    QVERIFY2(summary.contains(QLatin1String("5 request(s) would be sent")), qPrintable(summary));
    QVERIFY2(summary.contains(QLatin1String("Estimated tokens")), qPrintable(summary));
    auto *problems = child<QListWidget>("batchProblemList");
    QCOMPARE(problems->count(), 1);
    QVERIFY2(problems->item(0)->text().contains(QLatin1String("img005.jpg")), qPrintable(problems->item(0)->text()));
    QVERIFY(problems->isVisible());
    QCOMPARE(m_endpoint->chatRequests().size(), 0); // nothing was sent

    // Changing a setting asks for a new check.
    child<QLineEdit>("batchColumnsEdit")->setText(QStringLiteral("name"));
    QVERIFY(!child<QPushButton>("batchStartButton")->isEnabled());
    child<QLineEdit>("batchColumnsEdit")->setText(QStringLiteral("name, colour"));
    CHECKED(checkAndWait());

    CHECKED(runAndWait());
    QCOMPARE(m_endpoint->chatRequests().size(), 5);
    QVERIFY2(m_endpoint->validationProblems().isEmpty(), qPrintable(m_endpoint->validationProblems().join(u'\n')));
    BatchModel *model = m_window->model();
    QCOMPARE(model->rowCount(), 6);
    QCOMPARE(model->knownRows(), 6);
    QCOMPARE(model->columnCount(), 7); // thumbnail, file, status, name, colour, tokens, time
    QCOMPARE(model->headerData(3, Qt::Horizontal).toString(), QStringLiteral("name"));
    QCOMPARE(model->headerData(4, Qt::Horizontal).toString(), QStringLiteral("colour"));
    for (int r = 0; r < 5; ++r) {
        const QString name = QFileInfo(files.at(r)).fileName();
        QCOMPARE(model->index(r, model->fileColumn()).data().toString(), name);
        QVERIFY2(!model->index(r, model->thumbnailColumn()).data(Qt::DecorationRole).value<QImage>().isNull(), qPrintable(name));
        QVERIFY(!model->index(r, model->tokensColumn()).data().toString().isEmpty());
        QVERIFY(model->index(r, model->timeColumn()).data().toString().endsWith(QLatin1String(" s")));
        if (r == 2) { // the answer that is not JSON: raw text kept, flagged
            QCOMPARE(model->stateOf(r), BatchModel::RowState::Flagged);
            QVERIFY(model->index(r, 0).data(BatchModel::FlaggedRole).toBool());
            QCOMPARE(model->index(r, model->firstAnswerColumn()).data().toString(), QStringLiteral("I can't say, \"really\", sorry."));
            continue;
        }
        QCOMPARE(model->stateOf(r), BatchModel::RowState::Answered);
        QCOMPARE(model->index(r, 3).data().toString(), name);
        QCOMPARE(model->index(r, 4).data().toString(), QStringLiteral("blue, mostly"));
    }
    QCOMPARE(model->stateOf(5), BatchModel::RowState::Failed);
    QCOMPARE(model->index(5, model->fileColumn()).data().toString(), QStringLiteral("img005.jpg"));
    QCOMPARE(model->flaggedRows(), 1);
    auto *bar = child<QProgressBar>("batchProgressBar");
    QCOMPARE(bar->maximum(), 6);
    QCOMPARE(bar->value(), 6);
    QVERIFY2(child<QLabel>("batchProgressLabel")->text().startsWith(QLatin1String("6 of 6")),
             qPrintable(child<QLabel>("batchProgressLabel")->text()));

    // Export as CSV: RFC 4180, one record per row in input order.
    QVERIFY(child<QPushButton>("batchExportButton")->isEnabled());
    const QString csvPath = m_dir->filePath(QStringLiteral("out.csv"));
    QSignalSpy exported(m_window->session(), &BatchSession::exported);
    m_window->exportTo(csvPath, BatchExportFormat::Csv);
    QVERIFY(exported.wait(Timeout));
    QVERIFY2(exported.constFirst().at(0).toBool(), qPrintable(exported.constFirst().at(2).toString()));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    bool wellFormed = false;
    const QList<QStringList> records = readCsv(csv.readAll(), &wellFormed);
    QVERIFY(wellFormed);
    QCOMPARE(records.size(), 7);
    QCOMPARE(records.at(0), (QStringList{QStringLiteral("index"), QStringLiteral("file"), QStringLiteral("status"), QStringLiteral("name"),
                                         QStringLiteral("colour"), QStringLiteral("answer"), QStringLiteral("parse_error"),
                                         QStringLiteral("error"), QStringLiteral("prompt_tokens"), QStringLiteral("completion_tokens"),
                                         QStringLiteral("ms")}));
    for (int r = 1; r <= 6; ++r) {
        const QStringList &rec = records.at(r);
        QCOMPARE(rec.size(), 11);
        QCOMPARE(rec.at(0), QString::number(r));
        QCOMPARE(rec.at(1), r <= 5 ? files.at(r - 1) : broken);
    }
    QCOMPARE(records.at(1).at(2), QStringLiteral("done"));
    QCOMPARE(records.at(1).at(3), QStringLiteral("img000.png"));
    QCOMPARE(records.at(1).at(4), QStringLiteral("blue, mostly"));
    QVERIFY(records.at(1).at(5).contains(QLatin1String("```json\n{\"name\": \"img000.png\"")));
    QVERIFY(records.at(1).at(6).isEmpty());
    QCOMPARE(records.at(3).at(2), QStringLiteral("done"));
    QCOMPARE(records.at(3).at(5), QStringLiteral("I can't say, \"really\", sorry."));
    QVERIFY(!records.at(3).at(6).isEmpty()); // flagged
    QCOMPARE(records.at(6).at(2), QStringLiteral("failed"));
    QVERIFY(!records.at(6).at(7).isEmpty());

    // JSONL and Markdown too.
    exported.clear();
    m_window->exportTo(m_dir->filePath(QStringLiteral("out.jsonl")), BatchExportFormat::Jsonl);
    QVERIFY(exported.wait(Timeout));
    QFile jsonl(m_dir->filePath(QStringLiteral("out.jsonl")));
    QVERIFY(jsonl.open(QIODevice::ReadOnly));
    QCOMPARE(jsonl.readAll().count('\n'), 6);
    exported.clear();
    m_window->exportTo(m_dir->filePath(QStringLiteral("out.md")), BatchExportFormat::Markdown);
    QVERIFY(exported.wait(Timeout));
    QFile md(m_dir->filePath(QStringLiteral("out.md")));
    QVERIFY(md.open(QIODevice::ReadOnly));
    const QByteArray markdown = md.readAll();
    QVERIFY(markdown.startsWith("| index | file | status | name | colour |"));
    QCOMPARE(markdown.count('\n'), 8); // header, separator, 6 rows
}

void TestBatchWindow::fitButtonTurnsFitOn()
{
    // The generic profile (an unknown model typed in the window): 5 MiB an image as base64.
    const QString folder = m_dir->filePath(QStringLiteral("big"));
    const QString big = writeFile(folder, QStringLiteral("big.png"), photoPng(QSize(1900, 1300)));
    QVERIFY(QFileInfo(big).size() * 4 / 3 > 5 * 1024 * 1024);
    CHECKED(openWindow());
    CHECKED(fillSettings(folder));
    child<QLineEdit>("batchModelEdit")->setText(QStringLiteral("some-unknown-vision-model"));
    CHECKED(checkAndWait());
    const BatchCheck c = m_window->lastCheck();
    QCOMPARE(c.plan.problems.size(), 1);
    QVERIFY(c.plan.problems.constFirst().fitHelps);
    auto *fitButton = child<QPushButton>("batchFitButton");
    QVERIFY(fitButton->isVisible());
    const QString problem = child<QListWidget>("batchProblemList")->item(0)->text();
    QVERIFY2(problem.contains(QLatin1String("big.png")) && problem.contains(QLatin1String("Fit to Model would fix it")), qPrintable(problem));
    QVERIFY(!child<QCheckBox>("batchFitCheck")->isChecked());
    QSignalSpy shown(m_window.get(), &BatchWindow::checkShown);
    QTest::mouseClick(fitButton, Qt::LeftButton);
    QVERIFY(shown.wait(Timeout));
    QVERIFY(child<QCheckBox>("batchFitCheck")->isChecked());
    QVERIFY(m_window->lastCheck().plan.problems.isEmpty());
    QVERIFY(!fitButton->isVisible());
    QVERIFY(child<QPushButton>("batchStartButton")->isEnabled());
    QCOMPARE(m_endpoint->chatRequests().size(), 0);
}

void TestBatchWindow::cancelThenContinueInANewWindow()
{
    const QString folder = m_dir->filePath(QStringLiteral("many"));
    const QStringList files = makeImages(folder, 10);
    m_endpoint->setAnswerDelayMs(250);
    CHECKED(openWindow());
    CHECKED(fillSettings(folder, 2));
    CHECKED(checkAndWait());
    QSignalSpy finished(m_window.get(), &BatchWindow::batchFinished);
    CHECKED(click("batchStartButton"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("batchCancelButton")->isEnabled(), Timeout);
    // The window stays responsive while requests are in flight.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->model()->knownRows() >= 3, Timeout);
    CHECKED(click("batchCancelButton"));
    QVERIFY(finished.wait(Timeout));
    QCOMPARE(finished.constFirst().constFirst().value<BatchRunner::Outcome>(), BatchRunner::Outcome::Canceled);
    QCOMPARE(m_window->model()->knownRows(), 10); // every unit has a row
    QStringList answered;
    for (int r = 0; r < 10; ++r) {
        const BatchModel::RowState s = m_window->model()->stateOf(r);
        if (s == BatchModel::RowState::Answered || s == BatchModel::RowState::Flagged)
            answered << QFileInfo(files.at(r)).fileName();
    }
    QVERIFY2(answered.size() >= 3 && answered.size() < 10, qPrintable(answered.join(u',')));
    QCOMPARE(rowsWithState(BatchModel::RowState::NotAsked), 10 - int(answered.size()));
    const qint64 id = m_window->session()->batchId();
    QVERIFY(id > 0);

    // Closed and opened again: the batch is listed; Continue asks only what was not answered.
    m_tester.reset();
    m_window.reset();
    m_endpoint->clear();
    m_endpoint->setAnswerDelayMs(0);
    CHECKED(openWindow());
    auto *combo = child<QComboBox>("batchEarlierCombo");
    QTRY_VERIFY_WITH_TIMEOUT(combo->count() > 0, Timeout);
    QCOMPARE(combo->itemData(0).toLongLong(), id);
    QVERIFY2(combo->itemText(0).contains(QStringLiteral("%1 of 10 answered").arg(answered.size())), qPrintable(combo->itemText(0)));
    QSignalSpy shown(m_window.get(), &BatchWindow::checkShown);
    CHECKED(click("batchContinueButton"));
    QVERIFY(shown.wait(Timeout));
    QVERIFY(m_window->checkIsCurrent());
    QCOMPARE(m_window->continueId(), id);
    QCOMPARE(child<QPlainTextEdit>("batchPromptEdit")->toPlainText(), Template);
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>("batchFolderEdit")->text()), QFileInfo(folder).absoluteFilePath());
    QCOMPARE(m_window->lastCheck().earlierId, id);
    QCOMPARE(m_endpoint->chatRequests().size(), 0);
    CHECKED(runAndWait());

    QStringList expected;
    for (const QString &f : files)
        if (!answered.contains(QFileInfo(f).fileName()))
            expected << QFileInfo(f).fileName();
    QCOMPARE(askedFiles(*m_endpoint), expected);
    QCOMPARE(m_window->session()->batchId(), id);
    QCOMPARE(rowsWithState(BatchModel::RowState::Resumed) + rowsWithState(BatchModel::RowState::Flagged)
                 + rowsWithState(BatchModel::RowState::Answered),
             10);
    QCOMPARE(rowsWithState(BatchModel::RowState::Resumed) + (answered.contains(QStringLiteral("img002.png")) ? 1 : 0),
             int(answered.size()));

    // The store says the batch is finished, every request answered.
    m_window->session()->flush();
    ConversationStore history;
    QVERIFY2(history.open(m_dbPath), qPrintable(history.lastError()));
    BatchStore store(history);
    QCOMPARE(store.countItems(id, BatchRow::Status::Done), 10);
    QVERIFY(store.batch(id)->finishedAt.isValid());
}

void TestBatchWindow::changedFileIsAskedAgain()
{
    const QString folder = m_dir->filePath(QStringLiteral("changing"));
    const QStringList files = makeImages(folder, 4);
    CHECKED(openWindow());
    CHECKED(fillSettings(folder));
    CHECKED(checkAndWait());
    CHECKED(runAndWait());
    QCOMPARE(m_endpoint->chatRequests().size(), 4);
    const qint64 id = m_window->session()->batchId();

    // img001 gets new content; img003 is only touched (same bytes, new time): only img001 is asked again.
    const auto later = QDateTime::currentDateTime().addSecs(60);
    QVERIFY(!writeFile(folder, QStringLiteral("img001.jpg"), photoJpeg(QSize(90, 70), 70, 7)).isEmpty());
    for (const QString &f : {files.at(1), files.at(3)}) {
        QFile file(f);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(later, QFileDevice::FileModificationTime));
    }
    m_endpoint->clear();
    auto *combo = child<QComboBox>("batchEarlierCombo");
    QTRY_VERIFY_WITH_TIMEOUT(combo->findData(id) >= 0, Timeout);
    combo->setCurrentIndex(combo->findData(id));
    QSignalSpy shown(m_window.get(), &BatchWindow::checkShown);
    CHECKED(click("batchContinueButton"));
    QVERIFY(shown.wait(Timeout));
    QCOMPARE(m_window->continueId(), id);
    QCOMPARE(child<QPushButton>("batchStartButton")->text(), QStringLiteral("Continue Batch %1").arg(id));
    CHECKED(runAndWait());
    QCOMPARE(askedFiles(*m_endpoint), QStringList{QStringLiteral("img001.jpg")});
    QCOMPARE(m_window->session()->batchId(), id);
    QCOMPARE(m_window->model()->stateOf(1), BatchModel::RowState::Answered);
    QCOMPARE(m_window->model()->stateOf(0), BatchModel::RowState::Resumed);
    QCOMPARE(m_window->model()->stateOf(3), BatchModel::RowState::Resumed);

    // Another prompt is another batch: Start (no longer Continue) asks every file.
    m_endpoint->clear();
    child<QPlainTextEdit>("batchPromptEdit")->setPlainText(QStringLiteral("Name <{filename}> again."));
    CHECKED(checkAndWait());
    QCOMPARE(m_window->continueId(), 0);
    QCOMPARE(child<QPushButton>("batchStartButton")->text(), QStringLiteral("Start"));
    CHECKED(runAndWait());
    QCOMPARE(m_endpoint->chatRequests().size(), 4);
    QVERIFY(m_window->session()->batchId() > id);
}

QTEST_MAIN(TestBatchWindow)
#include "tst_batchwindow.moc"
