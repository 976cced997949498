// GUI test of the Compare Models window: the real CompareModelsWindow over the real ModelComparison,
// its images read by a real Composer from generated PNG files, talking to the loopback fake
// endpoint (OpenAI shape) that knows some model names and answers 404 to the others. Driven by
// clicks and keys on the offscreen platform.
#include "checked.h"
#include "ui/compare/comparemodelswindow.h"
#include "core/catalog/catalog.h"
#include "core/compose/composer.h"
#include "core/compare/modelcompare.h"
#include "core/util/settings.h"
#include "core/compose/traymodel.h"
#include "fakeendpoint.h"
#include "ui/tray/meterbar.h"
#include "testimages.h"

#include "widgets.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTextDocument>
#include <QtTest>

#include <memory>

using namespace squint;
using namespace squint::test;

namespace {

constexpr int Timeout = 10000;
const QString Good = QStringLiteral("gpt-4o");             // known to the fake endpoint
const QString Unknown = QStringLiteral("gpt-4.1-preview"); // 404 until the endpoint lists it
const QString Prompt = QStringLiteral("What differs between these two pictures? Answer briefly.");
const QString Answer = QStringLiteral("The **left** one is blue, the right one is *red*.");

QStringList modelsAsked(const FakeChatEndpoint &ep)
{
    QStringList names;
    for (const QJsonObject &body : ep.requestBodies())
        names << body.value(QStringLiteral("model")).toString();
    return names;
}

} // namespace

class TestCompareModelsWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void widgetsHaveNames();
    void sendToAllThenRetryAndContinue();
    void perModelLimitsBlockOnlyThatColumn_data();
    void perModelLimitsBlockOnlyThatColumn();
    void fitToModelMakesTheColumnSendable();
    void addChangeAndRemoveModels();
    void streamingIsThrottled();
    void keysSendAndCloseStops();

private:
    void loadTray(int images);
    void openWindow(const QStringList &models);
    QWidget *column(int index) const;
    template<typename T>
    T *inColumn(int index, const char *objectName) const
    {
        return test::child<T>(column(index), objectName);
    }
    void click(QAbstractButton *button);
    bool finished(int index) const
    {
        return m_comparison->column(index).started && m_comparison->column(index).turn.isFinished();
    }

    QTemporaryDir m_files;
    QStringList m_images;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<FakeChatEndpoint> m_endpoint;
    std::unique_ptr<Composer> m_composer;
    std::unique_ptr<ModelComparison> m_comparison;
    std::unique_ptr<CompareModelsWindow> m_window;
};

void TestCompareModelsWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_files.isValid());
    for (int i = 0; i < 6; ++i) {
        const QString path = writeFile(m_files.path(),
                                       QStringLiteral("picture-%1.png").arg(i),
                                       i % 2 ? screenshotPng(QSize(120 + i, 80))
                                             : photoPng(QSize(96, 64 + i), quint32(i + 1)));
        QVERIFY(!path.isEmpty());
        m_images << path;
    }
}

void TestCompareModelsWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("squint.ini")));
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_endpoint = std::make_unique<FakeChatEndpoint>(Backend::OpenAI);
    m_endpoint->setAnswer(Answer);
    m_endpoint->setModels({Good});
    m_endpoint->setRejectUnknownModels(true);
    m_endpoint->setAnswerDelayMs(30); // times above zero, as on a real server
    m_composer = std::make_unique<Composer>(Catalog::builtIn(), m_settings.get(), m_nam.get());
    m_composer->setModelName(Good);
}

void TestCompareModelsWindow::cleanup()
{
    m_window.reset();
    m_comparison.reset();
    m_composer.reset();
    m_endpoint.reset();
    m_nam.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestCompareModelsWindow::loadTray(int images)
{
    m_composer->addPaths(m_images.mid(0, images));
    QTRY_COMPARE_WITH_TIMEOUT(m_composer->tray()->count(), images, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!m_composer->isBusy(), Timeout);
    for (const TrayItem &item : m_composer->tray()->items())
        QVERIFY2(item.stage == ItemFacts::Stage::Ready,
                 qPrintable(item.name + QLatin1String(": ") + item.error));
}

void TestCompareModelsWindow::openWindow(const QStringList &models)
{
    m_comparison = std::make_unique<ModelComparison>(Catalog::builtIn(),
                                                     m_settings.get(),
                                                     m_nam.get());
    ChatTarget target;
    target.connectionName = QStringLiteral("Fake");
    target.chatUrl = QUrl(m_endpoint->baseUrl().toString() + QLatin1String("/chat/completions"));
    m_comparison->setTarget(target);
    m_comparison->setup(Prompt,
                        m_composer->tray()->items(),
                        RequestContext{},
                        ChatParameters{},
                        models);
    QCOMPARE(m_comparison->count(), models.size());

    m_window = std::make_unique<CompareModelsWindow>(m_comparison.get());
    m_window->setModelSuggestions({Good, QStringLiteral("gpt-4.1"), QStringLiteral("gpt-5")});
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->objectName(), QStringLiteral("compareModelsWindow"));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Compare Models"));
    QVERIFY(m_window->windowFlags().testFlag(Qt::Window));
    QCOMPARE(m_window->columnCount(), int(models.size()));
    for (int i = 0; i < models.size(); ++i) {
        QWidget *c = column(i);
        QVERIFY2(c, qPrintable(QStringLiteral("compareColumn%1").arg(i)));
        QVERIFY(qobject_cast<QSplitter *>(c->parentWidget()));
        QCOMPARE(inColumn<QComboBox>(i, "compareModelCombo")->currentText(), models.at(i));
    }
    // Columns that get ready (their images prepared) let Send to All go.
    QTRY_VERIFY_WITH_TIMEOUT(m_comparison->startBlocker().isEmpty() || m_comparison->count() == 0,
                             Timeout);
}

QWidget *TestCompareModelsWindow::column(int index) const
{
    return m_window->findChild<QWidget *>(QStringLiteral("compareColumn%1").arg(index));
}

void TestCompareModelsWindow::click(QAbstractButton *button)
{
    QVERIFY(button);
    QVERIFY2(button->isVisible(), qPrintable(button->objectName()));
    QVERIFY2(button->isEnabled(), qPrintable(button->objectName()));
    QTest::mouseClick(button, Qt::LeftButton);
}

// ------------------------------------------------------------------------------------------------

void TestCompareModelsWindow::widgetsHaveNames()
{
    CHECKED(loadTray(2));
    CHECKED(openWindow({Good, Unknown}));
    int checked = 0;
    for (QWidget *w : m_window->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QComboBox *>(w)
                             || qobject_cast<QLineEdit *>(w) || qobject_cast<QTextBrowser *>(w)
                             || qobject_cast<QLabel *>(w) || qobject_cast<QProgressBar *>(w)
                             || qobject_cast<QSplitter *>(w);
        if (!control || w->objectName().startsWith(QLatin1String("qt_")))
            continue;
        ++checked;
        QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
    }
    QVERIFY(checked > 20);

    // The summary of what is sent.
    auto *prompt = m_window->findChild<QLabel *>(QStringLiteral("comparePromptLabel"));
    QVERIFY(prompt);
    QCOMPARE(prompt->textFormat(), Qt::PlainText);
    QTextDocument tip; // the tooltip is the prompt as text, whatever it holds
    tip.setHtml(prompt->toolTip());
    QCOMPARE(tip.toPlainText(), Prompt);
    // "2 images" with the English translation loaded (plural forms), "2 image(s)" without.
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("compareImagesLabel"))
                ->text()
                .startsWith(QLatin1String("2 image")));
    auto *send = m_window->findChild<QPushButton *>(QStringLiteral("compareSendButton"));
    QVERIFY(send->isEnabled());
    QVERIFY(send->focusPolicy() & Qt::TabFocus);
    QVERIFY(
        !m_window->findChild<QPushButton *>(QStringLiteral("compareStopAllButton"))->isVisible());
    // Two columns: nothing to remove.
    QVERIFY(!inColumn<QPushButton>(0, "compareRemoveButton")->isVisible());
    QVERIFY(!inColumn<QPushButton>(1, "compareRemoveButton")->isVisible());
    for (int i = 0; i < 2; ++i) {
        QVERIFY(!inColumn<QPushButton>(i, "compareContinueButton")->isEnabled());
        QVERIFY(!inColumn<QPushButton>(i, "compareRetryButton")->isVisible());
        QVERIFY(!inColumn<QLabel>(i, "compareErrorLabel")->isVisible());
        QVERIFY(!inColumn<QLabel>(i, "compareBlockerLabel")->isVisible());
        QVERIFY(!inColumn<QPushButton>(i, "compareFitButton")->isEnabled()); // within every limit
        QVERIFY(inColumn<QTextBrowser>(i, "compareAnswerView")->isReadOnly());
    }
}

void TestCompareModelsWindow::sendToAllThenRetryAndContinue()
{
    CHECKED(loadTray(2));
    CHECKED(openWindow({Good, Unknown}));
    QSignalSpy continued(m_window.get(), &CompareModelsWindow::continueRequested);

    CHECKED(click(m_window->findChild<QPushButton *>(QStringLiteral("compareSendButton"))));
    QTRY_VERIFY_WITH_TIMEOUT(finished(0) && finished(1), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!m_comparison->isRunning(), Timeout);
    QCOMPARE(m_endpoint->chatRequests().size(), 2);
    QStringList asked = modelsAsked(*m_endpoint);
    asked.sort();
    QStringList expected{Good, Unknown};
    expected.sort();
    QCOMPARE(asked, expected);

    // Column 0: the answer, rendered as Markdown (no asterisks left), and its figures.
    QCOMPARE(m_comparison->column(0).turn.state, Turn::State::Done);
    auto *answer0 = inColumn<QTextBrowser>(0, "compareAnswerView");
    QTRY_COMPARE_WITH_TIMEOUT(answer0->toPlainText().trimmed(),
                              QStringLiteral("The left one is blue, the right one is red."),
                              Timeout);
    QVERIFY(answer0->toMarkdown().contains(QLatin1String("**left**")));
    auto *figures0 = inColumn<QLabel>(0, "compareFiguresLabel");
    QVERIFY(figures0->isVisible());
    QVERIFY2(figures0->text().contains(QLatin1String("total "))
                 && figures0->text().contains(QLatin1String(" s")),
             qPrintable(figures0->text()));
    const qint64 completion = m_comparison->column(0).turn.usage.completion;
    if (completion > 0)
        QVERIFY2(figures0->text().contains(QStringLiteral("%1 token").arg(completion)),
                 qPrintable(figures0->text()));
    QCOMPARE(inColumn<QLabel>(0, "compareStatusLabel")->text(), QStringLiteral("Done"));
    QVERIFY(!inColumn<QLabel>(0, "compareErrorLabel")->isVisible());
    QVERIFY(!inColumn<QPushButton>(0, "compareRetryButton")->isVisible());
    QVERIFY(!inColumn<QPushButton>(0, "compareStopButton")->isVisible());

    // Column 1: the 404 as an error, with Retry; no answer to continue with.
    QCOMPARE(m_comparison->column(1).turn.state, Turn::State::Failed);
    QCOMPARE(m_comparison->column(1).turn.error.status, 404);
    auto *error1 = inColumn<QLabel>(1, "compareErrorLabel");
    QVERIFY(error1->isVisible());
    QVERIFY(!error1->text().isEmpty());
    QVERIFY2(error1->text().contains(QLatin1String("404"))
                 || error1->text().contains(m_comparison->column(1).turn.error.serverMessage),
             qPrintable(error1->text()));
    auto *retry1 = inColumn<QPushButton>(1, "compareRetryButton");
    QVERIFY(retry1->isVisible());
    QVERIFY(retry1->isEnabled());
    QVERIFY(inColumn<QPushButton>(0, "compareContinueButton")->isEnabled());
    QVERIFY(!inColumn<QPushButton>(1, "compareContinueButton")->isEnabled());
    QVERIFY(
        !m_window->findChild<QPushButton *>(QStringLiteral("compareStopAllButton"))->isVisible());

    // The endpoint learns the model: Retry on column 1 succeeds, column 0 is left alone.
    m_endpoint->setModels({Good, Unknown});
    CHECKED(click(retry1));
    QTRY_VERIFY_WITH_TIMEOUT(finished(1) && !m_comparison->isRunning(), Timeout);
    QCOMPARE(m_comparison->column(1).turn.state, Turn::State::Done);
    QCOMPARE(m_endpoint->chatRequests().size(), 3);
    QCOMPARE(modelsAsked(*m_endpoint).constLast(), Unknown);
    QTRY_VERIFY_WITH_TIMEOUT(!error1->isVisible(), Timeout);
    QVERIFY(!retry1->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(inColumn<QTextBrowser>(1, "compareAnswerView")->toPlainText().trimmed(),
                              QStringLiteral("The left one is blue, the right one is red."),
                              Timeout);
    QVERIFY(inColumn<QPushButton>(1, "compareContinueButton")->isEnabled());
    QCOMPARE(m_comparison->column(0).turn.state, Turn::State::Done);

    // Continue with column 0's answer.
    QVERIFY(continued.isEmpty());
    CHECKED(click(inColumn<QPushButton>(0, "compareContinueButton")));
    QCOMPARE(continued.size(), 1);
    QCOMPARE(continued.constFirst().constFirst().toInt(), 0);
}

void TestCompareModelsWindow::perModelLimitsBlockOnlyThatColumn_data()
{
    QTest::addColumn<int>("images");
    QTest::addColumn<QString>("limited");
    QTest::addColumn<bool>("override");
    // The catalog caps this Databricks endpoint at 5 images.
    QTest::newRow("catalog") << 6 << QStringLiteral("databricks-gemma-3-12b") << false;
    // The user's limit override: 1 image for this model.
    QTest::newRow("override") << 2 << QStringLiteral("gpt-4.1-mini") << true;
}

void TestCompareModelsWindow::perModelLimitsBlockOnlyThatColumn()
{
    QFETCH(int, images);
    QFETCH(QString, limited);
    QFETCH(bool, override);
    if (override)
        m_settings->setLimitOverrides(limited, {{QString::fromLatin1(LimitField::MaxImages), 1}});
    m_endpoint->setModels({Good, limited});
    CHECKED(loadTray(images));
    CHECKED(openWindow({Good, limited}));

    // Column 1 is over its image count and says why; column 0 can send.
    QTRY_VERIFY_WITH_TIMEOUT(!m_comparison->column(1).evaluation.blocker.isEmpty(), Timeout);
    auto *count1 = inColumn<MeterWidget>(1, "compareCountMeter");
    QVERIFY(count1);
    QCOMPARE(count1->meter().level, Meter::Level::Over);
    QVERIFY2(count1->text().contains(QLatin1String("over the limit")), qPrintable(count1->text()));
    auto *blocker1 = inColumn<QLabel>(1, "compareBlockerLabel");
    QVERIFY(blocker1->isVisible());
    QCOMPARE(blocker1->text(), m_comparison->column(1).evaluation.blocker);
    QVERIFY(inColumn<QPushButton>(1, "compareFitButton")->isEnabled());

    QVERIFY(inColumn<MeterWidget>(0, "compareCountMeter")->meter().level != Meter::Level::Over);
    QVERIFY(!inColumn<QLabel>(0, "compareBlockerLabel")->isVisible());
    QVERIFY(m_comparison->column(0).canSend());
    QVERIFY(!m_comparison->column(1).canSend());
    auto *send = m_window->findChild<QPushButton *>(QStringLiteral("compareSendButton"));
    QVERIFY(send->isEnabled());

    // Send to All starts only the column that can send.
    CHECKED(click(send));
    QTRY_VERIFY_WITH_TIMEOUT(finished(0) && !m_comparison->isRunning(), Timeout);
    QCOMPARE(m_comparison->column(0).turn.state, Turn::State::Done);
    QVERIFY(!m_comparison->column(1).started);
    QCOMPARE(modelsAsked(*m_endpoint), QStringList{Good});
    QVERIFY(blocker1->isVisible());
    QVERIFY(!inColumn<QPushButton>(1, "compareRetryButton")->isVisible());
    QVERIFY(!inColumn<QPushButton>(1, "compareContinueButton")->isEnabled());
    QVERIFY(inColumn<QTextBrowser>(1, "compareAnswerView")->toPlainText().isEmpty());
    // The button follows the comparison's blocker and says why when it can't send.
    QCOMPARE(send->isEnabled(), m_comparison->startBlocker().isEmpty());
    if (!send->isEnabled())
        QCOMPARE(send->toolTip(), m_comparison->startBlocker());
}

void TestCompareModelsWindow::fitToModelMakesTheColumnSendable()
{
    const QString limited = QStringLiteral("gpt-4.1-mini");
    // The two images make a request of about 18 kB; this model is told to take 12 kB at most.
    m_settings->setLimitOverrides(limited,
                                  {{QString::fromLatin1(LimitField::MaxRequestBytes), 12000}});
    m_endpoint->setModels({Good, limited});
    CHECKED(loadTray(2));
    CHECKED(openWindow({Good, limited}));

    auto *payload1 = inColumn<MeterWidget>(1, "comparePayloadMeter");
    QTRY_COMPARE_WITH_TIMEOUT(payload1->meter().level, Meter::Level::Over, Timeout);
    auto *blocker1 = inColumn<QLabel>(1, "compareBlockerLabel");
    QVERIFY(blocker1->isVisible());
    auto *message1 = inColumn<QLabel>(1, "compareMessageLabel");
    QVERIFY(!message1->isVisible());
    QVERIFY(!inColumn<QPushButton>(0, "compareFitButton")->isEnabled());

    auto *fit1 = inColumn<QPushButton>(1, "compareFitButton");
    CHECKED(click(fit1));
    QVERIFY(!fit1->isEnabled()); // while it runs
    QTRY_VERIFY_WITH_TIMEOUT(!m_comparison->column(1).fitting
                                 && m_comparison->column(1).preparing == 0,
                             Timeout);
    // What Fit to Model did is said in its column.
    QTRY_VERIFY_WITH_TIMEOUT(message1->isVisible(), Timeout);
    QVERIFY(!message1->text().isEmpty());
    QVERIFY2(m_comparison->column(1).canSend(), qPrintable(message1->text()));
    QVERIFY(payload1->meter().level != Meter::Level::Over);
    QVERIFY(!blocker1->isVisible());
    QVERIFY(!fit1->isEnabled());

    // Both columns go now.
    CHECKED(click(m_window->findChild<QPushButton *>(QStringLiteral("compareSendButton"))));
    QTRY_VERIFY_WITH_TIMEOUT(finished(0) && finished(1) && !m_comparison->isRunning(), Timeout);
    QCOMPARE(m_comparison->column(0).turn.state, Turn::State::Done);
    QCOMPARE(m_comparison->column(1).turn.state, Turn::State::Done);
    QCOMPARE(m_endpoint->chatRequests().size(), 2);
    for (const RecordedRequest &r : m_endpoint->chatRequests()) {
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        if (body.value(QStringLiteral("model")).toString() == limited)
            QVERIFY2(r.body.size() <= 12000, qPrintable(QString::number(r.body.size())));
    }
}

void TestCompareModelsWindow::addChangeAndRemoveModels()
{
    CHECKED(loadTray(2));
    CHECKED(openWindow({Good, Unknown}));
    auto *add = m_window->findChild<QPushButton *>(QStringLiteral("compareAddButton"));

    // Add: a third column, with the first suggestion not compared yet; then no more.
    CHECKED(click(add));
    QCOMPARE(m_comparison->count(), 3);
    QTRY_COMPARE(m_window->columnCount(), 3);
    QVERIFY(column(2));
    QCOMPARE(m_comparison->column(2).model, QStringLiteral("gpt-4.1"));
    QCOMPARE(inColumn<QComboBox>(2, "compareModelCombo")->currentText(), QStringLiteral("gpt-4.1"));
    QVERIFY(!add->isEnabled());
    for (int i = 0; i < 3; ++i)
        QVERIFY(inColumn<QPushButton>(i, "compareRemoveButton")->isVisible());

    // Change column 1's model by typing its name and pressing Enter.
    auto *combo = inColumn<QComboBox>(1, "compareModelCombo");
    combo->setFocus();
    combo->setEditText(QStringLiteral("gpt-5"));
    QTest::keyClick(combo->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE(m_comparison->column(1).model, QStringLiteral("gpt-5"));
    QCOMPARE(m_comparison->models(),
             (QStringList{Good, QStringLiteral("gpt-5"), QStringLiteral("gpt-4.1")}));

    // Remove the first column: the others move down, removing stops at two.
    CHECKED(click(inColumn<QPushButton>(0, "compareRemoveButton")));
    QTRY_COMPARE(m_window->columnCount(), 2);
    QCOMPARE(m_comparison->models(),
             (QStringList{QStringLiteral("gpt-5"), QStringLiteral("gpt-4.1")}));
    QTRY_VERIFY(!column(2));
    QCOMPARE(inColumn<QComboBox>(0, "compareModelCombo")->currentText(), QStringLiteral("gpt-5"));
    QCOMPARE(inColumn<QComboBox>(1, "compareModelCombo")->currentText(), QStringLiteral("gpt-4.1"));
    QVERIFY(!inColumn<QPushButton>(0, "compareRemoveButton")->isVisible());
    QVERIFY(add->isEnabled());
}

void TestCompareModelsWindow::streamingIsThrottled()
{
    // A long answer in one-character pieces: hundreds of deltas, a few renders.
    QString longAnswer;
    for (int i = 0; i < 12; ++i)
        longAnswer += QStringLiteral("- point %1 about the *pictures*\n").arg(i);
    m_endpoint->setAnswer(longAnswer);
    m_endpoint->setCharsPerChunk(1);
    m_endpoint->setChunkDelayMs(2);
    m_endpoint->setModels({Good, QStringLiteral("gpt-4.1")});
    CHECKED(loadTray(2));
    CHECKED(openWindow({Good, QStringLiteral("gpt-4.1")}));
    QSignalSpy deltas(m_comparison.get(), &ModelComparison::answerAppended);
    const int rendersBefore = m_window->renderCount();

    QElapsedTimer clock;
    clock.start();
    QTest::keyClick(m_window->findChild<QPushButton *>(QStringLiteral("compareSendButton")),
                    Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(m_comparison->isRunning(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!m_comparison->column(0).turn.answer.isEmpty(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(finished(0) && finished(1) && !m_comparison->isRunning(), 3 * Timeout);
    QCOMPARE(m_comparison->column(0).turn.state, Turn::State::Done);
    QCOMPARE(m_comparison->column(0).turn.answer, longAnswer);

    const qint64 elapsed = clock.elapsed();
    const int renders = m_window->renderCount() - rendersBefore;
    const QString figures = QStringLiteral("%1 renders for %2 deltas in %3 ms")
                                .arg(renders)
                                .arg(deltas.size())
                                .arg(elapsed);
    QVERIFY2(deltas.size() > 100, qPrintable(figures));
    // At most one render per column and RenderDelayMs (plus the final one), far fewer than the deltas.
    QVERIFY2(renders >= 2, qPrintable(figures));
    QVERIFY2(renders <= 2 * (elapsed / CompareModelsWindow::RenderDelayMs + 2), qPrintable(figures));
    QVERIFY2(renders * 2 < deltas.size(), qPrintable(figures));
    for (int i = 0; i < 2; ++i) {
        auto *view = inColumn<QTextBrowser>(i, "compareAnswerView");
        QVERIFY(view->toPlainText().contains(QLatin1String("point 11 about the pictures")));
        QVERIFY(!view->toPlainText().contains(QLatin1Char('*')));
    }
}

void TestCompareModelsWindow::keysSendAndCloseStops()
{
    m_endpoint->setModels({Good, QStringLiteral("gpt-4.1")});
    m_endpoint->setAnswerDelayMs(5000); // long enough to close the window while both wait
    CHECKED(loadTray(2));
    CHECKED(openWindow({Good, QStringLiteral("gpt-4.1")}));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));

    // Ctrl+Return sends to all.
    QTest::keyClick(m_window.get(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(m_comparison->isRunning(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(m_comparison->column(0).started && m_comparison->column(1).started,
                             Timeout);
    auto *stopAll = m_window->findChild<QPushButton *>(QStringLiteral("compareStopAllButton"));
    QVERIFY(stopAll->isVisible() && stopAll->isEnabled());
    for (int i = 0; i < 2; ++i) {
        QVERIFY(inColumn<QPushButton>(i, "compareStopButton")->isVisible());
        QVERIFY(!inColumn<QComboBox>(i, "compareModelCombo")->isEnabled());
        QCOMPARE(inColumn<QLabel>(i, "compareStatusLabel")->text().isEmpty(), false);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_endpoint->chatRequests().size(), 2, Timeout);

    // Esc closes the window, and closing stops the calls (what arrived is kept).
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!m_comparison->isRunning(), Timeout);
    for (int i = 0; i < 2; ++i) {
        QVERIFY(m_comparison->column(i).turn.isFinished());
        QVERIFY(m_comparison->column(i).turn.state != Turn::State::Done);
    }
}

QTEST_MAIN(TestCompareModelsWindow)
#include "tst_comparemodelswindow.moc"
