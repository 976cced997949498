// GUI test of the chat pane: a real Conversation rendered by a real, shown ChatView on the offscreen
// platform. Turns are added, streamed, changed and removed through the Conversation as the session
// does; actions are triggered by activateAction() and by real mouse clicks on their links.
#include "ui/chat/chatview.h"
#include "core/chat/conversation.h"
#include "fakehttpserver.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDesktopServices>
#include <QElapsedTimer>
#include <QImage>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>
#include <QtTest>

#include <memory>

using namespace squint;

namespace {

/// Records what QDesktopServices::openUrl() was asked to open instead of starting a browser.
class UrlRecorder final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl &url) { opened << url; }
};

QImage thumbnail(int width, int height, QColor color)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(color);
    return image;
}

TurnImage turnImage(const QString &name, QSize sent, QColor color)
{
    TurnImage img;
    img.name = name;
    img.mime = QStringLiteral("image/jpeg");
    img.sentSize = sent;
    img.sentBytes = 123456;
    img.tokens = 800;
    img.thumbnail = thumbnail(128, 96, color);
    return img;
}

Turn doneTurn(const QString &prompt, const QString &answer)
{
    Turn t;
    t.prompt = prompt;
    t.answer = answer;
    t.state = Turn::State::Done;
    t.model = QStringLiteral("gpt-4o");
    t.usage.prompt = 1117;
    t.usage.completion = 46;
    t.firstTokenMs = 800;
    t.totalMs = 3100;
    return t;
}

/// A long Markdown answer: a heading, paragraphs, a list, a table and a code block.
QString longAnswer()
{
    QString md = QStringLiteral(
        "# Findings\n\nThe picture shows a **harbour** at dusk. Here is what stands out:\n\n"
        "- three boats moored at the pier\n- a lighthouse on the left\n- gulls over the water\n\n"
        "| Object | Count | Confidence |\n|---|---|---|\n");
    for (int i = 0; i < 12; ++i)
        md += QStringLiteral("| item %1 | %2 | high |\n").arg(i).arg(i * 3);
    md += QStringLiteral("\nA script to count them:\n\n```python\n");
    for (int i = 0; i < 20; ++i)
        md += QStringLiteral("count_%1 = detect(image, label='boat', threshold=0.%2)\n")
                  .arg(i)
                  .arg(i % 10);
    md += QStringLiteral("```\n\n");
    while (md.size() < 7600)
        md += QStringLiteral(
            "The water reflects the sky and the lights of the town; nothing in the frame moves "
            "except the gulls, which is why the exposure could be this long. ");
    md += QStringLiteral("\n\nFinal line of the answer.\n");
    return md;
}

/// Every table in the document under `frame`.
QList<QTextTable *> tablesIn(QTextFrame *frame)
{
    QList<QTextTable *> out;
    for (QTextFrame *child : frame->childFrames()) {
        if (auto *table = qobject_cast<QTextTable *>(child))
            out << table;
        out << tablesIn(child);
    }
    return out;
}

/// The position of the first occurrence of `text` in the document, -1 if none.
int positionOf(QTextDocument *doc, const QString &text, int from = 0)
{
    const QTextCursor c = doc->find(text, from);
    return c.isNull() ? -1 : c.selectionStart();
}

/// The first anchor whose href is `href`: the position of its first character, -1 if none.
int anchorPosition(QTextDocument *doc, const QString &href)
{
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            if (f.charFormat().isAnchor() && f.charFormat().anchorHref() == href)
                return f.position();
        }
    }
    return -1;
}

/// Every anchor href in the document.
QStringList anchors(QTextDocument *doc)
{
    QStringList out;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            if (f.isAnchor())
                out << f.anchorHref();
        }
    }
    return out;
}

/// One line per block of the document under `frame`: its text, heading level, list, code, table and
/// quote properties. Two renderings with the same signature look the same.
QStringList structure(QTextDocument *doc, QTextFrame *frame)
{
    QStringList out;
    for (QTextBlock b = doc->findBlock(frame->firstPosition());
         b.isValid() && b.position() <= frame->lastPosition();
         b = b.next()) {
        const QTextBlockFormat f = b.blockFormat();
        QString line = b.text() + QStringLiteral(" |h") + QString::number(f.headingLevel());
        if (b.textList())
            line += QStringLiteral(" list:") + QString::number(b.textList()->itemNumber(b))
                    + QLatin1Char('/') + QString::number(b.textList()->count());
        if (f.hasProperty(QTextFormat::BlockCodeFence))
            line += QStringLiteral(" code");
        if (f.hasProperty(QTextFormat::BlockQuoteLevel))
            line += QStringLiteral(" quote");
        if (qobject_cast<QTextTable *>(doc->frameAt(b.position())))
            line += QStringLiteral(" cell");
        line += QStringLiteral(" m") + QString::number(f.topMargin()) + QLatin1Char(',')
                + QString::number(f.bottomMargin());
        out << line;
    }
    return out;
}

} // namespace

class TestChatView final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void namesAndEmptyPlaceholder();
    void promptsAndThumbnailsRender();
    void answerMarkdownKeepsStructure();
    void stableMarkdownEnd_data();
    void stableMarkdownEnd();
    void streamingIsCoalescedAndLocal();
    void referenceLinksResolveWhenFinished();
    void linkTooltipsArePlainText();
    void turnChangedTouchesOnlyThatTurn();
    void nothingIsFetched();
    void actionsEmitSignals();
    void clickingLinksDispatches();
    void failedAndStoppedTurns();
    void finishedTurnShowsWhatWasChanged();
    void pendingStatusShowsInHeader();
    void removedTurnsGo();
    void followsTheBottom();
    void longConversationOpensAtTheEnd();
    void showTurnRendersAndHighlights();

private:
    void showView(QSize size = QSize(700, 500));

    UrlRecorder m_urls;
    std::unique_ptr<Conversation> m_conv;
    std::unique_ptr<ChatView> m_view;
};

void TestChatView::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    // Links that would open in a browser land here instead.
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_urls, "open");
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &m_urls, "open");
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &m_urls, "open");
}

void TestChatView::cleanupTestCase()
{
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
}

void TestChatView::init()
{
    m_urls.opened.clear();
    m_conv = std::make_unique<Conversation>();
    m_view = std::make_unique<ChatView>();
}

void TestChatView::cleanup()
{
    m_view.reset();
    m_conv.reset();
}

void TestChatView::showView(QSize size)
{
    m_view->resize(size);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestChatView::namesAndEmptyPlaceholder()
{
    QCOMPARE(m_view->objectName(), QStringLiteral("chatView"));
    QCOMPARE(m_view->accessibleName(), QStringLiteral("Conversation"));
    QVERIFY(m_view->isReadOnly());
    QVERIFY(!m_view->openLinks());
    QVERIFY(!m_view->openExternalLinks());

    m_view->setConversation(m_conv.get());
    showView();
    QVERIFY(m_view->document()->isEmpty());
    QCOMPARE(m_view->placeholderText(), ChatView::emptyText());
    QVERIFY(ChatView::emptyText().contains(QStringLiteral("Ctrl+Enter")));
    QCOMPARE(m_view->accessibleDescription(), ChatView::emptyText());

    m_conv->append(doneTurn(QStringLiteral("What is this?"), QStringLiteral("A cat.")));
    QVERIFY(!m_view->document()->isEmpty());
    QVERIFY(m_view->accessibleDescription().isEmpty());

    m_conv->clear();
    QVERIFY(m_view->document()->isEmpty());
    QCOMPARE(m_view->accessibleDescription(), ChatView::emptyText());
}

void TestChatView::promptsAndThumbnailsRender()
{
    Turn first = doneTurn(QStringLiteral("Compare <b>these</b> *two* photos\nsecond line & more"),
                          QStringLiteral("They differ."));
    first.images << turnImage(QStringLiteral("harbour.jpg"), QSize(1024, 768), Qt::red)
                 << turnImage(QStringLiteral("pier.png"), QSize(2000, 1500), Qt::blue);
    const int i0 = m_conv->append(first);
    m_conv->append(doneTurn(QStringLiteral("And the sky?"), QStringLiteral("Clear.")));
    m_view->setConversation(m_conv.get());
    showView();

    QTextDocument *doc = m_view->document();
    const QString text = doc->toPlainText();
    // The prompt is plain text: markup characters come out as typed, lines as lines.
    QVERIFY2(text.contains(QStringLiteral("Compare <b>these</b> *two* photos")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("second line & more")));
    QVERIFY(text.contains(QStringLiteral("And the sky?")));
    QVERIFY(text.contains(QStringLiteral("They differ.")));
    QVERIFY(text.contains(QStringLiteral("gpt-4o")));
    QVERIFY2(text.contains(QStringLiteral("1117 → 46 tokens · first token 0.8 s · 3.1 s")),
             qPrintable(text));

    // Both thumbnails are resources of the document under the internal scheme, and placed in it.
    const quint64 id = m_conv->at(i0).id;
    for (int i = 0; i < 2; ++i) {
        const QUrl url = ChatView::imageUrl(id, i);
        QCOMPARE(url.scheme(), ChatView::ImageScheme);
        const QImage image = doc->resource(QTextDocument::ImageResource, url).value<QImage>();
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(128, 96));
        QCOMPARE(image.pixelColor(5, 5), i == 0 ? QColor(Qt::red) : QColor(Qt::blue));
    }
    QStringList tips;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            if (f.isImageFormat()) {
                QVERIFY(
                    f.toImageFormat().name().startsWith(ChatView::ImageScheme + QLatin1Char(':')));
                QVERIFY(f.toImageFormat().height() <= ChatView::ThumbnailHeight);
                tips << f.toolTip();
            }
        }
    }
    QCOMPARE(tips.size(), 2);
    QVERIFY2(tips.at(0).contains(QStringLiteral("harbour.jpg"))
                 && tips.at(0).contains(QStringLiteral("1024 × 768")),
             qPrintable(tips.at(0)));
    QVERIFY(tips.at(1).contains(QStringLiteral("pier.png"))
            && tips.at(1).contains(QStringLiteral("2000 × 1500")));

    // Leaving the images out of the context shows a note, and the action flips.
    QVERIFY(!text.contains(QStringLiteral("left out of the context")));
    QVERIFY(m_view->availableActions(id).contains(ChatView::LeaveImagesOutAction));
    m_conv->setImagesInContext(i0, false);
    QVERIFY(
        doc->toPlainText().contains(QStringLiteral("These images are left out of the context")));
    QVERIFY(m_view->availableActions(id).contains(ChatView::IncludeImagesAction));
    QVERIFY(!m_view->availableActions(id).contains(ChatView::LeaveImagesOutAction));
    QVERIFY(doc->toPlainText().contains(QStringLiteral("Include images")));
    // Still there after the re-render.
    QVERIFY(!doc->resource(QTextDocument::ImageResource, ChatView::imageUrl(id, 1))
                 .value<QImage>()
                 .isNull());
}

// A finished answer keeps the sentence saying what Squint changed to get it (a parameter the server
// refused, left out), once.
void TestChatView::finishedTurnShowsWhatWasChanged()
{
    Turn changed = doneTurn(QStringLiteral("Describe"), QStringLiteral("A cat."));
    changed.status = QStringLiteral("The server does not take temperature for this model: it was left out.");
    m_conv->append(changed);
    m_conv->append(doneTurn(QStringLiteral("Again"), QStringLiteral("A dog.")));
    m_view->setConversation(m_conv.get());
    showView();
    const QString text = m_view->document()->toPlainText();
    QVERIFY2(text.contains(changed.status), qPrintable(text));
    QCOMPARE(text.count(changed.status), 1);
}

void TestChatView::answerMarkdownKeepsStructure()
{
    const QString md = QStringLiteral(
        "# Heading One\n\n- apple\n- pear\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```cpp\nint main() { return 0; }\n```\n\nDone, see [docs](https://example.com/docs).\n");
    m_conv->append(doneTurn(QStringLiteral("Explain"), md));
    // An answer that starts with a table.
    m_conv->append(doneTurn(QStringLiteral("Table only"),
                            QStringLiteral("| x | y |\n|---|---|\n| 7 | 8 |\n")));
    m_view->setConversation(m_conv.get());
    showView();

    QTextDocument *doc = m_view->document();
    bool heading = false, code = false;
    QStringList listItems;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        if (b.text() == QStringLiteral("Heading One") && b.blockFormat().headingLevel() == 1)
            heading = true;
        if (b.textList())
            listItems << b.text();
        if (b.text().contains(QStringLiteral("int main()")))
            code = b.blockFormat().hasProperty(QTextFormat::BlockCodeFence)
                   || b.blockFormat().hasProperty(QTextFormat::BlockCodeLanguage);
    }
    QVERIFY2(heading, "the heading opening the answer lost its format");
    QCOMPARE(listItems, (QStringList{QStringLiteral("apple"), QStringLiteral("pear")}));
    QVERIFY(code);
    const QList<QTextTable *> tables = tablesIn(doc->rootFrame());
    QCOMPARE(tables.size(), 2);
    QCOMPARE(tables.at(0)->rows(), 2);
    QCOMPARE(tables.at(0)->columns(), 2);
    QCOMPARE(tables.at(0)->cellAt(1, 1).firstCursorPosition().block().text(), QStringLiteral("2"));
    QCOMPARE(tables.at(1)->cellAt(1, 0).firstCursorPosition().block().text(), QStringLiteral("7"));
    // The link stays a link; markup never shows as text.
    QVERIFY(anchors(doc).contains(QStringLiteral("https://example.com/docs")));
    QVERIFY(!doc->toPlainText().contains(QStringLiteral("```")));
    QVERIFY(!doc->toPlainText().contains(QStringLiteral("# Heading")));
}

void TestChatView::stableMarkdownEnd_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected"); ///< index of the character the stable part ends before

    const QString p1 = QStringLiteral("First paragraph.\n\n");
    QTest::newRow("nothing yet") << QString() << 0;
    QTest::newRow("one paragraph") << QStringLiteral("Just one paragraph so far") << 0;
    QTest::newRow("blank line, nothing after") << p1 << 0;
    QTest::newRow("paragraph after") << p1 + QStringLiteral("Second") << int(p1.size());
    QTest::newRow("heading after") << p1 + QStringLiteral("## Next\n") << int(p1.size());
    QTest::newRow("indented after") << p1 + QStringLiteral("    code") << 0;
    QTest::newRow("list item after") << p1 + QStringLiteral("- item") << 0;
    QTest::newRow("maybe list item") << p1 + QStringLiteral("12") << 0;
    QTest::newRow("number, not item") << p1 + QStringLiteral("12 boats") << int(p1.size());
    QTest::newRow("thematic break") << p1 + QStringLiteral("---\n") << int(p1.size());
    QTest::newRow("after a list") << QStringLiteral("- a\n- b\n\nThen") << 9;
    QTest::newRow("after a table") << QStringLiteral("| a |\n|---|\n| 1 |\n\nThen") << 0;
    QTest::newRow("inside a fence") << QStringLiteral("```\ncode\n\nmore code\n") << 0;
    QTest::newRow("after a fence") << QStringLiteral("```\ncode\n\nmore\n```\n\nText") << 20;
    QTest::newRow("unclosed longer fence") << QStringLiteral("````\n```\n\nText") << 0;
    QTest::newRow("last of several")
        << p1 + QStringLiteral("Second.\n\nThird") << int(p1.size()) + 9;
}

void TestChatView::stableMarkdownEnd()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    QCOMPARE(ChatView::stableMarkdownEnd(text), expected);
    QCOMPARE(ChatView::stableMarkdownEnd(text, 3), std::max(3, expected));
}

void TestChatView::streamingIsCoalescedAndLocal()
{
    for (int i = 0; i < 3; ++i)
        m_conv->append(doneTurn(QStringLiteral("Earlier question %1").arg(i), longAnswer()));
    Turn pending;
    pending.prompt = QStringLiteral("Describe the harbour");
    pending.model = QStringLiteral("gpt-4o");
    const int last = m_conv->append(pending);
    m_view->setConversation(m_conv.get());
    showView();

    QTextDocument *doc = m_view->document();
    const QString before = doc->toPlainText();
    const int lastPromptAt = before.indexOf(QStringLiteral("Describe the harbour"));
    QVERIFY(lastPromptAt > 0);
    const QList<QTextFrame *> framesBefore = doc->rootFrame()->childFrames();
    QCOMPARE(framesBefore.size(), 4);
    const int lastTurnStart = framesBefore.last()->firstPosition();

    // Every change of the document while streaming must be inside the last turn.
    int minChange = INT_MAX;
    connect(doc, &QTextDocument::contentsChange, this, [&](int from, int, int) {
        minChange = std::min(minChange, from);
    });

    const QString answer = longAnswer();
    const int rendersBefore = m_view->renderCount();
    const int pieces = 2000;
    const int step = int((answer.size() + pieces - 1) / pieces);
    QElapsedTimer clock;
    clock.start();
    int appended = 0;
    for (int i = 0; i < pieces && appended < answer.size(); ++i) {
        m_conv->appendAnswer(last, answer.mid(appended, step));
        appended += step;
        QCoreApplication::processEvents();
        if (i % 25 == 0)
            QTest::qWait(4); // let the clock move as a real stream would
    }
    QCOMPARE(m_conv->at(last).answer, answer);
    const int midStream = m_view->renderCount() - rendersBefore;
    // Rendered along the way, but coalesced: far fewer renders than appends.
    QVERIFY2(midStream >= 2, qPrintable(QString::number(midStream)));
    QVERIFY2(midStream <= 1 + int(clock.elapsed() / ChatView::RenderDelayMs) + 5,
             qPrintable(QStringLiteral("%1 renders in %2 ms").arg(midStream).arg(clock.elapsed())));
    QVERIFY(midStream < 200);

    // The last render comes after the timer.
    QTRY_VERIFY(doc->toPlainText().contains(QStringLiteral("Final line of the answer.")));
    Turn done = m_conv->at(last);
    done.state = Turn::State::Done;
    m_conv->update(last, done);

    QVERIFY2(minChange >= lastTurnStart - 1,
             qPrintable(QStringLiteral("%1 < %2").arg(minChange).arg(lastTurnStart)));
    // The earlier turns are the same frames with the same text.
    const QList<QTextFrame *> framesAfter = doc->rootFrame()->childFrames();
    QCOMPARE(framesAfter.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(framesAfter.at(i), framesBefore.at(i));
    QCOMPARE(doc->toPlainText().left(lastPromptAt), before.left(lastPromptAt));

    // The final answer is Markdown: its table is a table, its code a code block, no markup left.
    QList<QTextTable *> tables = tablesIn(framesAfter.last());
    QCOMPARE(tables.size(), 1);
    QCOMPARE(tables.first()->rows(), 13);
    QCOMPARE(tables.first()->columns(), 3);
    QCOMPARE(tables.first()->cellAt(12, 0).firstCursorPosition().block().text(),
             QStringLiteral("item 11"));
    bool code = false;
    for (QTextBlock b = doc->findBlock(framesAfter.last()->firstPosition()); b.isValid();
         b = b.next()) {
        if (b.text().startsWith(QStringLiteral("count_19 = detect")))
            code = b.blockFormat().hasProperty(QTextFormat::BlockCodeFence);
    }
    QVERIFY(code);
    const QString tail = doc->toPlainText().mid(lastPromptAt);
    QVERIFY(!tail.contains(QStringLiteral("|---|")));
    QVERIFY(!tail.contains(QStringLiteral("```")));
    QVERIFY(tail.contains(QStringLiteral("Final line of the answer.")));

    // Streamed in pieces, the answer looks exactly as it does rendered at once.
    Conversation whole;
    whole.append(done);
    ChatView fresh;
    fresh.setConversation(&whole);
    const QStringList expected
        = structure(fresh.document(), fresh.document()->rootFrame()->childFrames().constFirst());
    QCOMPARE(structure(doc, framesAfter.last()), expected);
}

void TestChatView::referenceLinksResolveWhenFinished()
{
    Turn pending;
    pending.prompt = QStringLiteral("Sources?");
    const int i = m_conv->append(pending);
    m_view->setConversation(m_conv.get());
    showView();
    const QString answer = QStringLiteral(
        "See [the guide][1] first.\n\nThen the rest.\n\n[1]: https://example.com/guide\n");
    for (const QChar ch : answer) {
        m_conv->appendAnswer(i, QString(ch));
        QTest::qWait(1);
    }
    QTest::qWait(2 * ChatView::RenderDelayMs);
    Turn done = m_conv->at(i);
    done.state = Turn::State::Done;
    m_conv->update(i, done);
    QVERIFY2(anchors(m_view->document()).contains(QStringLiteral("https://example.com/guide")),
             qPrintable(m_view->document()->toPlainText()));
    QVERIFY(!m_view->document()->toPlainText().contains(QStringLiteral("[1]")));
}

// A link's title and address are the answer's text: their tooltips show them literally (Qt renders a
// tooltip that looks like HTML as HTML, "<img src=...>" included).
void TestChatView::linkTooltipsArePlainText()
{
    const QString title = QStringLiteral("<img src=http://x/a.png> <b>bold</b>");
    m_conv->append(doneTurn(QStringLiteral("Q"),
                            QStringLiteral("See [the docs](https://example.com/a \"%1\") and [bad](javascript:alert(1)).")
                                .arg(title)));
    m_view->setConversation(m_conv.get());
    QStringList tips;
    QTextDocument *doc = m_view->document();
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().anchorHref() == QStringLiteral("https://example.com/a"))
                tips << it.fragment().charFormat().toolTip();
    QVERIFY(!tips.isEmpty());
    for (const QString &tip : tips) {
        QVERIFY2(!tip.contains(QStringLiteral("<img")) && !tip.contains(QStringLiteral("<b>")), qPrintable(tip));
        QTextDocument shown;
        shown.setHtml(tip);
        QCOMPARE(shown.toPlainText(), title);
    }
    QVERIFY(!anchors(doc).contains(QStringLiteral("javascript:alert(1)")));
    QVERIFY(doc->toPlainText().contains(QStringLiteral("bad")));
}

void TestChatView::turnChangedTouchesOnlyThatTurn()
{
    for (int i = 0; i < 4; ++i)
        m_conv->append(
            doneTurn(QStringLiteral("Question %1").arg(i), QStringLiteral("Answer %1").arg(i)));
    m_view->setConversation(m_conv.get());
    showView();
    QTextDocument *doc = m_view->document();
    const QList<QTextFrame *> frames = doc->rootFrame()->childFrames();
    QCOMPARE(frames.size(), 4);

    int minChange = INT_MAX, maxChange = -1;
    connect(doc, &QTextDocument::contentsChange, this, [&](int from, int removed, int added) {
        minChange = std::min(minChange, from);
        maxChange = std::max(maxChange, from + std::max(removed, added));
    });
    const int renders = m_view->renderCount();
    Turn t = m_conv->at(1);
    t.answer = QStringLiteral("A **better** answer");
    m_conv->update(1, t);
    QCOMPARE(m_view->renderCount(), renders + 1);
    QVERIFY(minChange >= frames.at(1)->firstPosition() - 1);
    QVERIFY(maxChange <= frames.at(1)->lastPosition() + 1);
    QVERIFY(doc->toPlainText().contains(QStringLiteral("A better answer")));
    QVERIFY(!doc->toPlainText().contains(QStringLiteral("Answer 1")));
    QCOMPARE(doc->rootFrame()->childFrames(), frames);

    // A change that leaves the answer alone does not render it again.
    m_conv->setImagesInContext(1, false); // no images: nothing visible changes
    m_conv->setStatus(1, QStringLiteral("x"));
    QCOMPARE(m_view->renderCount(), renders + 1);
}

void TestChatView::nothingIsFetched()
{
    test::FakeHttpServer server;
    QVERIFY(server.isListening());
    QImage png = thumbnail(8, 8, Qt::green);
    QByteArray pngBytes;
    QBuffer buffer(&pngBytes);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(png.save(&buffer, "PNG"));
    server.route(QStringLiteral("/x.png"), test::Response::ok(pngBytes, "image/png"));
    server.route(QStringLiteral("/raw.png"), test::Response::ok(pngBytes, "image/png"));
    server.route(QStringLiteral("/page"), test::Response::ok("<html>hi</html>", "text/html"));
    // What the view fetched, known without waiting a while for it: a request of the test's own goes
    // to the same loopback server after the view has rendered and painted; once it is answered, a
    // fetch the view had started would have reached the server too. It is left out of the count.
    server.route(QStringLiteral("/barrier"), test::Response::ok("ok", "text/plain"));
    QNetworkAccessManager barrierNam;
    const auto requestsFromTheView = [&]() -> qsizetype {
        std::unique_ptr<QNetworkReply> reply(
            barrierNam.get(QNetworkRequest(server.url(QStringLiteral("/barrier")))));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10'000))
            return -1;
        qsizetype n = 0;
        for (const test::RecordedRequest &r : server.requests())
            n += r.path != QLatin1String("/barrier");
        return n;
    };

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString localPng = dir.filePath(QStringLiteral("local.png"));
    QVERIFY(png.save(localPng));

    const QString md = QStringLiteral(
                           "Look: ![x](%1)\n\nRaw: <img src=\"%2\">\n\nLocal: ![local](%3)\n\n"
                           "A [link](%4) and a [sneaky](%5) one and [another](%6).\n")
                           .arg(server.url(QStringLiteral("/x.png")).toString(),
                                server.url(QStringLiteral("/raw.png")).toString(),
                                QUrl::fromLocalFile(localPng).toString(),
                                server.url(QStringLiteral("/page")).toString(),
                                ChatView::actionUrl(ChatView::EditAction, 77).toString(),
                                QUrl::fromLocalFile(localPng).toString());
    m_conv->append(doneTurn(QStringLiteral("Images?"), md));
    m_view->setConversation(m_conv.get());
    showView();
    m_view->viewport()->repaint();
    QCOMPARE(requestsFromTheView(), 0);

    // No image from the answer is in the document; they are text, the web ones links.
    QTextDocument *doc = m_view->document();
    const QString text = doc->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("[image: x]")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("[image: local]")));
    QVERIFY(text.contains(QStringLiteral("<img src=")));
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            QVERIFY(!it.fragment().charFormat().isImageFormat());
    const QStringList hrefs = anchors(doc);
    QVERIFY(hrefs.contains(server.url(QStringLiteral("/x.png")).toString()));
    QVERIFY(hrefs.contains(server.url(QStringLiteral("/page")).toString()));
    // Internal actions and local files are not links when an answer carries them.
    QVERIFY(!hrefs.contains(ChatView::actionUrl(ChatView::EditAction, 77).toString()));
    QVERIFY(hrefs.contains(
        ChatView::actionUrl(ChatView::EditAction, m_conv->at(0).id).toString())); // the turn's own
    QVERIFY(!hrefs.contains(QUrl::fromLocalFile(localPng).toString()));
    QVERIFY(text.contains(QStringLiteral("sneaky")));

    // The resource loaders serve nothing but the thumbnails, local files included.
    QVERIFY(!m_view->loadResource(QTextDocument::ImageResource, server.url(QStringLiteral("/x.png")))
                 .isValid());
    QVERIFY(!m_view->loadResource(QTextDocument::ImageResource, QUrl::fromLocalFile(localPng))
                 .isValid());
    QVERIFY(!doc->resource(QTextDocument::ImageResource, QUrl::fromLocalFile(localPng)).isValid());
    QVERIFY(
        !doc->resource(QTextDocument::StyleSheetResource, QUrl::fromLocalFile(localPng)).isValid());
    QVERIFY(
        !doc->resource(QTextDocument::ImageResource, QUrl(QStringLiteral("local.png"))).isValid());
    QVERIFY(!doc->resource(QTextDocument::ImageResource, server.url(QStringLiteral("/x.png")))
                 .isValid());
    QCOMPARE(requestsFromTheView(), 0);
    QVERIFY(m_urls.opened.isEmpty());

    // A click on the link opens it (here: the recorder), and a click on nothing else does.
    emit m_view->anchorClicked(server.url(QStringLiteral("/page")));
    QCOMPARE(m_urls.opened, QList<QUrl>{server.url(QStringLiteral("/page"))});
    emit m_view->anchorClicked(QUrl::fromLocalFile(localPng));
    emit m_view->anchorClicked(QUrl(QStringLiteral("javascript:alert(1)")));
    emit m_view->anchorClicked(QUrl(QStringLiteral("relative/page.html")));
    QCOMPARE(m_urls.opened.size(), 1);
    QCOMPARE(requestsFromTheView(), 0);
}

void TestChatView::actionsEmitSignals()
{
    Turn withImages = doneTurn(QStringLiteral("Q1"), QStringLiteral("**A1** with `code`"));
    withImages.images << turnImage(QStringLiteral("a.jpg"), QSize(100, 100), Qt::yellow);
    const quint64 id1 = m_conv->at(m_conv->append(withImages)).id;
    Turn failed = doneTurn(QStringLiteral("Q2"), QString());
    failed.state = Turn::State::Failed;
    failed.error.kind = ApiError::Kind::Http;
    failed.error.message = QStringLiteral("The server refused.");
    const quint64 id2 = m_conv->at(m_conv->append(failed)).id;
    const quint64 id3
        = m_conv->at(m_conv->append(doneTurn(QStringLiteral("Q3"), QStringLiteral("A3")))).id;
    m_view->setConversation(m_conv.get());
    showView();

    QCOMPARE(m_view->availableActions(id1),
             (QStringList{ChatView::CopyAction,
                          ChatView::EditAction,
                          ChatView::LeaveImagesOutAction}));
    QCOMPARE(m_view->availableActions(id2),
             (QStringList{ChatView::RetryAction, ChatView::EditAction}));
    QCOMPARE(m_view->availableActions(id3),
             (QStringList{ChatView::CopyAction, ChatView::RegenerateAction, ChatView::EditAction}));
    QVERIFY(m_view->availableActions(999).isEmpty());

    QSignalSpy retry(m_view.get(), &ChatView::retryRequested);
    QSignalSpy edit(m_view.get(), &ChatView::editRequested);
    QSignalSpy images(m_view.get(), &ChatView::imagesInContextRequested);
    QSignalSpy copied(m_view.get(), &ChatView::copied);

    // Actions a turn does not offer do nothing.
    QVERIFY(!m_view->activateAction(ChatView::RegenerateAction, id1));
    QVERIFY(!m_view->activateAction(ChatView::CopyAction, id2));
    QVERIFY(!m_view->activateAction(ChatView::RetryAction, id3));
    QVERIFY(!m_view->activateAction(ChatView::EditAction, 999));
    QVERIFY(!m_view->activateAction(QStringLiteral("format-disk"), id1));
    QCOMPARE(retry.size() + edit.size() + images.size() + copied.size(), 0);

    QVERIFY(m_view->activateAction(ChatView::RetryAction, id2));
    QCOMPARE(retry.size(), 1);
    QCOMPARE(retry.at(0).at(0).value<quint64>(), id2);
    QVERIFY(m_view->activateAction(ChatView::RegenerateAction, id3));
    QCOMPARE(retry.size(), 2);
    QCOMPARE(retry.at(1).at(0).value<quint64>(), id3);
    QVERIFY(m_view->activateAction(ChatView::EditAction, id1));
    QCOMPARE(edit.size(), 1);
    QCOMPARE(edit.at(0).at(0).value<quint64>(), id1);
    QVERIFY(m_view->activateAction(ChatView::LeaveImagesOutAction, id1));
    QCOMPARE(images.size(), 1);
    QCOMPARE(images.at(0).at(0).value<quint64>(), id1);
    QCOMPARE(images.at(0).at(1).toBool(), false);

    QGuiApplication::clipboard()->clear();
    QVERIFY(m_view->activateAction(ChatView::CopyAction, id1));
    QCOMPARE(copied.size(), 1);
    QCOMPARE(copied.at(0).at(0).value<quint64>(), id1);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("**A1** with `code`")); // the Markdown
    QCOMPARE(QGuiApplication::clipboard()->mimeData()->data(QStringLiteral("text/markdown")),
             QByteArray("**A1** with `code`"));

    // After a new turn, the old last turn no longer offers Regenerate.
    const quint64 id4
        = m_conv->at(m_conv->append(doneTurn(QStringLiteral("Q4"), QStringLiteral("A4")))).id;
    QVERIFY(!m_view->availableActions(id3).contains(ChatView::RegenerateAction));
    QVERIFY(m_view->availableActions(id4).contains(ChatView::RegenerateAction));
    QCOMPARE(anchorPosition(m_view->document(),
                            ChatView::actionUrl(ChatView::RegenerateAction, id3).toString()),
             -1);
    QVERIFY(anchorPosition(m_view->document(),
                           ChatView::actionUrl(ChatView::RegenerateAction, id4).toString())
            > 0);
}

void TestChatView::clickingLinksDispatches()
{
    Turn withImages = doneTurn(QStringLiteral("Q1"),
                               QStringLiteral("See [the docs](https://example.com/a)."));
    withImages.images << turnImage(QStringLiteral("a.jpg"), QSize(100, 100), Qt::yellow);
    const quint64 id1 = m_conv->at(m_conv->append(withImages)).id;
    const quint64 id2
        = m_conv->at(m_conv->append(doneTurn(QStringLiteral("Q2"), QStringLiteral("A2")))).id;
    m_view->setConversation(m_conv.get());
    showView();

    QSignalSpy clicked(m_view.get(), &QTextBrowser::anchorClicked);
    QSignalSpy edit(m_view.get(), &ChatView::editRequested);
    QSignalSpy images(m_view.get(), &ChatView::imagesInContextRequested);
    QSignalSpy retry(m_view.get(), &ChatView::retryRequested);

    // Clicks the middle of the anchor whose href is `href`, as a user would.
    auto click = [&](const QString &href) {
        const int pos = anchorPosition(m_view->document(), href);
        QVERIFY2(pos >= 0, qPrintable(href));
        QTextCursor c(m_view->document());
        c.setPosition(pos + 1);
        m_view->setTextCursor(c);
        m_view->ensureCursorVisible();
        QApplication::processEvents();
        const QPoint at = m_view->cursorRect(c).center();
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    };

    click(ChatView::actionUrl(ChatView::EditAction, id1).toString());
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(edit.size(), 1);
    QCOMPARE(edit.at(0).at(0).value<quint64>(), id1);

    click(ChatView::actionUrl(ChatView::LeaveImagesOutAction, id1).toString());
    QCOMPARE(images.size(), 1);
    QCOMPARE(images.at(0).at(0).value<quint64>(), id1);
    QCOMPARE(images.at(0).at(1).toBool(), false);

    click(ChatView::actionUrl(ChatView::RegenerateAction, id2).toString());
    QCOMPARE(retry.size(), 1);
    QCOMPARE(retry.at(0).at(0).value<quint64>(), id2);

    // A web link in an answer opens only when clicked.
    QVERIFY(m_urls.opened.isEmpty());
    click(QStringLiteral("https://example.com/a"));
    QCOMPARE(m_urls.opened, QList<QUrl>{QUrl(QStringLiteral("https://example.com/a"))});
    QCOMPARE(edit.size(), 1);
}

void TestChatView::failedAndStoppedTurns()
{
    Turn failed = doneTurn(QStringLiteral("Q1"),
                           QStringLiteral("Partial *answer* before the error"));
    failed.state = Turn::State::Failed;
    failed.usage = {};
    failed.totalMs = -1;
    failed.error.kind = ApiError::Kind::Http;
    failed.error.status = 429;
    failed.error.message = QStringLiteral("HTTP 429: the endpoint is rate limited.");
    failed.error.hint = QStringLiteral("Wait a minute, then Retry.");
    const quint64 id1 = m_conv->at(m_conv->append(failed)).id;

    Turn stopped = doneTurn(QStringLiteral("Q2"), QStringLiteral("Half of a sent"));
    stopped.state = Turn::State::Stopped;
    stopped.usage = {};
    const quint64 id2 = m_conv->at(m_conv->append(stopped)).id;
    m_view->setConversation(m_conv.get());
    showView();

    const QString text = m_view->document()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("Partial answer before the error")));
    QVERIFY(text.contains(QStringLiteral("HTTP 429: the endpoint is rate limited.")));
    QVERIFY(text.contains(QStringLiteral("Wait a minute, then Retry.")));
    QVERIFY(text.contains(QStringLiteral("Half of a sent")));
    QVERIFY(text.contains(QStringLiteral("Stopped")));
    QVERIFY(m_view->availableActions(id1).contains(ChatView::RetryAction));
    QVERIFY(m_view->availableActions(id2).contains(ChatView::RetryAction));
    QVERIFY(anchorPosition(m_view->document(),
                           ChatView::actionUrl(ChatView::RetryAction, id1).toString())
            > 0);
    QVERIFY(anchorPosition(m_view->document(),
                           ChatView::actionUrl(ChatView::RetryAction, id2).toString())
            > 0);
    // The message comes after the partial answer, in the same turn.
    QVERIFY(positionOf(m_view->document(), QStringLiteral("HTTP 429"))
            > positionOf(m_view->document(), QStringLiteral("Partial")));
    QVERIFY(positionOf(m_view->document(), QStringLiteral("HTTP 429"))
            < positionOf(m_view->document(), QStringLiteral("Q2")));

    // Retrying: the session resets the turn; the error goes, the new answer streams in.
    Turn retried = m_conv->at(0);
    retried.state = Turn::State::Pending;
    retried.answer.clear();
    retried.error = {};
    m_conv->update(0, retried);
    QVERIFY(!m_view->document()->toPlainText().contains(QStringLiteral("HTTP 429")));
    QVERIFY(!m_view->document()->toPlainText().contains(QStringLiteral("Partial")));
    QVERIFY(m_view->availableActions(id1).isEmpty());
}

void TestChatView::pendingStatusShowsInHeader()
{
    Turn pending;
    pending.prompt = QStringLiteral("What breed?");
    pending.model = QStringLiteral("databricks-claude-sonnet-4-5");
    const int i = m_conv->append(pending);
    m_view->setConversation(m_conv.get());
    showView();
    QVERIFY(
        m_view->document()->toPlainText().contains(QStringLiteral("databricks-claude-sonnet-4-5")));
    QVERIFY(m_view->document()->toPlainText().contains(QStringLiteral("Waiting for the answer")));

    const int renders = m_view->renderCount();
    m_conv->setStatus(i, QStringLiteral("Uploading 40 %"));
    QVERIFY(m_view->document()->toPlainText().contains(QStringLiteral("Uploading 40 %")));
    m_conv->setStatus(i, QStringLiteral("Retrying in 2 s…"));
    QVERIFY(m_view->document()->toPlainText().contains(QStringLiteral("Retrying in 2 s…")));
    QVERIFY(!m_view->document()->toPlainText().contains(QStringLiteral("Uploading")));
    QCOMPARE(m_view->renderCount(), renders); // the status does not re-render the answer

    m_conv->appendAnswer(i, QStringLiteral("A beagle."));
    QVERIFY(!m_view->document()->toPlainText().contains(QStringLiteral("Retrying")));
    QTRY_VERIFY(m_view->document()->toPlainText().contains(QStringLiteral("A beagle.")));
    QVERIFY(m_view->availableActions(m_conv->at(i).id).isEmpty()); // no actions while streaming
}

void TestChatView::removedTurnsGo()
{
    Turn first = doneTurn(QStringLiteral("First question"), QStringLiteral("First answer"));
    first.images << turnImage(QStringLiteral("a.jpg"), QSize(100, 100), Qt::yellow);
    m_conv->append(first);
    Turn second = doneTurn(QStringLiteral("Second question"), QStringLiteral("Second answer"));
    second.images << turnImage(QStringLiteral("b.jpg"), QSize(100, 100), Qt::cyan);
    const quint64 id2 = m_conv->at(m_conv->append(second)).id;
    m_conv->append(doneTurn(QStringLiteral("Third question"),
                            QStringLiteral("| t | u |\n|---|---|\n| 1 | 2 |")));
    m_view->setConversation(m_conv.get());
    showView();
    const quint64 id1 = m_conv->at(0).id;
    QVERIFY(!m_view->availableActions(id1).contains(ChatView::RegenerateAction));

    m_conv->truncate(1);
    const QString text = m_view->document()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("First question")));
    QVERIFY(text.contains(QStringLiteral("First answer")));
    QVERIFY(!text.contains(QStringLiteral("Second")));
    QVERIFY(!text.contains(QStringLiteral("Third")));
    QCOMPARE(m_view->document()->rootFrame()->childFrames().size(), 1);
    QVERIFY(tablesIn(m_view->document()->rootFrame()).isEmpty());
    QVERIFY(m_view->availableActions(id1).contains(ChatView::RegenerateAction));
    QVERIFY(anchorPosition(m_view->document(),
                           ChatView::actionUrl(ChatView::RegenerateAction, id1).toString())
            > 0);
    QVERIFY(
        !m_view->loadResource(QTextDocument::ImageResource, ChatView::imageUrl(id2, 0)).isValid());
    QVERIFY(
        m_view->loadResource(QTextDocument::ImageResource, ChatView::imageUrl(id1, 0)).isValid());

    // The next turn appends after the survivor.
    m_conv->append(doneTurn(QStringLiteral("Fourth question"), QStringLiteral("Fourth answer")));
    QVERIFY(positionOf(m_view->document(), QStringLiteral("Fourth question"))
            > positionOf(m_view->document(), QStringLiteral("First answer")));
    QCOMPARE(m_view->document()->rootFrame()->childFrames().size(), 2);
}

void TestChatView::followsTheBottom()
{
    for (int i = 0; i < 6; ++i)
        m_conv->append(doneTurn(QStringLiteral("Question %1").arg(i), longAnswer().left(1500)));
    Turn pending;
    pending.prompt = QStringLiteral("More");
    const int last = m_conv->append(pending);
    m_view->setConversation(m_conv.get());
    showView(QSize(500, 300));
    QScrollBar *bar = m_view->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 1000);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(m_view->isFollowingBottom());

    // At the bottom: growth keeps it there.
    int round = 0;
    auto stream = [&](int pieces) {
        ++round;
        for (int i = 0; i < pieces; ++i) {
            m_conv->appendAnswer(last,
                                 QStringLiteral("Word %1-%2 and some more words to fill lines. ")
                                     .arg(round)
                                     .arg(i));
            QTest::qWait(2);
        }
        const QString lastWord = QStringLiteral("Word %1-%2 ").arg(round).arg(pieces - 1);
        QTRY_VERIFY(m_view->document()->toPlainText().contains(lastWord));
        QTest::qWait(20); // let the scroll bar follow the new size
    };
    int maxBefore = bar->maximum();
    stream(60);
    QVERIFY(bar->maximum() > maxBefore);
    QCOMPARE(bar->value(), bar->maximum());

    // Scrolled up: the view stays where the user put it.
    bar->setValue(bar->maximum() / 3);
    const int kept = bar->value();
    QVERIFY(!m_view->isFollowingBottom());
    maxBefore = bar->maximum();
    stream(60);
    QVERIFY(bar->maximum() > maxBefore);
    QCOMPARE(bar->value(), kept);

    // Back at the bottom: following again.
    bar->setValue(bar->maximum());
    QVERIFY(m_view->isFollowingBottom());
    stream(30);
    QCOMPARE(bar->value(), bar->maximum());
}

void TestChatView::longConversationOpensAtTheEnd()
{
    QList<Turn> turns;
    for (int i = 0; i < 100; ++i)
        turns << doneTurn(QStringLiteral("Question number %1").arg(i), QStringLiteral("Answer *%1*").arg(i));
    m_conv->replace(QStringLiteral("Long"), {}, turns);
    m_view->setConversation(m_conv.get());
    showView();
    // The last InitialTurns are rendered, the earlier ones are a link away.
    QCOMPARE(m_view->firstShownTurn(), 100 - ChatView::InitialTurns);
    QCOMPARE(m_view->renderedTurnCount(), ChatView::InitialTurns);
    QCOMPARE(m_view->document()->rootFrame()->childFrames().size(), ChatView::InitialTurns);
    QString text = m_view->document()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("Question number 99")));
    QVERIFY(text.contains(QStringLiteral("Question number 70")));
    QVERIFY(!text.contains(QStringLiteral("Question number 69")));
    QVERIFY2(text.startsWith(QStringLiteral("Show 50 earlier turn")) && text.contains(QStringLiteral("(70 not shown)")),
             qPrintable(text.left(60)));
    QTRY_VERIFY(m_view->isFollowingBottom());

    // Replacing the conversation (another one opened) starts over.
    m_conv->replace(QStringLiteral("Other"), {}, turns.mid(0, 5));
    QCOMPARE(m_view->firstShownTurn(), 0);
    QCOMPARE(m_view->document()->rootFrame()->childFrames().size(), 5);
    QVERIFY(!m_view->document()->toPlainText().contains(QStringLiteral("earlier")));
    m_conv->replace(QStringLiteral("Long"), {}, turns);

    // Clicking the link renders 50 more above, in order, and keeps what was on top in place.
    m_view->verticalScrollBar()->setValue(0);
    QTextFrame *top = m_view->document()->rootFrame()->childFrames().constFirst();
    const int topBefore = m_view->cursorRect(QTextCursor(top)).top();
    const int link = anchorPosition(m_view->document(), ChatView::actionUrl(ChatView::EarlierAction, 0).toString());
    QVERIFY(link >= 0);
    emit m_view->anchorClicked(ChatView::actionUrl(ChatView::EarlierAction, 0));
    QCOMPARE(m_view->firstShownTurn(), 20);
    QCOMPARE(m_view->document()->rootFrame()->childFrames().size(), 80);
    QVERIFY(qAbs(m_view->cursorRect(QTextCursor(top)).top() - topBefore) <= 2);
    text = m_view->document()->toPlainText();
    QVERIFY(positionOf(m_view->document(), QStringLiteral("Question number 20"))
            < positionOf(m_view->document(), QStringLiteral("Question number 21")));
    QVERIFY(positionOf(m_view->document(), QStringLiteral("Question number 69"))
            < positionOf(m_view->document(), QStringLiteral("Question number 70")));
    QVERIFY2(text.startsWith(QStringLiteral("Show 20 earlier turn")) && text.contains(QStringLiteral("(20 not shown)")),
             qPrintable(text.left(60)));
    // Actions of a turn rendered late work like the others.
    QVERIFY(m_view->activateAction(ChatView::EditAction, m_conv->at(25).id));

    QCOMPARE(m_view->showEarlier(), 0);
    QCOMPARE(m_view->document()->rootFrame()->childFrames().size(), 100);
    QVERIFY(!m_view->document()->toPlainText().contains(QStringLiteral("earlier turn")));
    QCOMPARE(m_view->showEarlier(), 0);

    // Streaming into the last turn and removing turns keep working with the window.
    m_conv->truncate(99);
    QCOMPARE(m_view->document()->rootFrame()->childFrames().size(), 99);
}

void TestChatView::showTurnRendersAndHighlights()
{
    QList<Turn> turns;
    for (int i = 0; i < 200; ++i)
        turns << doneTurn(QStringLiteral("Question %1").arg(i), i == 7 ? QStringLiteral("The okapi and another Okapi.")
                                                                         : QStringLiteral("Nothing here."));
    m_conv->replace(QStringLiteral("Long"), {}, turns);
    m_view->setConversation(m_conv.get());
    showView();
    QCOMPARE(m_view->firstShownTurn(), 170);
    m_view->showTurn(7, QStringLiteral("okapi"));
    QVERIFY(m_view->firstShownTurn() <= 7);
    QVERIFY(!m_view->isFollowingBottom());
    const QList<QTextEdit::ExtraSelection> marks = m_view->extraSelections();
    QCOMPARE(marks.size(), 2); // both, whatever their case; only in that turn
    for (const QTextEdit::ExtraSelection &m : marks)
        QCOMPARE(m.cursor.selectedText().toLower(), QStringLiteral("okapi"));
    // Turn 7 is at the top of the view.
    const int y = m_view->cursorRect(marks.constFirst().cursor).top();
    QVERIFY2(y >= 0 && y < m_view->viewport()->height() / 2, qPrintable(QString::number(y)));
}

QTEST_MAIN(TestChatView)
#include "tst_chatview.moc"
