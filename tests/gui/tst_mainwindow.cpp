// GUI test of the main window: a real Composer, real image files, real widgets found by objectName
// and driven with synthesized drag-and-drop and key events (docs/development.md, habit 10). Runs on
// QT_QPA_PLATFORM=offscreen.
#include "appharness.h"
#include "checked.h"
#include "core/catalog/catalog.h"
#include "core/chat/chatsession.h"
#include "core/compare/modelcompare.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/connections/connectionmanager.h"
#include "core/connections/secretstore.h"
#include "core/util/safelinks.h"
#include "core/util/settings.h"
#include "fakedatabricksauth.h"
#include "fakeendpoint.h"
#include "ui/chat/chatview.h"
#include "ui/chat/promptedit.h"
#include "ui/compare/comparemodelswindow.h"
#include "ui/compare/compareview.h"
#include "ui/connections/parametersdialog.h"
#include "ui/mainwindow.h"
#include "ui/messagebar.h"
#include "ui/modelpicker.h"
#include "ui/tray/limitsdialog.h"
#include "ui/tray/meterbar.h"
#include "ui/tray/traywidget.h"

#include "widgets.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace squint;

namespace {

constexpr int LoadTimeout = 30000; // generous: CI may run this under sanitizers
const QString Sonnet = QStringLiteral("databricks-claude-sonnet-4-5");
const QString Maverick = QStringLiteral("databricks-llama-4-maverick"); // 5 images per request

/// A gradient with noise, different for every seed, so no two files are duplicates.
QImage makeImage(int width, int height, quint32 seed, int noise)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator rng(seed);
    const int hue = int(seed * 47 % 360);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const QColor base = QColor::fromHsv(hue, 120 + 100 * x / width, 80 + 150 * y / height);
            auto jitter = [&](int c) { return qBound(0, c + int(rng.bounded(2 * noise + 1)) - noise, 255); };
            line[x] = qRgb(jitter(base.red()), jitter(base.green()), jitter(base.blue()));
        }
    }
    return image;
}

} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void widgetsHaveNamesAndAccessibleNames();
    void emptyWindowExplainsWhySendIsOff();
    void droppedFilesFillTrayAndMeters();
    void modelWithFiveImageLimitBlocksSend();
    void deleteKeyRemovesSelectedItem();
    void deleteKeyInPromptEditsText();
    void nonImageFileReportsErrorAndKeepsGoodItems();
    void fitToModelShrinksLargeImage();
    void dropsOnChatViewAndPromptGoToTray();
    void internalDragReordersTray();
    void limitsDialogOverridesAndResets();
    void sendStreamsTheAnswerIntoTheChat();
    void stopKeepsWhatArrivedAndRetryAsksAgain();
    void refusedOAuthTokenIsRenewedAndTheTurnAskedAgain();
    void failedTurnShowsTheErrorAndKeepsTheTurn();
    void keyboardSendsAndRecallsPrompts();
    void editPutsThePromptBackAndReplacesTheTurn();
    void withoutAConnectionSendSaysWhy();
    void requestParametersGoIntoTheRequest();
    void pasteGoesToTray();
    void unknownModelShowsConservativeNote();
    void aboutShowsVersions();
    void geometryIsSavedAndRestored();
    void splitterSizesAreSavedAndRestored();
    void batchWindowOpensWithTheModelAndTheTray();
    void compareOpensTheSelectedImages();
    void ctrlDWithTooManyImagesSaysWhatToSelect();
    void menuActionsThatCantRunSayWhy();
    void askAboutTheseSendsTheShownImagesInOrder();
    void compareATurnsImagesFromTheChat();
    void compareModelsThenContinueWithOne();

private:
    template<typename T>
    T *find(const QString &name) const
    {
        return test::child<T>(m_window, name);
    }
    TrayModel *tray() const { return m_composer->tray(); }
    /// Starts Squint (again) on the test's settings folder.
    void start(const test::AppHarness::Options &options);
    void dropUrls(QWidget *target, const QList<QUrl> &urls, QPoint pos = {});
    void chooseModel(const QString &name);
    bool settled() const;
    int rowsIn(ItemFacts::Stage stage) const;
    QList<QUrl> smallUrls(int count) const;
    void addAndSettle(const QList<QUrl> &urls, int expectedRows);
    QString chatText() const;

    QTemporaryDir m_files;
    QStringList m_small; ///< 8 distinct small images, JPEG and PNG
    QString m_large;     ///< 4000 x 3000 noisy JPEG
    QString m_text;      ///< not an image

    std::unique_ptr<QTemporaryDir> m_config;
    std::unique_ptr<test::FakeChatEndpoint> m_endpoint;
    std::unique_ptr<test::AppHarness> m_app;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    // Parts of m_app.
    Settings *m_settings = nullptr;
    Composer *m_composer = nullptr;
    ChatSession *m_session = nullptr;
    MainWindow *m_window = nullptr;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_files.isValid());

    for (int i = 0; i < 8; ++i) {
        const bool png = i % 2;
        const QString path = m_files.filePath(QStringLiteral("small-%1.%2").arg(i).arg(png ? QStringLiteral("png")
                                                                                           : QStringLiteral("jpg")));
        QVERIFY(makeImage(640, 480, quint32(i + 1), 12).save(path, png ? "PNG" : "JPEG", 90));
        m_small << path;
    }

    // Strong noise makes a big JPEG: well over the 10 MB request cap on Databricks once in base64.
    m_large = m_files.filePath(QStringLiteral("large-photo.jpg"));
    QVERIFY(makeImage(4000, 3000, 99, 90).save(m_large, "JPEG", 95));
    QVERIFY2(QFileInfo(m_large).size() > 8'000'000, qPrintable(QString::number(QFileInfo(m_large).size())));

    m_text = m_files.filePath(QStringLiteral("notes.txt"));
    QFile text(m_text);
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("These are notes, not an image.\n");
}

void TestMainWindow::init()
{
    m_config = std::make_unique<QTemporaryDir>();
    QVERIFY(m_config->isValid());
    // The window talks to a loopback fake of an OpenAI-compatible endpoint.
    m_endpoint = std::make_unique<test::FakeChatEndpoint>(test::Backend::OpenAI);
    test::AppHarness::Options options;
    options.chatUrl = m_endpoint->chatUrl();
    CHECKED(start(options));
}

void TestMainWindow::start(const test::AppHarness::Options &options)
{
    m_tester.reset();
    m_app.reset(); // one Squint at a time on the settings
    m_app = std::make_unique<test::AppHarness>(m_config->path(), options);
    m_settings = m_app->settings();
    m_composer = m_app->composer();
    m_session = m_app->session();
    m_window = m_app->window();
    QVERIFY(m_composer->catalog().isValid());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_composer->tray(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(m_app->showWindow());
}

void TestMainWindow::cleanup()
{
    m_tester.reset();
    m_window = nullptr;
    m_session = nullptr;
    m_composer = nullptr;
    m_settings = nullptr;
    m_app.reset();
    m_endpoint.reset();
    m_config.reset();
}

// ------------------------------------------------------------------------------------------------
// helpers

void TestMainWindow::dropUrls(QWidget *target, const QList<QUrl> &urls, QPoint pos)
{
    QVERIFY(target);
    QMimeData mime;
    mime.setUrls(urls);
    if (pos.isNull())
        pos = target->rect().center();
    const Qt::DropActions actions = Qt::CopyAction | Qt::MoveAction | Qt::LinkAction;

    QDragEnterEvent enter(pos, actions, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY2(enter.isAccepted(), "drag enter refused");
    QDragMoveEvent move(pos, actions, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &move);
    QVERIFY2(move.isAccepted(), "drag move refused");
    QDropEvent drop(QPointF(pos), actions, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY2(drop.isAccepted(), "drop refused");
}

void TestMainWindow::chooseModel(const QString &name)
{
    auto *picker = find<ModelPicker>(QStringLiteral("modelPicker"));
    QVERIFY(picker);
    QLineEdit *edit = picker->lineEdit();
    QVERIFY(edit);
    edit->setFocus(Qt::OtherFocusReason);
    edit->selectAll();
    QTest::keyClicks(edit, name);
    QCOMPARE(edit->text(), name);
    // A completion popup may be open; Enter goes where a user's Enter would go.
    QWidget *target = QApplication::activePopupWidget() ? QApplication::activePopupWidget() : edit;
    QTest::keyClick(target, Qt::Key_Return);
    QTRY_COMPARE(m_composer->modelName(), name);
}

bool TestMainWindow::settled() const
{
    for (int row = 0; row < tray()->rowCount(); ++row) {
        if (ItemFacts::Stage(tray()->index(row).data(TrayModel::StageRole).toInt()) == ItemFacts::Stage::Loading)
            return false;
    }
    return !m_composer->isBusy();
}

int TestMainWindow::rowsIn(ItemFacts::Stage stage) const
{
    int n = 0;
    for (int row = 0; row < tray()->rowCount(); ++row)
        n += ItemFacts::Stage(tray()->index(row).data(TrayModel::StageRole).toInt()) == stage;
    return n;
}

QList<QUrl> TestMainWindow::smallUrls(int count) const
{
    QList<QUrl> urls;
    for (int i = 0; i < count; ++i)
        urls << QUrl::fromLocalFile(m_small.at(i));
    return urls;
}

void TestMainWindow::addAndSettle(const QList<QUrl> &urls, int expectedRows)
{
    auto *view = find<QListView>(QStringLiteral("trayView"));
    QVERIFY(view);
    CHECKED(dropUrls(view->viewport(), urls));
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(tray()->rowCount(), expectedRows, LoadTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(settled(), LoadTimeout);
    // The evaluation follows the tray on the next turn of the event loop.
    QTRY_COMPARE(m_composer->evaluation().items.size(), qsizetype(expectedRows));
}

// ------------------------------------------------------------------------------------------------
// tests

void TestMainWindow::widgetsHaveNamesAndAccessibleNames()
{
    const QStringList required = {
        QStringLiteral("trayView"),       QStringLiteral("sendButton"),      QStringLiteral("promptEdit"),
        QStringLiteral("modelPicker"),    QStringLiteral("countMeter"),      QStringLiteral("payloadMeter"),
        QStringLiteral("tokenMeter"),     QStringLiteral("fitButton"),       QStringLiteral("addImagesButton"),
        QStringLiteral("removeButton"),   QStringLiteral("clearButton"),     QStringLiteral("messageBar"),
        QStringLiteral("chatView"),       QStringLiteral("sendBlockerLabel"), QStringLiteral("modelNoteLabel"),
        QStringLiteral("limitsButton"),
    };
    for (const QString &name : required) {
        QWidget *w = find<QWidget>(name);
        QVERIFY2(w, qPrintable(name));
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(name));
    }

    // Every interactive widget we made has both names (internal Qt children are left out).
    const QList<QWidget *> all = m_window->findChildren<QWidget *>();
    for (QWidget *w : all) {
        const bool interactive = qobject_cast<QAbstractButton *>(w) || qobject_cast<QAbstractSpinBox *>(w)
                                 || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w)
                                 || qobject_cast<QPlainTextEdit *>(w) || qobject_cast<QTextEdit *>(w)
                                 || qobject_cast<QProgressBar *>(w);
        if (!interactive || w->objectName().startsWith(QLatin1String("qt_")))
            continue;
        bool internal = false;
        for (QWidget *p = w->parentWidget(); p; p = p->parentWidget())
            internal = internal || qobject_cast<QComboBox *>(p);
        if (internal)
            continue;
        QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
    }

    QCOMPARE(m_window->windowTitle(), QStringLiteral("Squint"));
    QVERIFY(!m_window->windowIcon().isNull());
}

void TestMainWindow::emptyWindowExplainsWhySendIsOff()
{
    auto *send = find<QPushButton>(QStringLiteral("sendButton"));
    auto *blocker = find<QLabel>(QStringLiteral("sendBlockerLabel"));
    auto *fit = find<QPushButton>(QStringLiteral("fitButton"));
    QVERIFY(send && blocker && fit);

    QVERIFY(!m_composer->evaluation().canSend);
    QVERIFY(!send->isEnabled());
    QVERIFY(!m_composer->evaluation().blocker.isEmpty());
    QCOMPARE(blocker->text(), m_composer->evaluation().blocker);
    QVERIFY(blocker->isVisible());
    QCOMPARE(send->toolTip(), plainToolTip(m_composer->evaluation().blocker));
    QVERIFY(!fit->isEnabled()); // nothing to fit

    // Typing a question is enough to send text alone; the reason goes away with it.
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QVERIFY(prompt);
    QTest::keyClicks(prompt, QStringLiteral("What is this?"));
    QCOMPARE(m_composer->prompt(), QStringLiteral("What is this?"));
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QVERIFY(send->isEnabled());
    QVERIFY(!blocker->isVisible());
}

void TestMainWindow::droppedFilesFillTrayAndMeters()
{
    CHECKED(chooseModel(Sonnet));
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QVERIFY(prompt);
    QTest::keyClicks(prompt, QStringLiteral("Compare these"));

    CHECKED(addAndSettle(smallUrls(3), 3));
    QCOMPARE(rowsIn(ItemFacts::Stage::Ready), 3);
    for (int row = 0; row < 3; ++row) {
        const QModelIndex index = tray()->index(row);
        QVERIFY(!index.data(TrayModel::ThumbnailRole).value<QImage>().isNull());
        QCOMPARE(index.data(TrayModel::PixelSizeRole).toSize(), QSize(640, 480));
        QCOMPARE(index.data(TrayModel::NameRole).toString(), QFileInfo(m_small.at(row)).fileName());
    }

    auto *count = find<MeterWidget>(QStringLiteral("countMeter"));
    auto *payload = find<MeterWidget>(QStringLiteral("payloadMeter"));
    auto *tokens = find<MeterWidget>(QStringLiteral("tokenMeter"));
    QVERIFY(count && payload && tokens);
    const Evaluation &e = m_composer->evaluation();
    QCOMPARE(e.count.value, 3);
    QCOMPARE(count->meter().value, 3);
    QVERIFY(count->text().startsWith(e.count.text));
    QCOMPARE(count->meter().level, Meter::Level::Ok);
    QVERIFY2(count->accessibleDescription().contains(QLatin1String("Within the limit")),
             qPrintable(count->accessibleDescription()));
    QVERIFY(count->accessibleDescription().contains(e.count.text));
    QVERIFY(payload->meter().value > 0);
    QVERIFY(payload->text().startsWith(e.payload.text));
    QVERIFY(tokens->meter().value > 0);
    QVERIFY(tokens->text().contains(e.tokens.text));

    auto *send = find<QPushButton>(QStringLiteral("sendButton"));
    QVERIFY(send);
    QVERIFY2(e.canSend, qPrintable(e.blocker));
    QVERIFY(send->isEnabled());
    QVERIFY(find<QPushButton>(QStringLiteral("fitButton"))->isEnabled());
}

void TestMainWindow::modelWithFiveImageLimitBlocksSend()
{
    CHECKED(chooseModel(Sonnet));
    QTest::keyClicks(find<PromptEdit>(QStringLiteral("promptEdit")), QStringLiteral("Which is sharpest?"));
    CHECKED(addAndSettle(smallUrls(6), 6));

    auto *count = find<MeterWidget>(QStringLiteral("countMeter"));
    auto *send = find<QPushButton>(QStringLiteral("sendButton"));
    auto *blocker = find<QLabel>(QStringLiteral("sendBlockerLabel"));
    QVERIFY(count && send && blocker);
    QCOMPARE(count->meter().value, 6);
    QCOMPARE(count->meter().level, Meter::Level::Ok);
    QVERIFY(send->isEnabled());

    CHECKED(chooseModel(Maverick));
    QCOMPARE(m_composer->profile().limits.maxImages, 5);
    QTRY_COMPARE(count->meter().level, Meter::Level::Over);
    QCOMPARE(count->meter().limit, 5);
    QVERIFY2(count->accessibleDescription().contains(QLatin1String("Over the limit")),
             qPrintable(count->accessibleDescription()));
    QVERIFY(count->text().contains(QLatin1String("over the limit")));
    QVERIFY(!send->isEnabled());
    QVERIFY(blocker->isVisible());
    const QString reason = blocker->text();
    QVERIFY2(reason.contains(QRegularExpression(QStringLiteral("\\b5\\b"))), qPrintable(reason));
    QCOMPARE(send->toolTip(), plainToolTip(reason));
    QCOMPARE(reason, m_composer->evaluation().blocker);
    // The picker shows the model in use and the note names it.
    QCOMPARE(find<ModelPicker>(QStringLiteral("modelPicker"))->currentText(), Maverick);
    QVERIFY(find<QLabel>(QStringLiteral("modelNoteLabel"))->text().contains(m_composer->profile().displayName));

    CHECKED(chooseModel(Sonnet));
    QTRY_COMPARE(count->meter().level, Meter::Level::Ok);
    QVERIFY(count->accessibleDescription().contains(QLatin1String("Within the limit")));
    QVERIFY(send->isEnabled());
    QVERIFY(!blocker->isVisible());
}

void TestMainWindow::deleteKeyRemovesSelectedItem()
{
    CHECKED(addAndSettle(smallUrls(3), 3));
    auto *view = find<QListView>(QStringLiteral("trayView"));
    auto *remove = find<QPushButton>(QStringLiteral("removeButton"));
    QVERIFY(view && remove);
    QVERIFY(!remove->isEnabled()); // nothing selected yet

    const quint64 second = tray()->index(1).data(TrayModel::IdRole).toULongLong();
    view->setFocus(Qt::OtherFocusReason);
    view->selectionModel()->setCurrentIndex(tray()->index(1), QItemSelectionModel::ClearAndSelect);
    QVERIFY(remove->isEnabled());
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_COMPARE(tray()->rowCount(), 2);
    QCOMPARE(tray()->rowOf(second), -1);
    QTRY_COMPARE(find<MeterWidget>(QStringLiteral("countMeter"))->meter().value, 2);

    // Multi-select and the Remove button.
    view->selectAll();
    QCOMPARE(view->selectionModel()->selectedRows().size(), 2);
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_COMPARE(tray()->rowCount(), 0);
    QVERIFY(!find<QPushButton>(QStringLiteral("fitButton"))->isEnabled());
    QVERIFY(!find<QPushButton>(QStringLiteral("clearButton"))->isEnabled());
}

void TestMainWindow::deleteKeyInPromptEditsText()
{
    CHECKED(addAndSettle(smallUrls(2), 2));
    auto *view = find<QListView>(QStringLiteral("trayView"));
    view->selectionModel()->setCurrentIndex(tray()->index(0), QItemSelectionModel::ClearAndSelect);

    // Delete removes images only from the tray: in the prompt it deletes text.
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    prompt->setFocus(Qt::OtherFocusReason);
    QTest::keyClicks(prompt, QStringLiteral("abc"));
    QTest::keyClick(prompt, Qt::Key_Home);
    QTest::keyClick(prompt, Qt::Key_Delete);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("bc"));
    QCOMPARE(m_composer->prompt(), QStringLiteral("bc"));
    QCOMPARE(tray()->rowCount(), 2);
}

void TestMainWindow::nonImageFileReportsErrorAndKeepsGoodItems()
{
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    const QString question = QStringLiteral("Keep this question");
    QTest::keyClicks(prompt, question);

    auto *view = find<QListView>(QStringLiteral("trayView"));
    CHECKED(dropUrls(view->viewport(), {QUrl::fromLocalFile(m_small.at(0)), QUrl::fromLocalFile(m_text),
                                QUrl::fromLocalFile(m_small.at(1))}));
    QTRY_COMPARE_WITH_TIMEOUT(rowsIn(ItemFacts::Stage::Ready), 2, LoadTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(settled(), LoadTimeout);

    // The text file is reported: an error row in the tray or a message in the bar (or both).
    auto *bar = find<MessageBar>(QStringLiteral("messageBar"));
    QVERIFY(bar);
    const bool failedItem = rowsIn(ItemFacts::Stage::Failed) == 1;
    const bool message = bar->hasMessage(MessageBar::Level::Error) || bar->hasMessage(MessageBar::Level::Warning);
    QVERIFY2(failedItem || message, "the non-image file was not reported");
    if (message) {
        QVERIFY(bar->isVisible());
        QVERIFY(bar->messages().join(QLatin1Char('\n')).contains(QLatin1String("notes.txt")));
    }
    if (failedItem) {
        for (int row = 0; row < tray()->rowCount(); ++row) {
            const QModelIndex index = tray()->index(row);
            if (ItemFacts::Stage(index.data(TrayModel::StageRole).toInt()) == ItemFacts::Stage::Failed) {
                QVERIFY(!index.data(TrayModel::ErrorRole).toString().isEmpty());
                QCOMPARE(index.data(TrayModel::StateRole).toInt(), int(ItemVerdict::State::Failed));
            }
        }
    }

    // The good images and the question are untouched.
    QCOMPARE(m_composer->evaluation().count.value, 2);
    QCOMPARE(prompt->toPlainText(), question);
    QCOMPARE(m_composer->prompt(), question);
    QVERIFY2(m_composer->evaluation().canSend, qPrintable(m_composer->evaluation().blocker));
}

void TestMainWindow::fitToModelShrinksLargeImage()
{
    CHECKED(chooseModel(Maverick));
    QTest::keyClicks(find<PromptEdit>(QStringLiteral("promptEdit")), QStringLiteral("Describe the noise"));
    const QFileInfo before(m_large);
    const qint64 originalBytes = before.size();
    const QDateTime originalTime = before.lastModified();

    CHECKED(addAndSettle({QUrl::fromLocalFile(m_large)}, 1));
    QTRY_VERIFY_WITH_TIMEOUT(!m_composer->evaluation().payload.estimate, LoadTimeout);

    auto *payload = find<MeterWidget>(QStringLiteral("payloadMeter"));
    auto *fit = find<QPushButton>(QStringLiteral("fitButton"));
    QVERIFY(payload && fit);
    const qint64 payloadBefore = payload->meter().value;
    QCOMPARE(payloadBefore, m_composer->evaluation().payload.value);
    QVERIFY2(payload->meter().level == Meter::Level::Over, qPrintable(payload->text()));
    QVERIFY(payload->accessibleDescription().contains(QLatin1String("Over the limit")));
    QVERIFY(!find<QPushButton>(QStringLiteral("sendButton"))->isEnabled());
    QTRY_VERIFY(fit->isEnabled());

    QTest::mouseClick(fit, Qt::LeftButton);
    const QModelIndex item = tray()->index(0);
    QTRY_COMPARE_WITH_TIMEOUT(item.data(TrayModel::StateRole).toInt(), int(ItemVerdict::State::Fitted), LoadTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(settled(), LoadTimeout);
    QTRY_VERIFY(payload->meter().value < payloadBefore);
    QVERIFY(payload->meter().level != Meter::Level::Over);
    QVERIFY(!item.data(TrayModel::ChangesRole).toStringList().isEmpty());
    QVERIFY(item.data(TrayModel::RequestBytesRole).toLongLong() < payloadBefore);
    QTRY_VERIFY(find<QPushButton>(QStringLiteral("sendButton"))->isEnabled());

    // The original file is untouched.
    const QFileInfo after(m_large);
    QCOMPARE(after.size(), originalBytes);
    QCOMPARE(after.lastModified(), originalTime);
}

void TestMainWindow::dropsOnChatViewAndPromptGoToTray()
{
    auto *chat = find<QTextBrowser>(QStringLiteral("chatView"));
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QVERIFY(chat && prompt);
    QVERIFY(chat->isReadOnly());

    CHECKED(dropUrls(chat->viewport(), {QUrl::fromLocalFile(m_small.at(0))}));
    QTRY_COMPARE_WITH_TIMEOUT(tray()->rowCount(), 1, LoadTimeout);
    QVERIFY(chat->toPlainText().isEmpty());

    QTest::keyClicks(prompt, QStringLiteral("Hello"));
    CHECKED(dropUrls(prompt->viewport(), {QUrl::fromLocalFile(m_small.at(1))}));
    QTRY_COMPARE_WITH_TIMEOUT(tray()->rowCount(), 2, LoadTimeout);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("Hello")); // the file name did not become text

    // Dropped anywhere else in the window: the window takes it.
    CHECKED(dropUrls(find<QLabel>(QStringLiteral("modelNoteLabel")), {QUrl::fromLocalFile(m_small.at(2))}));
    QTRY_COMPARE_WITH_TIMEOUT(tray()->rowCount(), 3, LoadTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(settled(), LoadTimeout);
    QCOMPARE(rowsIn(ItemFacts::Stage::Ready), 3);
}

void TestMainWindow::internalDragReordersTray()
{
    CHECKED(addAndSettle(smallUrls(3), 3));
    auto *view = find<QListView>(QStringLiteral("trayView"));
    const quint64 a = tray()->index(0).data(TrayModel::IdRole).toULongLong();
    const quint64 b = tray()->index(1).data(TrayModel::IdRole).toULongLong();
    const quint64 c = tray()->index(2).data(TrayModel::IdRole).toULongLong();

    // Drag the last item onto the top half of the first: it becomes the first.
    std::unique_ptr<QMimeData> mime(tray()->mimeData({tray()->index(2)}));
    QVERIFY(mime);
    const QRect first = view->visualRect(tray()->index(0));
    const QPoint pos(first.center().x(), first.top() + 3);
    QDragEnterEvent enter(pos, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(pos, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(QPointF(pos), Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &drop);
    QVERIFY(drop.isAccepted());

    QCOMPARE(tray()->rowCount(), 3);
    QCOMPARE(tray()->index(0).data(TrayModel::IdRole).toULongLong(), c);
    QCOMPARE(tray()->index(1).data(TrayModel::IdRole).toULongLong(), a);
    QCOMPARE(tray()->index(2).data(TrayModel::IdRole).toULongLong(), b);
}

void TestMainWindow::limitsDialogOverridesAndResets()
{
    CHECKED(chooseModel(Maverick));
    CHECKED(addAndSettle(smallUrls(3), 3));
    auto *count = find<MeterWidget>(QStringLiteral("countMeter"));
    QCOMPARE(count->meter().level, Meter::Level::Ok);

    auto openDialog = [this]() -> LimitsDialog * {
        QTest::mouseClick(find<QPushButton>(QStringLiteral("limitsButton")), Qt::LeftButton);
        LimitsDialog *dialog = nullptr;
        for (int i = 0; i < 50 && !dialog; ++i) {
            dialog = m_window->findChild<LimitsDialog *>(QStringLiteral("limitsDialog"));
            if (!dialog)
                QTest::qWait(20);
        }
        return dialog;
    };

    LimitsDialog *dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *check = dialog->findChild<QCheckBox *>(QStringLiteral("maxImagesOverrideCheck"));
    auto *editor = dialog->findChild<QSpinBox *>(QStringLiteral("maxImagesEditor"));
    auto *source = dialog->findChild<QLabel *>(QStringLiteral("maxImagesSourceLabel"));
    QVERIFY(check && editor && source);
    QVERIFY(!check->isChecked());
    QVERIFY(!editor->isEnabled());
    QCOMPARE(editor->value(), 5); // the catalog's figure
    const QString tag = m_composer->profile().sources.value(QStringLiteral("maxImages"));
    QVERIFY(!tag.isEmpty());
    QVERIFY2(source->toolTip().contains(m_composer->catalog().sourceText(tag.split(QLatin1Char(' ')).first())),
             qPrintable(source->toolTip()));
    // Byte limits are exact in the editor.
    auto *requestBytes = dialog->findChild<ByteSpinBox *>(QStringLiteral("maxRequestBytesEditor"));
    QVERIFY(requestBytes);
    QCOMPARE(requestBytes->bytes(), m_composer->profile().limits.maxRequestBytes);

    check->setChecked(true);
    QVERIFY(editor->isEnabled());
    editor->setValue(2);
    auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("limitsButtonBox"));
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);

    QCOMPARE(m_settings->limitOverrides(Maverick).value(QStringLiteral("maxImages")), 2);
    QCOMPARE(m_composer->profile().limits.maxImages, 2);
    QTRY_COMPARE(count->meter().level, Meter::Level::Over);
    QVERIFY(!find<QPushButton>(QStringLiteral("sendButton"))->isEnabled());
    QTRY_VERIFY(!m_window->findChild<LimitsDialog *>(QStringLiteral("limitsDialog")));

    // Reopened: the override shows; Reset to Catalog and OK bring the catalog's figure back.
    dialog = openDialog();
    QVERIFY(dialog);
    check = dialog->findChild<QCheckBox *>(QStringLiteral("maxImagesOverrideCheck"));
    editor = dialog->findChild<QSpinBox *>(QStringLiteral("maxImagesEditor"));
    QVERIFY(check->isChecked());
    QCOMPARE(editor->value(), 2);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("resetToCatalogButton")), Qt::LeftButton);
    QVERIFY(!check->isChecked());
    QCOMPARE(editor->value(), 5);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(QStringLiteral("limitsButtonBox"))
                          ->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QVERIFY(m_settings->limitOverrides(Maverick).isEmpty());
    QCOMPARE(m_composer->profile().limits.maxImages, 5);
    QTRY_COMPARE(count->meter().level, Meter::Level::Ok);
}

QString TestMainWindow::chatText() const
{
    auto *view = find<ChatView>(QStringLiteral("chatView"));
    return view ? view->toPlainText() : QString();
}

void TestMainWindow::sendStreamsTheAnswerIntoTheChat()
{
    CHECKED(chooseModel(Sonnet));
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    auto *send = find<QPushButton>(QStringLiteral("sendButton"));
    auto *stop = find<QPushButton>(QStringLiteral("stopButton"));
    auto *count = find<MeterBar>(QStringLiteral("meterBar"));
    QVERIFY(prompt && send && stop && count);
    m_endpoint->setAnswer(QStringLiteral("## A cat\n\n- grey\n- asleep on a **sofa**\n\n| part | colour |\n|---|---|\n| ears | grey |\n"));
    m_endpoint->setCharsPerChunk(3);
    m_endpoint->setChunkDelayMs(15);

    QTest::keyClicks(prompt, QStringLiteral("Is this a cat?"));
    CHECKED(addAndSettle(smallUrls(2), 2));
    QTRY_VERIFY(send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);

    // The turn takes the prompt and images; the box and the tray are free for the next question.
    QTRY_VERIFY(m_session->isBusy());
    QCOMPARE(prompt->toPlainText(), QString());
    QCOMPARE(tray()->rowCount(), 0);
    QVERIFY(stop->isVisible());
    QVERIFY(chatText().contains(QLatin1String("Is this a cat?")));
    // Part of the answer shows before the end.
    QTRY_VERIFY_WITH_TIMEOUT(chatText().contains(QLatin1String("A cat")), 10000);
    QVERIFY(m_session->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    const Turn &turn = m_session->conversation()->at(0);
    QCOMPARE(turn.state, Turn::State::Done);
    QCOMPARE(turn.answer, m_endpoint->answer());
    QCOMPARE(turn.images.size(), 2);
    QTRY_VERIFY(chatText().contains(QLatin1String("asleep on a sofa"))); // Markdown rendered, not raw
    QVERIFY(!chatText().contains(QLatin1String("**sofa**")));
    QVERIFY(!stop->isVisible());
    QVERIFY(m_endpoint->validationProblems().isEmpty());
    const QJsonArray content = m_endpoint->requestBodies().constFirst().value(QStringLiteral("messages")).toArray()
                                   .first().toObject().value(QStringLiteral("content")).toArray();
    QCOMPARE(content.size(), 3); // the prompt and both images
    // The earlier images are context for the next turn: the meters count them.
    QTRY_COMPARE(m_composer->evaluation().count.value, 2);
}

void TestMainWindow::stopKeepsWhatArrivedAndRetryAsksAgain()
{
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    auto *stop = find<QPushButton>(QStringLiteral("stopButton"));
    auto *view = find<ChatView>(QStringLiteral("chatView"));
    QVERIFY(prompt && stop && view);
    m_endpoint->setAnswer(QString(300, u'w'));
    m_endpoint->setCharsPerChunk(2);
    m_endpoint->setChunkDelayMs(20);
    QTest::keyClicks(prompt, QStringLiteral("Tell me a long story"));
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->conversation()->count() == 1 && m_session->conversation()->at(0).answer.size() >= 20, 10000);
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(!m_session->isBusy());
    const Turn stopped = m_session->conversation()->at(0);
    QCOMPARE(stopped.state, Turn::State::Stopped);
    QVERIFY(stopped.answer.size() >= 20 && stopped.answer.size() < 300);
    QTRY_VERIFY(chatText().contains(QLatin1String("Stopped")));
    QVERIFY(view->availableActions(stopped.id).contains(ChatView::RetryAction));

    m_endpoint->setChunkDelayMs(0);
    QVERIFY(view->activateAction(ChatView::RetryAction, stopped.id));
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    QCOMPARE(m_session->conversation()->at(0).state, Turn::State::Done);
    QCOMPARE(m_session->conversation()->at(0).answer, m_endpoint->answer());
    QCOMPARE(m_endpoint->chatRequests().size(), 2);
    QCOMPARE(m_endpoint->chatRequests().at(1).body, m_endpoint->chatRequests().at(0).body);
}

void TestMainWindow::failedTurnShowsTheErrorAndKeepsTheTurn()
{
    CHECKED(chooseModel(Sonnet));
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    auto *view = find<ChatView>(QStringLiteral("chatView"));
    QVERIFY(prompt && view);
    m_endpoint->enqueueFault(test::Fault::Kind::Unauthorized);
    QTest::keyClicks(prompt, QStringLiteral("What breed?"));
    CHECKED(addAndSettle(smallUrls(1), 1));
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->conversation()->count() == 1 && !m_session->isBusy(), 20000);
    const Turn failed = m_session->conversation()->at(0);
    QCOMPARE(failed.state, Turn::State::Failed);
    QCOMPARE(failed.prompt, QStringLiteral("What breed?"));
    QCOMPARE(failed.images.size(), 1);
    QTRY_VERIFY(chatText().contains(QLatin1String("401")));
    QVERIFY(view->availableActions(failed.id).contains(ChatView::RetryAction));
    QVERIFY(view->activateAction(ChatView::RetryAction, failed.id));
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    QCOMPARE(m_session->conversation()->at(0).state, Turn::State::Done);
    QCOMPARE(m_session->conversation()->count(), 1);
}

void TestMainWindow::refusedOAuthTokenIsRenewedAndTheTurnAskedAgain()
{
    // A service principal's workspace: short-lived tokens from its OIDC endpoint; the chat endpoint
    // takes only the newest.
    const QByteArray clientId = "6731de76-14a6-49ae-97bc-6eba6914391e";
    const QByteArray secret = "dose-service-principal-secret-5555";
    test::FakeChatEndpoint workspace(test::Backend::Databricks);
    test::FakeOidcEndpoint oidc(workspace.server(), clientId, secret,
                                [&workspace](const QByteArray &t) { workspace.setToken(t); });
    // Squint started with the workspace in the environment.
    test::AppHarness::Options options;
    options.environment = {{QStringLiteral("DATABRICKS_HOST"), workspace.baseUrl().toString()},
                           {QStringLiteral("DATABRICKS_CLIENT_ID"), QString::fromLatin1(clientId)},
                           {QStringLiteral("DATABRICKS_CLIENT_SECRET"),
                            QString::fromLatin1(secret)}};
    options.startConnections = true;
    CHECKED(start(options));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->target().token == test::FakeOidcEndpoint::tokenNumber(1), 10000);
    // The workspace's models listed first (with the first token): a list refused later would renew it too.
    QTRY_VERIFY_WITH_TIMEOUT(find<ModelPicker>(QStringLiteral("modelPicker"))
                                 ->offeredNames()
                                 .contains(QStringLiteral("my-gpt4o-proxy")),
                             10000);
    CHECKED(chooseModel(QStringLiteral("databricks-claude-sonnet-4-5")));

    // The workspace stops taking the token mid-session.
    workspace.setToken("revoked-by-the-workspace");
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QVERIFY(prompt);
    QTest::keyClicks(prompt, QStringLiteral("Still there?"));
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->conversation()->count() == 1
                                 && m_session->conversation()->at(0).state == Turn::State::Done,
                             20000);
    QCOMPARE(m_session->conversation()->at(0).answer, workspace.answer());
    QCOMPARE(oidc.issuedCount(), 2);
    QCOMPARE(workspace.chatRequests().size(), 2);
    QVERIFY(workspace.chatRequests().at(1).header("Authorization") == "Bearer " + test::FakeOidcEndpoint::tokenNumber(2));

    // Refused again later: the next turn gets the same one renewal.
    workspace.setToken("revoked-again");
    QTest::keyClicks(prompt, QStringLiteral("And now?"));
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->conversation()->count() == 2 && !m_session->isBusy()
                                 && m_session->conversation()->at(1).state == Turn::State::Done,
                             20000);
    QCOMPARE(oidc.issuedCount(), 3);
    QVERIFY(!chatText().contains(QString::fromLatin1(secret)));
    m_tester.reset();
    m_window = nullptr;
    m_app.reset(); // before the workspace it talks to goes
}

void TestMainWindow::keyboardSendsAndRecallsPrompts()
{
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    auto *enterSends = m_window->findChild<QAction *>(QStringLiteral("enterSendsAction"));
    QVERIFY(prompt && enterSends);
    // Plain Return makes a new line by default.
    QTest::keyClicks(prompt, QStringLiteral("first line"));
    QTest::keyClick(prompt, Qt::Key_Return);
    QTest::keyClicks(prompt, QStringLiteral("second line"));
    QCOMPARE(prompt->toPlainText(), QStringLiteral("first line\nsecond line"));
    QCOMPARE(m_session->conversation()->count(), 0);
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(m_session->conversation()->count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);

    // With "Return Sends", Return sends and Shift+Return starts a new line; the choice is kept.
    enterSends->trigger();
    QVERIFY(prompt->enterSends());
    QVERIFY(m_settings->sendWithEnter());
    QTest::keyClicks(prompt, QStringLiteral("short"));
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(prompt, QStringLiteral("question"));
    QCOMPARE(prompt->toPlainText(), QStringLiteral("short\nquestion"));
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QTest::keyClick(prompt, Qt::Key_Return);
    QTRY_COMPARE(m_session->conversation()->count(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    QCOMPARE(prompt->toPlainText(), QString());

    // Up recalls the earlier prompts, newest first; Down comes back to what was being typed.
    QTest::keyClicks(prompt, QStringLiteral("draft"));
    QTest::keyClick(prompt, Qt::Key_Up);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("short\nquestion"));
    prompt->moveCursor(QTextCursor::Start);
    QTest::keyClick(prompt, Qt::Key_Up);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("first line\nsecond line"));
    prompt->moveCursor(QTextCursor::End);
    QTest::keyClick(prompt, Qt::Key_Down);
    QTest::keyClick(prompt, Qt::Key_Down);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("draft"));
}

void TestMainWindow::editPutsThePromptBackAndReplacesTheTurn()
{
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    auto *view = find<ChatView>(QStringLiteral("chatView"));
    auto *banner = find<QWidget>(QStringLiteral("editBanner"));
    QVERIFY(prompt && view && banner);
    for (const QString &q : {QStringLiteral("One?"), QStringLiteral("Two?")}) {
        QTest::keyClicks(prompt, q);
        QTRY_VERIFY(m_composer->evaluation().canSend);
        QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy() && !prompt->toPlainText().size(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    }
    QCOMPARE(m_session->conversation()->count(), 2);
    QVERIFY(view->activateAction(ChatView::EditAction, m_session->conversation()->at(0).id));
    QCOMPARE(prompt->toPlainText(), QStringLiteral("One?"));
    QVERIFY(banner->isVisible());
    QCOMPARE(m_session->conversation()->count(), 2); // nothing is lost until the edit is sent
    prompt->selectAll();
    QTest::keyClicks(prompt, QStringLiteral("One, really?"));
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    QCOMPARE(m_session->conversation()->count(), 1);
    QCOMPARE(m_session->conversation()->at(0).prompt, QStringLiteral("One, really?"));
    QVERIFY(!banner->isVisible());
}

void TestMainWindow::withoutAConnectionSendSaysWhy()
{
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    auto *send = find<QPushButton>(QStringLiteral("sendButton"));
    auto *blocker = find<QLabel>(QStringLiteral("sendBlockerLabel"));
    auto *bar = find<MessageBar>(QStringLiteral("messageBar"));
    QVERIFY(prompt && send && blocker && bar);
    m_session->setTarget({});
    QTest::keyClicks(prompt, QStringLiteral("Is this a cat?"));
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QTRY_VERIFY(!send->isEnabled());
    QVERIFY2(blocker->text().contains(QLatin1String("connection")), qPrintable(blocker->text()));
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(bar->isVisible());
    QVERIFY(bar->messages().constFirst().contains(QLatin1String("connection")));
    QCOMPARE(prompt->toPlainText(), QStringLiteral("Is this a cat?")); // nothing typed is lost
    QCOMPARE(m_endpoint->chatRequests().size(), 0);
}

void TestMainWindow::requestParametersGoIntoTheRequest()
{
    auto *action = m_window->findChild<QAction *>(QStringLiteral("parametersAction"));
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QVERIFY(action && prompt);
    const qint64 before = m_composer->evaluation().payload.value;
    action->trigger();
    auto *dialog = m_window->findChild<ParametersDialog *>(QStringLiteral("parametersDialog"));
    QVERIFY(dialog);
    auto *system = dialog->findChild<QPlainTextEdit *>(QStringLiteral("systemPromptEdit"));
    auto *temperature = dialog->findChild<QDoubleSpinBox *>(QStringLiteral("temperatureSpin"));
    auto *maxTokens = dialog->findChild<QSpinBox *>(QStringLiteral("maxTokensSpin"));
    QVERIFY(system && temperature && maxTokens);
    QCOMPARE(temperature->text(), QStringLiteral("Server default"));
    system->setPlainText(QStringLiteral("Answer in one sentence."));
    temperature->setValue(0.2);
    maxTokens->setValue(300);
    dialog->accept();
    QCOMPARE(m_settings->chatParameters().maxTokens, 300);
    // The system prompt is part of the request: the size meter grows with it.
    QTRY_VERIFY(m_composer->evaluation().payload.value > before);

    QTest::keyClicks(prompt, QStringLiteral("What is it?"));
    QTRY_VERIFY(m_composer->evaluation().canSend);
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->conversation()->count() == 1 && !m_session->isBusy(), 20000);
    QVERIFY(m_endpoint->validationProblems().isEmpty());
    const QJsonObject body = m_endpoint->requestBodies().constFirst();
    const QJsonObject first = body.value(QStringLiteral("messages")).toArray().first().toObject();
    QCOMPARE(first.value(QStringLiteral("role")).toString(), QStringLiteral("system"));
    QCOMPARE(first.value(QStringLiteral("content")).toString(), QStringLiteral("Answer in one sentence."));
    QCOMPARE(body.value(QStringLiteral("max_completion_tokens")).toInt(), 300);
    QCOMPARE(body.value(QStringLiteral("temperature")).toDouble(), 0.2);
}

void TestMainWindow::pasteGoesToTray()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setImage(makeImage(320, 200, 7, 10));
    QVERIFY(clipboard->mimeData() && clipboard->mimeData()->hasImage());

    // Ctrl+V with the tray focused: the window's Paste action adds the image.
    auto *view = find<QListView>(QStringLiteral("trayView"));
    view->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(view, Qt::Key_V, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tray()->rowCount(), 1, LoadTimeout);

    // Ctrl+V in the prompt: the prompt hands images to the tray instead of inserting anything.
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QTest::keyClicks(prompt, QStringLiteral("What app is this?"));
    clipboard->setImage(makeImage(300, 220, 8, 10));
    QTest::keyClick(prompt, Qt::Key_V, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tray()->rowCount(), 2, LoadTimeout);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("What app is this?"));
    QTRY_VERIFY_WITH_TIMEOUT(settled(), LoadTimeout);
    QCOMPARE(rowsIn(ItemFacts::Stage::Ready), 2);
    QCOMPARE(tray()->index(1).data(TrayModel::PixelSizeRole).toSize(), QSize(300, 220));

    // Plain text still pastes as text.
    clipboard->setText(QStringLiteral(" Thanks"));
    QTest::keyClick(prompt, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClick(prompt, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("What app is this? Thanks"));
    QCOMPARE(tray()->rowCount(), 2);
}

void TestMainWindow::unknownModelShowsConservativeNote()
{
    CHECKED(chooseModel(Sonnet));
    auto *note = find<QLabel>(QStringLiteral("modelNoteLabel"));
    QVERIFY(note);
    QVERIFY(!m_composer->profile().generic);
    QVERIFY(!note->text().contains(QLatin1String("does not know")));

    const QString unknown = QStringLiteral("my-private-vision-endpoint");
    CHECKED(chooseModel(unknown));
    QVERIFY(m_composer->profile().generic);
    QVERIFY2(note->text().contains(QLatin1String("does not know this model")), qPrintable(note->text()));
    QVERIFY(note->text().contains(QLatin1String("conservative limits")));
    QVERIFY(note->accessibleDescription().contains(QLatin1String("conservative limits")));
    QCOMPARE(note->toolTip(), m_composer->profile().notes.join(QLatin1Char('\n')));
    QCOMPARE(find<ModelPicker>(QStringLiteral("modelPicker"))->currentText(), unknown);
    QCOMPARE(m_settings->lastModel(), unknown);
}

void TestMainWindow::aboutShowsVersions()
{
    auto *about = m_window->findChild<QAction *>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    about->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("aboutBox"))) != nullptr);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(QLatin1String(SQUINT_VERSION)));
    QVERIFY(box->text().contains(QLatin1String(QT_VERSION_STR)));
    box->accept();
}

void TestMainWindow::geometryIsSavedAndRestored()
{
    QVERIFY(m_settings->windowGeometry().isEmpty());
    // Above the window's minimum width (the setup panel's form sets it), below the default size.
    const QSize chosen(1010, 660);
    m_window->resize(chosen);
    QTRY_COMPARE(m_window->size(), chosen);
    QVERIFY(m_window->close());
    QVERIFY(!m_settings->windowGeometry().isEmpty());

    MainWindow second(m_app->app());
    QCOMPARE(second.size(), chosen);
}

void TestMainWindow::splitterSizesAreSavedAndRestored()
{
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    QVERIFY(splitter);
    QTRY_VERIFY(splitter->width() > 400);
    const int total = splitter->sizes().at(0) + splitter->sizes().at(1);
    const QList<int> wanted{total / 4, total - total / 4};
    splitter->setSizes(wanted);
    const QList<int> chosen = splitter->sizes();
    QVERIFY(m_window->close());

    MainWindow second(m_app->app());
    second.show();
    auto *restored = second.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    QVERIFY(restored);
    QTRY_COMPARE(restored->sizes(), chosen);
}

void TestMainWindow::batchWindowOpensWithTheModelAndTheTray()
{
    CHECKED(chooseModel(Sonnet));
    CHECKED(addAndSettle(smallUrls(3), 3));
    auto *action = m_window->findChild<QAction *>(QStringLiteral("batchAction"));
    QVERIFY(action && action->isEnabled());
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_B));
    action->trigger();
    QWidget *batch = m_window->findChild<QWidget *>(QStringLiteral("batchWindow"));
    QVERIFY(batch);
    QVERIFY(QTest::qWaitForWindowExposed(batch));
    QVERIFY(batch->isWindow());
    QCOMPARE(batch->findChild<QLineEdit *>(QStringLiteral("batchModelEdit"))->text(), Sonnet);
    // The tray's images are offered as the inputs.
    auto *trayChoice = batch->findChild<QAbstractButton *>(QStringLiteral("batchTrayChoice"));
    QVERIFY(trayChoice && trayChoice->isEnabled() && trayChoice->isChecked());
    QVERIFY2(trayChoice->text().contains(QLatin1Char('3')), qPrintable(trayChoice->text()));
    // Closing it gives the window back, with the tray as it was.
    QPointer<QWidget> guard(batch);
    batch->close();
    QTRY_VERIFY(guard.isNull());
    QCOMPARE(tray()->rowCount(), 3);

    // With images selected in the tray, those are the ones offered.
    auto *view = find<QListView>(QStringLiteral("trayView"));
    QVERIFY(view);
    view->selectionModel()->select(tray()->index(1), QItemSelectionModel::ClearAndSelect);
    action->trigger();
    batch = m_window->findChild<QWidget *>(QStringLiteral("batchWindow"));
    QVERIFY(batch);
    trayChoice = batch->findChild<QAbstractButton *>(QStringLiteral("batchTrayChoice"));
    QVERIFY2(trayChoice->text().contains(QLatin1String("(1)")), qPrintable(trayChoice->text()));
    batch->close();
}

void TestMainWindow::compareOpensTheSelectedImages()
{
    auto *action = m_window->findChild<QAction *>(QStringLiteral("compareAction"));
    auto *bar = find<MessageBar>(QStringLiteral("messageBar"));
    QVERIFY(action && bar);
    // On even when it can't open anything: it says what is missing instead.
    QVERIFY(action->isEnabled());
    action->trigger(); // an empty tray
    QVERIFY(bar->isVisible());
    QVERIFY2(bar->messages().constFirst().contains(QLatin1String("Add 2 to 4 images")),
             qPrintable(bar->messages().constFirst()));
    QVERIFY(!m_window->findChild<CompareView *>());
    CHECKED(addAndSettle(smallUrls(5), 5));
    action->trigger(); // five is one too many
    QCOMPARE(bar->messages().constFirst(), m_app->app()->compareProblem({}));
    QVERIFY2(bar->messages().constFirst().contains(QLatin1String("select the 2 to 4")),
             qPrintable(bar->messages().constFirst()));
    QVERIFY(!m_window->findChild<CompareView *>());
    auto *view = find<QListView>(QStringLiteral("trayView"));
    QItemSelection selection;
    selection.select(tray()->index(1), tray()->index(1));
    selection.select(tray()->index(3), tray()->index(3));
    view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    action->trigger();
    auto *compare = m_window->findChild<CompareView *>(QStringLiteral("compareView"));
    QVERIFY(compare);
    QVERIFY(compare->isWindow());
    QVERIFY(QTest::qWaitForWindowExposed(compare));
    // The two selected images, in the tray's order.
    QCOMPARE(compare->paths(), (QStringList{tray()->items().at(1).path, tray()->items().at(3).path}));
    QPointer<QWidget> guard(compare);
    QTest::keyClick(compare, Qt::Key_Escape);
    QTRY_VERIFY(guard.isNull());
}

void TestMainWindow::ctrlDWithTooManyImagesSaysWhatToSelect()
{
    // Seven images in the tray and none selected: Ctrl+D says what to select instead of nothing.
    CHECKED(addAndSettle(smallUrls(7), 7));
    auto *bar = find<MessageBar>(QStringLiteral("messageBar"));
    auto *view = find<QListView>(QStringLiteral("trayView"));
    QVERIFY(bar && view);
    view->clearSelection();
    view->setFocus(Qt::OtherFocusReason);
    bar->clearMessages();
    QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
    QTRY_COMPARE(bar->messageCount(), 1);
    const QString said = bar->messages().constFirst();
    QVERIFY2(said.contains(QLatin1String("7 images"))
                 && said.contains(QLatin1String("select the 2 to 4")),
             qPrintable(said));
    QVERIFY(bar->hasMessage(MessageBar::Level::Info));
    QVERIFY(!m_window->findChild<CompareView *>());

    // One selected: the same keys say that one is not enough.
    view->selectionModel()->select(tray()->index(2), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
    QTRY_VERIFY(bar->messages().constFirst().startsWith(QLatin1String("One image is selected")));
    QVERIFY(!m_window->findChild<CompareView *>());

    // Three selected: they open.
    QItemSelection three;
    for (int row : {0, 4, 6})
        three.select(tray()->index(row), tray()->index(row));
    view->selectionModel()->select(three, QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
    CompareView *compare = nullptr;
    QTRY_VERIFY((compare = m_window->findChild<CompareView *>(QStringLiteral("compareView")))
                != nullptr);
    QCOMPARE(compare->imageCount(), 3);
    compare->close();
}

void TestMainWindow::menuActionsThatCantRunSayWhy()
{
    auto *bar = find<MessageBar>(QStringLiteral("messageBar"));
    QVERIFY(bar);
    // Save As with nothing saved (no history in this window): on, and it says why.
    auto *saveAs = m_window->findChild<QAction *>(QStringLiteral("saveConversationAsAction"));
    QVERIFY(saveAs && saveAs->isEnabled());
    saveAs->trigger();
    QCOMPARE(bar->messages().constFirst(), m_app->app()->saveProblem());
    QVERIFY(!bar->messages().constFirst().isEmpty());
    QVERIFY(!m_window->findChild<QFileDialog *>());
    // Rename (F2) without a conversation list.
    auto *rename = m_window->findChild<QAction *>(QStringLiteral("renameConversationAction"));
    QVERIFY(rename && rename->isEnabled());
    rename->trigger();
    QCOMPARE(bar->messages().constFirst(), m_app->app()->renameProblem(false));
    QVERIFY(!bar->messages().constFirst().isEmpty());
}

void TestMainWindow::askAboutTheseSendsTheShownImagesInOrder()
{
    CHECKED(chooseModel(QStringLiteral("gpt-4o")));
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QVERIFY(prompt);
    QTest::keyClicks(prompt, QStringLiteral("a draft I am still writing"));
    CHECKED(addAndSettle(smallUrls(3), 3));
    m_endpoint->setAnswer(QStringLiteral("Image 2 is brighter than Image 1."));
    m_endpoint->setChunkDelayMs(20);

    CompareView *view = m_window->showCompareView(); // the whole tray: nothing is selected
    QVERIFY(view);
    QVERIFY(QTest::qWaitForWindowExposed(view));
    auto *field = view->findChild<QLineEdit *>(QStringLiteral("compareAskPrompt"));
    auto *ask = view->findChild<QPushButton *>(QStringLiteral("compareAskButton"));
    QVERIFY(field && ask);
    QVERIFY(ask->isEnabled());
    field->selectAll();
    QTest::keyClicks(field, QStringLiteral("Which one is brighter?"));
    QTest::mouseClick(ask, Qt::LeftButton);

    // While the answer streams, asking again is off and says why.
    QTRY_VERIFY(m_session->isBusy());
    QVERIFY(!ask->isEnabled());
    QVERIFY(!ask->toolTip().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    QTRY_VERIFY(ask->isEnabled());

    const Turn &turn = m_session->conversation()->at(0);
    QCOMPARE(turn.prompt, QStringLiteral("Which one is brighter?"));
    QVERIFY(turn.labelImages);
    QCOMPARE(turn.images.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(turn.images.at(i).originalPath, view->paths().at(i));
    const QJsonArray parts = m_endpoint->requestBodies().constLast().value(QStringLiteral("messages")).toArray()
                                 .last().toObject().value(QStringLiteral("content")).toArray();
    QCOMPARE(parts.size(), 7);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(parts.at(1 + 2 * i).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("Image %1:").arg(i + 1));
        const QString url = parts.at(2 + 2 * i).toObject().value(QStringLiteral("image_url")).toObject()
                                .value(QStringLiteral("url")).toString();
        QFile f(view->paths().at(i));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QByteArray::fromBase64(url.section(u',', 1).toLatin1()), f.readAll());
    }
    // Nothing the user had typed or attached was taken.
    QCOMPARE(prompt->toPlainText(), QStringLiteral("a draft I am still writing"));
    QCOMPARE(tray()->rowCount(), 3);
    QVERIFY(chatText().contains(QLatin1String("Image 2 is brighter")));
    view->close();
}

void TestMainWindow::compareATurnsImagesFromTheChat()
{
    CHECKED(chooseModel(QStringLiteral("gpt-4o")));
    CHECKED(addAndSettle(smallUrls(2), 2));
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QTest::keyClicks(prompt, QStringLiteral("Two pictures"));
    auto *send = find<QPushButton>(QStringLiteral("sendButton"));
    QTRY_VERIFY(send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    QCOMPARE(tray()->rowCount(), 0);

    Turn turn = m_session->conversation()->at(0);
    // As after a restart: the history keeps the bytes sent, not the files.
    for (TurnImage &image : turn.images) {
        QFile f(image.sentPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        image.data = f.readAll();
        image.sentPath = QStringLiteral("/nonexistent/sent.jpg");
        image.originalPath = QStringLiteral("/nonexistent/original.jpg");
    }
    m_session->conversation()->update(0, turn);
    const QList<TurnImage> images = turn.images;

    ChatView *chat = m_window->chatView();
    QVERIFY(chat->availableActions(turn.id).contains(ChatView::CompareImagesAction));
    QVERIFY(chat->activateAction(ChatView::CompareImagesAction, turn.id));
    CompareView *view = nullptr;
    QTRY_VERIFY((view = m_window->findChild<CompareView *>(QStringLiteral("compareView"))) != nullptr);
    QVERIFY(QTest::qWaitForWindowExposed(view));
    QCOMPARE(view->imageCount(), 2);
    for (int i = 0; i < 2; ++i) {
        QFile f(view->paths().at(i));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), images.at(i).data);
    }
    QTRY_VERIFY(view->isReady());
    QVERIFY2(view->caption(0).contains(images.at(0).name), qPrintable(view->caption(0))); // the turn's names

    // Ask About These sends them again as they were sent, labelled, for the same model.
    QVERIFY(view->isAskEnabled());
    auto *ask = view->findChild<QPushButton *>(QStringLiteral("compareAskButton"));
    QTest::mouseClick(ask, Qt::LeftButton);
    QTRY_COMPARE(m_session->conversation()->count(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), 20000);
    const Turn &asked = m_session->conversation()->at(1);
    QCOMPARE(asked.state, Turn::State::Done);
    QVERIFY(asked.labelImages);
    QCOMPARE(asked.prompt, view->askPrompt().trimmed());
    const QJsonArray parts = m_endpoint->requestBodies().constLast().value(QStringLiteral("messages")).toArray()
                                 .last().toObject().value(QStringLiteral("content")).toArray();
    QCOMPARE(parts.size(), 5);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(parts.at(1 + 2 * i).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("Image %1:").arg(i + 1));
        const QString url = parts.at(2 + 2 * i).toObject().value(QStringLiteral("image_url")).toObject()
                                .value(QStringLiteral("url")).toString();
        QCOMPARE(QByteArray::fromBase64(url.section(u',', 1).toLatin1()), images.at(i).data);
    }

    // A model that would need them scaled down says so instead of sending something else.
    m_settings->setLimitOverrides(QStringLiteral("gpt-4o"), {{QStringLiteral("maxPixelsPerSide"), 300}});
    QTRY_COMPARE(m_composer->profile().limits.maxPixelsPerSide, 300);
    QTest::mouseClick(ask, Qt::LeftButton);
    QVERIFY2(ask->toolTip().contains(images.first().name), qPrintable(ask->toolTip()));
    QCOMPARE(m_session->conversation()->count(), 2);
    view->close();
}

void TestMainWindow::compareModelsThenContinueWithOne()
{
    CHECKED(chooseModel(QStringLiteral("gpt-4o")));
    CHECKED(addAndSettle(smallUrls(2), 2));
    auto *prompt = find<PromptEdit>(QStringLiteral("promptEdit"));
    QTest::keyClicks(prompt, QStringLiteral("Which is sharper?"));
    QTRY_COMPARE(m_composer->prompt(), QStringLiteral("Which is sharper?"));
    m_endpoint->setAnswerProvider([](const QJsonObject &body) {
        return QStringLiteral("%1 says the first.").arg(body.value(QStringLiteral("model")).toString());
    });

    auto *action = m_window->findChild<QAction *>(QStringLiteral("compareModelsAction"));
    QVERIFY(action && action->isEnabled());
    action->trigger();
    CompareModelsWindow *window = m_window->compareModelsWindow();
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    ModelComparison *comparison = m_window->modelComparison();
    QCOMPARE(comparison->count(), 2);
    QCOMPARE(comparison->column(0).model, QStringLiteral("gpt-4o")); // the current model first
    QVERIFY(comparison->column(1).model != QStringLiteral("gpt-4o"));
    QCOMPARE(comparison->prompt(), QStringLiteral("Which is sharper?"));
    QCOMPARE(comparison->imageCount(), 2);

    QTest::keyClick(window, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(comparison->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!comparison->isRunning(), 20000);
    QCOMPARE(comparison->column(0).turn.state, Turn::State::Done);
    QCOMPARE(comparison->column(1).turn.state, Turn::State::Done);
    QCOMPARE(m_session->conversation()->count(), 0); // nothing joins the conversation until chosen
    // Closing and opening it again with the same prompt and tray keeps the answers.
    window->close();
    QTRY_VERIFY(!window->isVisible());
    action->trigger();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QCOMPARE(comparison->column(1).turn.state, Turn::State::Done);

    const QString second = comparison->column(1).model;
    QWidget *column = window->columnWidget(1);
    auto *cont = column->findChild<QPushButton *>(QStringLiteral("compareContinueButton"));
    QVERIFY(cont && cont->isEnabled());
    QTest::mouseClick(cont, Qt::LeftButton);

    QCOMPARE(m_session->conversation()->count(), 1);
    const Turn &turn = m_session->conversation()->at(0);
    QCOMPARE(turn.model, second);
    QCOMPARE(turn.answer, QStringLiteral("%1 says the first.").arg(second));
    QCOMPARE(turn.images.size(), 2);
    QCOMPARE(m_composer->modelName(), second); // the conversation goes on with that model
    QCOMPARE(tray()->rowCount(), 0);
    QCOMPARE(prompt->toPlainText(), QString());
    QTRY_VERIFY(!window->isVisible());
    QTRY_VERIFY(chatText().contains(QStringLiteral("%1 says the first.").arg(second)));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
