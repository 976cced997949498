// The markup editor driven through its real widgets in the whole application: opened by a double
// click on the tray, every tool by its shortcut and a mouse gesture, undo/redo, and the redaction
// proved on the bytes the fake endpoint received.
#include "appharness.h"
#include "core/chat/chatsession.h"
#include "core/chat/conversation.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/markup/editlist.h"
#include "fakeendpoint.h"
#include "testimages.h"
#include "ui/chat/promptedit.h"
#include "ui/mainwindow.h"
#include "ui/markup/markupeditor.h"
#include "widgets.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace squint;

class TestMarkupEditor : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void widgetsHaveNamesAndAccessibleNames();
    void everyToolByShortcutAndUndoRedo();
    void redactionIsGoneFromTheSentBytes();
    void editMenuNeedsAnImage();
    void screenshotForTheDocs();

private:
    MarkupEditor *openEditorByDoubleClick();
    void drag(MarkupEditor *editor, QPoint from, QPoint to);
    void click(MarkupEditor *editor, QPoint at);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::FakeChatEndpoint> m_endpoint;
    std::unique_ptr<test::AppHarness> m_app;
    QString m_photoPath;
    QByteArray m_photoBytes;
};

void TestMarkupEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_endpoint = std::make_unique<test::FakeChatEndpoint>(test::Backend::OpenAI);
    m_endpoint->setAnswer(QStringLiteral("A black box."));
    test::AppHarness::Options options;
    options.chatUrl = m_endpoint->chatUrl();
    options.history = true;
    m_app = std::make_unique<test::AppHarness>(m_dir->path(), options);
    QVERIFY(m_app->showWindow());
    m_app->composer()->setModelName(QStringLiteral("gpt-4o"));
    m_photoBytes = test::photoPng(QSize(400, 300), 21);
    m_photoPath = m_dir->filePath(QStringLiteral("receipt.png"));
    QFile f(m_photoPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(m_photoBytes);
}

void TestMarkupEditor::cleanup()
{
    m_app.reset();
    m_endpoint.reset();
    m_dir.reset();
}

MarkupEditor *TestMarkupEditor::openEditorByDoubleClick()
{
    Composer *composer = m_app->composer();
    composer->addPaths({m_photoPath});
    if (!QTest::qWaitFor(
            [&] {
                return composer->tray()->count() == 1
                       && composer->tray()->itemAt(0).stage == ItemFacts::Stage::Ready
                       && !composer->isBusy();
            },
            10000))
        return nullptr;
    auto *view = test::child<QListView>(m_app->window(), "trayView");
    if (!view)
        return nullptr;
    QTest::qWait(0); // the view lays out its rows on the next turn of the event loop
    const QRect cell = view->visualRect(view->model()->index(0, 0));
    // A real double click: the first click selects (and sets the pressed row), the second opens.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    auto *editor = m_app->window()->findChild<MarkupEditor *>(QStringLiteral("markupEditor"));
    if (!editor || !QTest::qWaitFor([&] { return editor->isIdle(); }, 10000)
        || !QTest::qWaitForWindowActive(editor))
        return nullptr;
    return editor;
}

void TestMarkupEditor::drag(MarkupEditor *editor, QPoint from, QPoint to)
{
    MarkupCanvas *canvas = editor->canvas();
    QTest::mousePress(canvas, Qt::LeftButton, {}, canvas->toWidget(from));
    QTest::mouseMove(canvas, canvas->toWidget((from + to) / 2));
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, canvas->toWidget(to));
}

void TestMarkupEditor::click(MarkupEditor *editor, QPoint at)
{
    MarkupCanvas *canvas = editor->canvas();
    QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->toWidget(at));
}

void TestMarkupEditor::widgetsHaveNamesAndAccessibleNames()
{
    MarkupEditor *editor = openEditorByDoubleClick();
    QVERIFY(editor);
    for (const char *name : {"markupCanvas",
                             "markupText",
                             "markupColour",
                             "markupLegendCheck",
                             "markupScroll",
                             "markupStatus",
                             "markupApplyButton"}) {
        auto *w = test::child<QWidget>(editor, name);
        QVERIFY2(w, name);
        QVERIFY2(!w->accessibleName().isEmpty() || qobject_cast<QPushButton *>(w), name);
    }
    for (const char *name : {"markupRectangleTool",
                             "markupArrowTool",
                             "markupCalloutTool",
                             "markupTextTool",
                             "markupRedactTool",
                             "markupPixelateTool",
                             "markupCropTool",
                             "markupUndoAction",
                             "markupRedoAction",
                             "markupZoomInAction",
                             "markupZoomOutAction",
                             "markupZoomFitAction"}) {
        auto *a = test::child<QAction>(editor, name);
        QVERIFY2(a, name);
        QVERIFY2(!a->shortcut().isEmpty(), name);
    }
    QVERIFY(!editor->windowTitle().isEmpty());
    editor->reject();
}

void TestMarkupEditor::everyToolByShortcutAndUndoRedo()
{
    MarkupEditor *editor = openEditorByDoubleClick();
    QVERIFY(editor);
    editor->canvas()->setFocus();
    struct Step
    {
        Qt::Key key;
        Edit::Kind kind;
    };
    const Step steps[] = {
        {Qt::Key_R, Edit::Kind::Rectangle},
        {Qt::Key_A, Edit::Kind::Arrow},
        {Qt::Key_B, Edit::Kind::Redact},
        {Qt::Key_P, Edit::Kind::Pixelate},
        {Qt::Key_N, Edit::Kind::Callout},
        {Qt::Key_T, Edit::Kind::Text},
        {Qt::Key_C, Edit::Kind::Crop},
    };
    auto *text = test::child<QLineEdit>(editor, "markupText");
    QVERIFY(text);
    int expected = 0;
    for (const Step &s : steps) {
        QTest::keyClick(editor->canvas(), s.key);
        QCOMPARE(editor->tool(), s.kind);
        if (s.kind == Edit::Kind::Callout || s.kind == Edit::Kind::Text) {
            // With no text, the Text tool says what to do and adds nothing.
            if (s.kind == Edit::Kind::Text) {
                click(editor, QPoint(40, 200));
                QCOMPARE(editor->edits().size(), expected);
            }
            text->setText(s.kind == Edit::Kind::Callout ? QStringLiteral("the total")
                                                        : QStringLiteral("Paid"));
            click(editor, QPoint(40, 200));
            editor->canvas()->setFocus();
        } else {
            drag(editor, QPoint(20, 30), QPoint(380, 270));
        }
        ++expected;
        QCOMPARE(editor->edits().size(), expected);
        QCOMPARE(editor->edits().constLast().kind, s.kind);
    }
    const Edit &callout = editor->edits().at(4);
    QCOMPARE(callout.text, QStringLiteral("the total"));
    QVERIFY(text->text().isEmpty() == false); // the Text tool keeps its text for the next click
    const QRect drawn = editor->edits().at(0).rect;
    QVERIFY2(std::abs(drawn.left() - 20) <= 2 && std::abs(drawn.bottom() - 269) <= 3,
             qPrintable(QStringLiteral("%1,%2 %3x%4")
                            .arg(drawn.x())
                            .arg(drawn.y())
                            .arg(drawn.width())
                            .arg(drawn.height())));

    // Undo and redo by their shortcuts.
    QTest::keyClick(editor->canvas(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(editor->edits().size(), expected - 1);
    QTest::keyClick(editor->canvas(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(editor->edits().size(), expected - 2);
    QTest::keyClick(editor->canvas(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(editor->edits().size(), expected - 1);
    QCOMPARE(editor->edits().constLast().kind, Edit::Kind::Text);

    // Zoom by shortcut.
    const double zoom = editor->canvas()->zoom();
    QTest::keyClick(editor->canvas(), Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(editor->canvas()->zoom() > zoom);
    QTest::keyClick(editor->canvas(), Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(editor->canvas(), Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(editor->canvas()->zoom() < zoom);

    // The preview shows the redaction (black where the box is, on a noisy photo).
    QTRY_VERIFY(editor->isIdle());
    QCOMPARE(editor->preview().pixel(200, 150), qRgb(0, 0, 0));
    editor->reject();
    // Cancel changes nothing in the tray.
    QVERIFY(!m_app->composer()->tray()->itemAt(0).isEdited());
}

void TestMarkupEditor::redactionIsGoneFromTheSentBytes()
{
    MarkupEditor *editor = openEditorByDoubleClick();
    QVERIFY(editor);
    editor->canvas()->setFocus();
    QTest::keyClick(editor->canvas(), Qt::Key_B);
    drag(editor, QPoint(100, 60), QPoint(300, 160));
    QTest::keyClick(editor->canvas(), Qt::Key_N);
    test::child<QLineEdit>(editor, "markupText")->setText(QStringLiteral("the card number"));
    click(editor, QPoint(50, 250));
    auto *legend = test::child<QCheckBox>(editor, "markupLegendCheck");
    QVERIFY(legend);
    legend->setChecked(true);
    const EditList edits = editor->edits();
    QCOMPARE(edits.size(), 2);
    const QRect redacted = edits.at(0).rect;
    QVERIFY(redacted.width() > 150 && redacted.height() > 80);
    QTest::mouseClick(test::child<QPushButton>(editor, "markupApplyButton"), Qt::LeftButton);

    Composer *composer = m_app->composer();
    QTRY_VERIFY_WITH_TIMEOUT(composer->tray()->itemAt(0).isEdited() && !composer->isBusy(), 10000);
    QVERIFY(composer->tray()->data(composer->tray()->index(0), TrayModel::EditedRole).toBool());
    QVERIFY(composer->tray()
                ->data(composer->tray()->index(0), TrayModel::DetailRole)
                .toString()
                .contains(QLatin1String("Edited")));
    // The legend went into the prompt because it was asked for.
    auto *prompt = test::child<PromptEdit>(m_app->window(), "promptEdit");
    QVERIFY(prompt);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("1: the card number"));
    prompt->setPlainText(QStringLiteral("What is on this card?\n") + prompt->toPlainText());
    QTRY_VERIFY(composer->evaluation().canSend);
    QTest::mouseClick(test::child<QPushButton>(m_app->window(), "sendButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_endpoint->requestBodies().isEmpty() && !m_app->session()->isBusy(),
                             10000);

    // Decode what the server received.
    const QJsonArray parts = m_endpoint->requestBodies()
                                 .constLast()
                                 .value(QStringLiteral("messages"))
                                 .toArray()
                                 .last()
                                 .toObject()
                                 .value(QStringLiteral("content"))
                                 .toArray();
    QByteArray sent;
    for (const QJsonValue &p : parts)
        if (p.toObject().contains(QStringLiteral("image_url")))
            sent = QByteArray::fromBase64(p.toObject()
                                              .value(QStringLiteral("image_url"))
                                              .toObject()
                                              .value(QStringLiteral("url"))
                                              .toString()
                                              .section(u',', 1)
                                              .toLatin1());
    QVERIFY(!sent.isEmpty());
    QVERIFY(sent != m_photoBytes);
    QImage decoded;
    QVERIFY(decoded.loadFromData(sent));
    QCOMPARE(decoded.size(), QSize(400, 300));
    const QImage original = test::photoImage(QSize(400, 300), 21);
    int replaced = 0;
    for (int y = redacted.top(); y <= redacted.bottom(); ++y)
        for (int x = redacted.left(); x <= redacted.right(); ++x) {
            QCOMPARE(decoded.pixel(x, y), qRgb(0, 0, 0));
            replaced += original.pixel(x, y) != qRgb(0, 0, 0);
        }
    QCOMPARE(replaced, redacted.width() * redacted.height());  // none of them was black before
    QCOMPARE(decoded.pixel(390, 10), original.pixel(390, 10)); // outside the marks: untouched
    // The original file is untouched, and the turn keeps the edit list with the image.
    QFile f(m_photoPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), m_photoBytes);
    const Turn &turn = m_app->session()->conversation()->at(0);
    QCOMPARE(turn.images.size(), 1);
    QCOMPARE(turn.images.at(0).originalPath, m_photoPath);
    QCOMPARE(editListFromJson(turn.images.at(0).edits), edits);
}

void TestMarkupEditor::editMenuNeedsAnImage()
{
    auto *action = test::child<QAction>(m_app->window(), "editImageAction");
    QVERIFY(action);
    QVERIFY(!action->isEnabled()); // an empty tray
    QVERIFY(!m_app->window()->showImageEditor());
    QVERIFY(!m_app->window()->findChild<MarkupEditor *>());
}

void TestMarkupEditor::screenshotForTheDocs()
{
    // docs/editor.png is made by running this test with SQUINT_DOCS_SCREENSHOT=path.
    MarkupEditor *editor = openEditorByDoubleClick();
    QVERIFY(editor);
    editor->canvas()->setFocus();
    QTest::keyClick(editor->canvas(), Qt::Key_R);
    drag(editor, QPoint(30, 40), QPoint(180, 140));
    QTest::keyClick(editor->canvas(), Qt::Key_A);
    drag(editor, QPoint(330, 250), QPoint(190, 150));
    QTest::keyClick(editor->canvas(), Qt::Key_N);
    test::child<QLineEdit>(editor, "markupText")->setText(QStringLiteral("this value"));
    click(editor, QPoint(30, 40));
    QTest::keyClick(editor->canvas(), Qt::Key_B);
    drag(editor, QPoint(220, 40), QPoint(380, 80));
    QTRY_VERIFY(editor->isIdle());
    const QImage shot = editor->grab().toImage();
    QVERIFY(!shot.isNull());
    const QString path = qEnvironmentVariable("SQUINT_DOCS_SCREENSHOT");
    if (!path.isEmpty())
        QVERIFY(shot.save(path));
    editor->reject();
}

QTEST_MAIN(TestMarkupEditor)
#include "tst_markupeditor.moc"
