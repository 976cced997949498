// The editor's core: edit lists as data (JSON), their rendering, undo/redo, and the edited variant
// a tray item sends (the original untouched, redacted pixels gone from the bytes that go).
#include "core/catalog/catalog.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/markup/editlist.h"
#include "core/markup/markup.h"
#include "testimages.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;

class TestMarkup : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void jsonRoundTrip();
    void jsonRefusesBadInput_data();
    void jsonRefusesBadInput();
    void redactOverwritesEveryPixel();
    void redactMakesTransparentPixelsOpaque();
    void pixelateLeavesUniformBlocks();
    void rectangleDrawsOutlineOnly();
    void arrowCalloutAndTextDrawInColour();
    void cropKeepsTheLastRectangle();
    void calloutLegendNumbersInOrder();
    void undoRedo();
    void editedVariantIsWhatIsSent();
    void editingAgainStartsFromTheOriginal();
    void sendWaitsForTheEditedCopy();

private:
    QTemporaryDir m_dir;
};

void TestMarkup::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

namespace {
EditList sampleList()
{
    EditList edits;
    Edit crop{Edit::Kind::Crop};
    crop.rect = QRect(1, 2, 300, 200);
    Edit rect{Edit::Kind::Rectangle};
    rect.rect = QRect(10, 10, 40, 30);
    rect.width = 3;
    Edit arrow{Edit::Kind::Arrow};
    arrow.line = QLine(5, 6, 70, 80);
    arrow.color = QColor(0, 128, 255);
    Edit callout{Edit::Kind::Callout};
    callout.at = QPoint(100, 50);
    callout.text = QStringLiteral("the “OK” button");
    Edit text{Edit::Kind::Text};
    text.at = QPoint(20, 150);
    text.text = QStringLiteral("look here\nand here");
    Edit redact{Edit::Kind::Redact};
    redact.rect = QRect(120, 120, 50, 20);
    Edit pix{Edit::Kind::Pixelate};
    pix.rect = QRect(0, 0, 16, 16);
    pix.blockSize = 4;
    edits << crop << rect << arrow << callout << text << redact << pix;
    return edits;
}

QImage solid(QSize size, QColor c)
{
    QImage img(size, QImage::Format_RGB32);
    img.fill(c);
    return img;
}
} // namespace

void TestMarkup::jsonRoundTrip()
{
    const EditList edits = sampleList();
    const QString json = editListToJson(edits);
    QVERIFY(json.contains(QLatin1String("\"kind\":\"redact\"")));
    QString error;
    const EditList back = editListFromJson(json, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(back.size(), edits.size());
    for (int i = 0; i < edits.size(); ++i) {
        // Colours of marks without one (crop, redact) are not written; everything else survives.
        Edit expected = edits.at(i);
        if (expected.kind == Edit::Kind::Crop || expected.kind == Edit::Kind::Redact
            || expected.kind == Edit::Kind::Pixelate)
            expected.color = Edit().color;
        QVERIFY2(back.at(i) == expected, qPrintable(QStringLiteral("edit %1").arg(i)));
    }
    QCOMPARE(editListToJson(EditList()), QString());
    QVERIFY(editListFromJson(QString()).isEmpty());
}

void TestMarkup::jsonRefusesBadInput_data()
{
    QTest::addColumn<QString>("json");
    QTest::newRow("not json") << QStringLiteral("{");
    QTest::newRow("other version") << QStringLiteral(R"({"version":2,"edits":[]})");
    QTest::newRow("unknown kind") << QStringLiteral(
        R"({"version":1,"edits":[{"kind":"blur","rect":[0,0,1,1]}]})");
    QTest::newRow("no rect") << QStringLiteral(R"({"version":1,"edits":[{"kind":"redact"}]})");
    QTest::newRow("short rect") << QStringLiteral(
        R"({"version":1,"edits":[{"kind":"redact","rect":[0,0,1]}]})");
    QTest::newRow("negative size")
        << QStringLiteral(R"({"version":1,"edits":[{"kind":"rect","rect":[0,0,-5,1]}]})");
    QTest::newRow("huge coordinate")
        << QStringLiteral(R"({"version":1,"edits":[{"kind":"arrow","line":[0,0,1e12,1]}]})");
    QTest::newRow("string coordinate")
        << QStringLiteral(R"({"version":1,"edits":[{"kind":"text","at":["1",2]}]})");
    QTest::newRow("bad colour") << QStringLiteral(
        R"({"version":1,"edits":[{"kind":"text","at":[1,2],"text":"a","color":"nope"}]})");
    QTest::newRow("long text")
        << QStringLiteral(R"({"version":1,"edits":[{"kind":"text","at":[1,2],"text":"%1"}]})")
               .arg(QString(MaxEditText + 1, u'x'));
    QString many = QStringLiteral(R"({"version":1,"edits":[)");
    for (int i = 0; i <= MaxEdits; ++i)
        many += QStringLiteral(R"({"kind":"callout","at":[1,2]},)");
    many.chop(1);
    many += QStringLiteral("]}");
    QTest::newRow("too many") << many;
}

void TestMarkup::jsonRefusesBadInput()
{
    QFETCH(QString, json);
    QString error;
    QVERIFY(editListFromJson(json, &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TestMarkup::redactOverwritesEveryPixel()
{
    const QImage photo = test::photoImage(QSize(200, 150), 7);
    Edit redact{Edit::Kind::Redact};
    redact.rect = QRect(150, 100, 80, 80); // runs past the edge: clipped
    const QImage out = applyEdits(photo, {redact});
    QCOMPARE(out.size(), photo.size());
    for (int y = 0; y < out.height(); ++y)
        for (int x = 0; x < out.width(); ++x) {
            const bool inside = x >= 150 && y >= 100;
            if (inside)
                QCOMPARE(out.pixel(x, y), qRgb(0, 0, 0));
            else
                QCOMPARE(out.pixel(x, y), photo.pixel(x, y));
        }
    // The caller's image is untouched.
    QCOMPARE(photo, test::photoImage(QSize(200, 150), 7));
}

void TestMarkup::redactMakesTransparentPixelsOpaque()
{
    const QImage img = test::alphaImage(QSize(100, 100));
    QVERIFY(img.hasAlphaChannel());
    Edit redact{Edit::Kind::Redact};
    redact.rect = QRect(0, 0, 100, 10); // the transparent border is in here
    const QImage out = applyEdits(img, {redact});
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 100; ++x)
            QCOMPARE(out.pixel(x, y), qRgba(0, 0, 0, 255));
}

void TestMarkup::pixelateLeavesUniformBlocks()
{
    const QImage photo = test::photoImage(QSize(64, 64), 3);
    Edit pix{Edit::Kind::Pixelate};
    pix.rect = QRect(8, 8, 32, 32);
    pix.blockSize = 8;
    const QImage out = applyEdits(photo, {pix});
    for (int by = 8; by < 40; by += 8)
        for (int bx = 8; bx < 40; bx += 8) {
            const QRgb first = out.pixel(bx, by);
            for (int y = by; y < by + 8; ++y)
                for (int x = bx; x < bx + 8; ++x)
                    QCOMPARE(out.pixel(x, y), first);
        }
    // The photo is noisy: a block being uniform means it was replaced.
    QVERIFY(photo.pixel(8, 8) != photo.pixel(9, 8) || photo.pixel(8, 8) != photo.pixel(8, 9));
    QCOMPARE(out.pixel(0, 0), photo.pixel(0, 0));
    QCOMPARE(out.pixel(50, 50), photo.pixel(50, 50));
}

void TestMarkup::rectangleDrawsOutlineOnly()
{
    const QImage white = solid(QSize(100, 100), Qt::white);
    Edit rect{Edit::Kind::Rectangle};
    rect.rect = QRect(20, 20, 60, 40);
    rect.color = QColor(255, 0, 0);
    rect.width = 4;
    const QImage out = applyEdits(white, {rect});
    QCOMPARE(out.pixel(20, 40), qRgb(255, 0, 0));     // on the left edge
    QCOMPARE(out.pixel(50, 20), qRgb(255, 0, 0));     // on the top edge
    QCOMPARE(out.pixel(50, 40), qRgb(255, 255, 255)); // inside: not filled
    QCOMPARE(out.pixel(5, 5), qRgb(255, 255, 255));
}

void TestMarkup::arrowCalloutAndTextDrawInColour()
{
    const QImage white = solid(QSize(200, 200), Qt::white);
    auto colouredPixels = [](const QImage &img, QRect area, QColor c) {
        int n = 0;
        for (int y = area.top(); y <= area.bottom(); ++y)
            for (int x = area.left(); x <= area.right(); ++x)
                n += img.pixelColor(x, y) == c;
        return n;
    };
    const QColor blue(0, 0, 255);
    Edit arrow{Edit::Kind::Arrow};
    arrow.line = QLine(10, 100, 190, 100);
    arrow.color = blue;
    QImage out = applyEdits(white, {arrow});
    QVERIFY(colouredPixels(out, QRect(10, 95, 180, 10), blue) > 150);
    QCOMPARE(colouredPixels(out, QRect(0, 0, 200, 80), blue), 0);

    Edit callout{Edit::Kind::Callout};
    callout.at = QPoint(100, 100);
    callout.color = blue;
    out = applyEdits(white, {callout});
    QVERIFY(colouredPixels(out, QRect(85, 85, 30, 30), blue) > 50);
    QVERIFY(colouredPixels(out, QRect(85, 85, 30, 30), Qt::white) > 0); // the number
    QCOMPARE(colouredPixels(out, QRect(0, 0, 60, 60), blue), 0);

    Edit text{Edit::Kind::Text};
    text.at = QPoint(10, 10);
    text.text = QStringLiteral("Hello");
    text.color = blue;
    out = applyEdits(white, {text});
    QVERIFY(colouredPixels(out, QRect(10, 10, 120, 40), blue) > 20);
    Edit empty = text;
    empty.text.clear();
    QCOMPARE(applyEdits(white, {empty}), white.convertToFormat(QImage::Format_RGB32));
}

void TestMarkup::cropKeepsTheLastRectangle()
{
    const QImage photo = test::photoImage(QSize(120, 80), 5);
    Edit a{Edit::Kind::Crop};
    a.rect = QRect(0, 0, 50, 50);
    Edit b{Edit::Kind::Crop};
    b.rect = QRect(100, 60, 40, 40); // partly outside: clipped to 20 x 20
    const QImage out = applyEdits(photo, {a, b});
    QCOMPARE(out.size(), QSize(20, 20));
    QCOMPARE(out.pixel(0, 0), photo.pixel(100, 60));
    QCOMPARE(out.pixel(19, 19), photo.pixel(119, 79));
    Edit outside{Edit::Kind::Crop};
    outside.rect = QRect(500, 500, 10, 10);
    QCOMPARE(applyEdits(photo, {outside}).size(), photo.size());
}

void TestMarkup::calloutLegendNumbersInOrder()
{
    Edit c1{Edit::Kind::Callout};
    c1.text = QStringLiteral("  the red   box ");
    Edit rect{Edit::Kind::Rectangle};
    Edit c2{Edit::Kind::Callout};
    Edit c3{Edit::Kind::Callout};
    c3.text = QStringLiteral("the total");
    const EditList edits{c1, rect, c2, c3};
    QCOMPARE(calloutLegend(edits), QStringLiteral("1: the red box\n3: the total"));
    QCOMPARE(calloutNumber(edits, 0), 1);
    QCOMPARE(calloutNumber(edits, 1), 0);
    QCOMPARE(calloutNumber(edits, 3), 3);
    QCOMPARE(calloutLegend({rect}), QString());
    QVERIFY(!hasRedaction(edits));
    QVERIFY(hasRedaction(sampleList()));
}

void TestMarkup::undoRedo()
{
    EditHistory h;
    QVERIFY(!h.canUndo() && !h.canRedo());
    Edit a{Edit::Kind::Rectangle};
    Edit b{Edit::Kind::Redact};
    h.add(a);
    h.add(b);
    QCOMPARE(h.current().size(), 2);
    QVERIFY(h.undo());
    QCOMPARE(h.current(), EditList{a});
    QVERIFY(h.undo());
    QVERIFY(h.current().isEmpty());
    QVERIFY(!h.undo());
    QVERIFY(h.redo());
    QCOMPARE(h.current(), EditList{a});
    // A new edit after an undo drops what could have been redone.
    Edit c{Edit::Kind::Arrow};
    h.add(c);
    QVERIFY(!h.canRedo());
    QCOMPARE(h.current(), (EditList{a, c}));
    h.reset({b});
    QCOMPARE(h.current(), EditList{b});
    QVERIFY(!h.canUndo());
}

namespace {
// Adds `path` to a composer for gpt-4o and waits until it is ready and evaluated.
bool addAndWait(Composer &composer, const QString &path)
{
    composer.addPaths({path});
    return QTest::qWaitFor(
        [&] {
            return composer.tray()->count() == 1
                   && composer.tray()->itemAt(0).stage == ItemFacts::Stage::Ready
                   && !composer.isBusy();
        },
        10000);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

void TestMarkup::editedVariantIsWhatIsSent()
{
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), nullptr, &nam);
    composer.setModelName(QStringLiteral("gpt-4o"));
    const QString path = m_dir.filePath(QStringLiteral("photo.png"));
    const QByteArray originalBytes = test::photoPng(QSize(400, 300), 11);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(originalBytes);
    }
    QVERIFY(addAndWait(composer, path));
    const quint64 oldId = composer.tray()->itemAt(0).id;
    const qint64 bytesBefore = composer.evaluation().payload.value;

    MarkupApplier applier(composer.tray());
    QSignalSpy applied(&applier, &MarkupApplier::applied);
    Edit redact{Edit::Kind::Redact};
    redact.rect = QRect(100, 50, 120, 60);
    Edit rect{Edit::Kind::Rectangle};
    rect.rect = QRect(10, 10, 50, 50);
    applier.apply(oldId, {rect, redact});
    QVERIFY(applier.isBusy());
    QVERIFY(applied.wait(10000));
    QVERIFY(QTest::qWaitFor([&] { return !composer.isBusy(); }, 10000));

    const TrayItem &item = composer.tray()->itemAt(0);
    QVERIFY(item.id != oldId);
    QCOMPARE(applied.constFirst().at(1).toULongLong(), item.id);
    QVERIFY(item.isEdited());
    QCOMPARE(composer.tray()->data(composer.tray()->index(0), TrayModel::EditedRole).toBool(), true);
    QCOMPARE(item.originalPath, path);
    QVERIFY(item.path != path);
    // The original file never changes.
    QCOMPARE(readFile(path), originalBytes);
    // The meters count the edited variant (a PNG of its own size).
    QCOMPARE(item.info.fileBytes, QFileInfo(item.path).size());
    QVERIFY(composer.evaluation().payload.value != bytesBefore);

    const QList<TurnImage> sent = sendableImages(composer.tray()->items());
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.at(0).originalPath, path);
    QCOMPARE(editListFromJson(sent.at(0).edits), (EditList{rect, redact}));
    const QByteArray bytes = readFile(sent.at(0).sentPath);
    QVERIFY(!bytes.isEmpty());
    QVERIFY(!bytes.contains(originalBytes.mid(100, 64))); // no copy of the original inside
    QImage decoded;
    QVERIFY(decoded.loadFromData(bytes));
    const QImage original = test::photoImage(QSize(400, 300), 11);
    for (int y = 50; y < 110; ++y)
        for (int x = 100; x < 220; ++x) {
            QCOMPARE(decoded.pixel(x, y), qRgb(0, 0, 0));
            QVERIFY(original.pixel(x, y) != qRgb(0, 0, 0));
        }
    QCOMPARE(decoded.pixel(300, 200), original.pixel(300, 200));
    QVERIFY(decoded.textKeys().isEmpty());

    // An empty list restores the original as what is sent.
    applier.apply(item.id, {});
    QVERIFY(!composer.tray()->itemAt(0).isEdited());
    QCOMPARE(composer.tray()->itemAt(0).path, path);
    QCOMPARE(sendableImages(composer.tray()->items()).value(0).edits, QString());
}

void TestMarkup::editingAgainStartsFromTheOriginal()
{
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), nullptr, &nam);
    composer.setModelName(QStringLiteral("gpt-4o"));
    const QString path = m_dir.filePath(QStringLiteral("shot.png"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(test::screenshotPng(QSize(300, 200)));
    }
    QVERIFY(addAndWait(composer, path));
    MarkupApplier applier(composer.tray());
    QSignalSpy applied(&applier, &MarkupApplier::applied);
    Edit crop{Edit::Kind::Crop};
    crop.rect = QRect(0, 0, 100, 100);
    applier.apply(composer.tray()->itemAt(0).id, {crop});
    QVERIFY(applied.wait(10000));
    QCOMPARE(composer.tray()->itemAt(0).info.size, QSize(100, 100));
    // The second edit list replaces the first and is applied to the original, not to the crop.
    Edit redact{Edit::Kind::Redact};
    redact.rect = QRect(250, 150, 10, 10);
    applier.apply(composer.tray()->itemAt(0).id, {redact});
    QVERIFY(applied.wait(10000));
    const TrayItem &item = composer.tray()->itemAt(0);
    QCOMPARE(item.info.size, QSize(300, 200));
    QCOMPARE(item.originalPath, path);
    QImage decoded(item.path);
    QCOMPARE(decoded.pixel(255, 155), qRgb(0, 0, 0));
    // A list for an item that is gone does nothing.
    applier.apply(999999, {redact});
    QVERIFY(!applier.isBusy());
}

void TestMarkup::sendWaitsForTheEditedCopy()
{
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), nullptr, &nam);
    composer.setModelName(QStringLiteral("gpt-4o"));
    composer.setPrompt(QStringLiteral("What is hidden?"));
    const QString path = m_dir.filePath(QStringLiteral("wait.png"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(test::photoPng(QSize(200, 100), 4));
    }
    QVERIFY(addAndWait(composer, path));
    QTRY_VERIFY(composer.evaluation().canSend);
    Edit redact{Edit::Kind::Redact};
    redact.rect = QRect(0, 0, 50, 50);
    QSignalSpy applied(composer.markup(), &MarkupApplier::applied);
    composer.applyEdits(composer.tray()->itemAt(0).id, {redact});
    // At once, before the worker is done: the unedited image can't go.
    QVERIFY(!composer.evaluation().canSend);
    QVERIFY(!composer.evaluation().blocker.isEmpty());
    QVERIFY(composer.isBusy());
    QVERIFY(applied.wait(10000));
    QTRY_VERIFY(composer.evaluation().canSend);
    QVERIFY(composer.tray()->itemAt(0).isEdited());
}

QTEST_MAIN(TestMarkup)
#include "tst_markup.moc"
