// GUI test of the compare-images window: a real, shown CompareView on the offscreen platform over
// generated image files of known sizes and colours. Zoom, pan, the pixel readout and the modes are
// driven with synthesised key, wheel and mouse events; what the panes paint is read back by grab().
#include "ui/compare/compareview.h"
#include "testimages.h"

#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace squint;

namespace {

/// What a tooltip shows: Qt renders it as HTML when it looks like HTML, else as it is.
QString shownText(const QString &toolTip)
{
    if (!Qt::mightBeRichText(toolTip))
        return toolTip;
    QTextDocument doc;
    doc.setHtml(toolTip);
    return doc.toPlainText();
}

QImage solid(QSize size, QColor color)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(color);
    return image;
}

bool near(const QRectF &a, const QRectF &b, double tolerance = 0.005)
{
    return qAbs(a.left() - b.left()) < tolerance && qAbs(a.top() - b.top()) < tolerance
           && qAbs(a.right() - b.right()) < tolerance && qAbs(a.bottom() - b.bottom()) < tolerance;
}

// An EXIF block as a camera writes it, built by hand: IFD0 with Make, Model and the Exif IFD pointer,
// the Exif IFD with DateTimeOriginal, then the strings (each longer than 4 bytes, so stored out of line).
QByteArray exifTiff(bool bigEndian, const QByteArray &make, const QByteArray &model, const QByteArray &date)
{
    using namespace squint::test;
    auto u16 = [bigEndian](quint32 v) { return bigEndian ? be16(v) : le16(v); };
    auto u32 = [bigEndian](quint32 v) { return bigEndian ? be32(v) : le32(v); };
    const QByteArray mk = make + '\0', md = model + '\0', dt = date + '\0';
    const quint32 exifIfd = 8 + 2 + 3 * 12 + 4;
    const quint32 data = exifIfd + 2 + 12 + 4;
    QByteArray t(bigEndian ? "MM" : "II");
    t += u16(42);
    t += u32(8);
    t += u16(3);
    t += u16(0x010F) + u16(2) + u32(quint32(mk.size())) + u32(data);
    t += u16(0x0110) + u16(2) + u32(quint32(md.size())) + u32(data + quint32(mk.size()));
    t += u16(0x8769) + u16(4) + u32(1) + u32(exifIfd);
    t += u32(0);
    t += u16(1);
    t += u16(0x9003) + u16(2) + u32(quint32(dt.size())) + u32(data + quint32(mk.size() + md.size()));
    t += u32(0);
    t += mk + md + dt;
    return t;
}

QByteArray jpegWithCameraExif(QSize size, bool bigEndian, const QByteArray &make, const QByteArray &model,
                              const QByteArray &date)
{
    const QByteArray payload = QByteArrayLiteral("Exif\0\0") + exifTiff(bigEndian, make, model, date);
    const QByteArray app1 = QByteArrayLiteral("\xFF\xE1") + squint::test::be16(quint32(payload.size() + 2)) + payload;
    return squint::test::insertAfterSoi(squint::test::encode(solid(size, QColor(200, 180, 40)), "jpeg", 90), app1);
}

void sendMove(QWidget *w, QPointF pos, Qt::MouseButtons buttons)
{
    QMouseEvent move(QEvent::MouseMove, pos, w->mapToGlobal(pos), Qt::NoButton, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &move);
}

QRect geometryIn(QWidget *w, QWidget *ancestor)
{
    return QRect(w->mapTo(ancestor, QPoint(0, 0)), w->size());
}

bool close(QColor a, QColor b, int tolerance = 6)
{
    return qAbs(a.red() - b.red()) <= tolerance && qAbs(a.green() - b.green()) <= tolerance
           && qAbs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

class TestCompareView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void loadsAndCaptions();
    void firstPictureBeforeFullImage();
    void synchronisedZoomAndPan();
    void zoomKeys();
    void pixelReadout();
    void difference();
    void overlayModesOnlyForTwo();
    void swipeAndOnionPaint();
    void sideBySidePaints();
    void tabMovesFocus();
    void escCloses();
    void exifDateAndCamera();
    void fourImagesInGrid();
    void threeImagesInRow();
    void swipeDividerDrags();
    void askAboutThese();
    void askKeysTypeIntoField();
    void askEmptyPromptNotSent();
    void askDisabled();
    void hostileFileNameShowsLiterally();

private:
    std::unique_ptr<CompareView> open(const QStringList &names);

    QTemporaryDir m_dir;
};

void TestCompareView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Same sizes and same-length names, so the side-by-side panes get the same size.
    QVERIFY(solid(QSize(400, 300), QColor(220, 30, 30)).save(m_dir.filePath(QStringLiteral("red1.png"))));
    QVERIFY(solid(QSize(400, 300), QColor(30, 30, 220)).save(m_dir.filePath(QStringLiteral("blu1.png"))));
    QVERIFY(solid(QSize(300, 300), QColor(30, 200, 30)).save(m_dir.filePath(QStringLiteral("grn1.png"))));

    // A known pixel block for the readout: green 20 x 20 at (100, 80) on red.
    QImage marked = solid(QSize(400, 300), QColor(220, 30, 30));
    {
        QPainter p(&marked);
        p.fillRect(QRect(100, 80, 20, 20), QColor(0, 200, 0));
    }
    QVERIFY(marked.save(m_dir.filePath(QStringLiteral("mark.png"))));

    // Two images differing in a 20 x 10 rectangle of 200 x 100 pixels: 1.0 %.
    QImage a = solid(QSize(200, 100), QColor(128, 128, 128));
    QImage b = a.copy();
    {
        QPainter p(&b);
        p.fillRect(QRect(60, 40, 20, 10), QColor(250, 250, 250));
    }
    QVERIFY(a.save(m_dir.filePath(QStringLiteral("difa.png"))));
    QVERIFY(b.save(m_dir.filePath(QStringLiteral("difb.png"))));

    // A PNG with the text keys a camera would leave.
    QImage tagged = solid(QSize(320, 240), QColor(90, 90, 90));
    tagged.setText(QStringLiteral("DateTime"), QStringLiteral("2024:05:01 10:20:30"));
    tagged.setText(QStringLiteral("Model"), QStringLiteral("Squint Cam 9"));
    QVERIFY(tagged.save(m_dir.filePath(QStringLiteral("tagged.png"))));

    // A JPEG large enough for the two-stage load (scaled first picture, then the full image).
    QFile big(m_dir.filePath(QStringLiteral("big.jpg")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(squint::test::photoJpeg(QSize(2400, 1600)));
    big.close();

    // JPEGs with a camera's EXIF block in each byte order (no text keys for Qt's reader to find).
    QVERIFY(!squint::test::writeFile(m_dir.path(), QStringLiteral("exmm.jpg"),
                                     jpegWithCameraExif(QSize(320, 240), true, "Canon", "Canon EOS R5",
                                                        "2024:05:01 10:20:30"))
                 .isEmpty());
    QVERIFY(!squint::test::writeFile(m_dir.path(), QStringLiteral("exii.jpg"),
                                     jpegWithCameraExif(QSize(1600, 1200), false, "Squint", "Cam 9",
                                                        "2023:12:31 23:59:58"))
                 .isEmpty());
}

std::unique_ptr<CompareView> TestCompareView::open(const QStringList &names)
{
    QStringList paths;
    for (const QString &n : names)
        paths << m_dir.filePath(n);
    auto view = std::make_unique<CompareView>(paths);
    view->resize(1000, 700);
    view->show();
    if (!QTest::qWaitForWindowExposed(view.get()))
        return nullptr;
    if (!QTest::qWaitFor([&] { return view->isFullyLoaded(); }, 20000))
        return nullptr;
    QCoreApplication::processEvents();
    return view;
}

void TestCompareView::loadsAndCaptions()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("tagged.png")});
    QVERIFY(view);
    QVERIFY(view->isReady());
    QCOMPARE(view->imageCount(), 2);
    QCOMPARE(view->imageSize(0), QSize(400, 300));
    QVERIFY2(view->caption(0).startsWith(QStringLiteral("Image 1: red1.png\n")), qPrintable(view->caption(0)));
    QVERIFY2(view->caption(1).startsWith(QStringLiteral("Image 2: tagged.png\n")), qPrintable(view->caption(1)));
    QVERIFY2(view->caption(0).contains(QStringLiteral("400 × 300")), qPrintable(view->caption(0)));
    const QString tagged = view->caption(1);
    QVERIFY2(tagged.contains(QStringLiteral("320 × 240")), qPrintable(tagged));
    QVERIFY2(tagged.contains(QStringLiteral("Squint Cam 9")), qPrintable(tagged));
    QVERIFY2(tagged.contains(QStringLiteral("2024-05-01 10:20")), qPrintable(tagged));
    QVERIFY(!view->caption(0).contains(QStringLiteral("Squint Cam")));
    // The captions are the labels under the panes.
    auto *label = view->findChild<QLabel *>(QStringLiteral("compareCaption1"));
    QVERIFY(label);
    QCOMPARE(label->text(), tagged);
}

void TestCompareView::firstPictureBeforeFullImage()
{
    QStringList paths{m_dir.filePath(QStringLiteral("big.jpg")), m_dir.filePath(QStringLiteral("red1.png"))};
    CompareView view(paths);
    QSignalSpy ready(&view, &CompareView::ready);
    QSignalSpy full(&view, &CompareView::fullyLoaded);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
    QVERIFY(view.isReady());
    QCOMPARE(view.imageSize(0), QSize(2400, 1600));
    QTRY_COMPARE_WITH_TIMEOUT(full.size(), 1, 20000);
    // Full resolution at 100 %, a small level at a small zoom.
    QCOMPARE(view.pictureFor(0, 1.0).size(), QSize(2400, 1600));
    QVERIFY(view.pictureFor(0, 0.1).width() < 600);
    QCOMPARE(ready.size(), 1);
}

void TestCompareView::synchronisedZoomAndPan()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    ComparePane *p0 = view->pane(0);
    ComparePane *p1 = view->pane(1);
    QVERIFY(p0 && p1);
    QVERIFY(!view->pane(2));
    QVERIFY(view->viewState().isFitting());
    QVERIFY(near(p0->visibleNormalisedRect(), QRectF(0, 0, 1, 1)));

    // A key on the first pane zooms both.
    const double fit = view->viewState().zoom();
    QSignalSpy changed(view.get(), &CompareView::viewStateChanged);
    QTest::keyClick(p0, Qt::Key_Plus);
    QTest::keyClick(p0, Qt::Key_Plus);
    QTest::keyClick(p0, Qt::Key_Plus);
    QVERIFY(changed.size() >= 3);
    QVERIFY(view->viewState().zoom() > fit * 1.9);
    QVERIFY(p0->visibleNormalisedRect().width() < 0.6);
    QVERIFY2(near(p0->visibleNormalisedRect(), p1->visibleNormalisedRect()), "zoom is not shared");

    // The wheel on the second pane zooms at the cursor: the image point under it stays put.
    const QPointF at(p1->width() * 0.3, p1->height() * 0.4);
    const QPointF before = view->viewState().viewportToImage(at, QSize(400, 300), p1->size());
    const double z = view->viewState().zoom();
    QWheelEvent wheel(at, p1->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(p1, &wheel);
    QVERIFY(qAbs(view->viewState().zoom() - z * ViewState::ZoomStep) < 1e-9);
    const QPointF after = view->viewState().viewportToImage(at, QSize(400, 300), p1->size());
    QVERIFY(qAbs(before.x() - after.x()) < 0.5 && qAbs(before.y() - after.y()) < 0.5);
    QVERIFY(near(p0->visibleNormalisedRect(), p1->visibleNormalisedRect()));

    // Arrows pan both.
    const QRectF r0 = p0->visibleNormalisedRect();
    QTest::keyClick(p1, Qt::Key_Right);
    QTest::keyClick(p1, Qt::Key_Down);
    QVERIFY(p0->visibleNormalisedRect().left() > r0.left() + 0.01);
    QVERIFY(p0->visibleNormalisedRect().top() > r0.top() + 0.01);
    QVERIFY(near(p0->visibleNormalisedRect(), p1->visibleNormalisedRect()));

    // Dragging on one pane pans both (the content follows the mouse: the view looks left).
    const QRectF r1 = p0->visibleNormalisedRect();
    QTest::mousePress(p0, Qt::LeftButton, Qt::NoModifier, QPoint(200, 200));
    QMouseEvent move(QEvent::MouseMove, QPointF(260, 200), p0->mapToGlobal(QPointF(260, 200)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(p0, &move);
    QTest::mouseRelease(p0, Qt::LeftButton, Qt::NoModifier, QPoint(260, 200));
    QVERIFY(p1->visibleNormalisedRect().left() < r1.left() - 0.01);
    QVERIFY(near(p0->visibleNormalisedRect(), p1->visibleNormalisedRect()));
}

void TestCompareView::zoomKeys()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    ComparePane *p0 = view->pane(0);
    QTest::keyClick(p0, Qt::Key_1);
    QCOMPARE(view->viewState().zoom(), 1.0);
    QVERIFY(!view->viewState().isFitting());
    QTest::keyClick(p0, Qt::Key_Plus);
    QCOMPARE(view->viewState().zoom(), ViewState::ZoomStep);
    QTest::keyClick(p0, Qt::Key_Minus);
    QCOMPARE(view->viewState().zoom(), 1.0); // these images fit above 100 %: zooming out stops there
    QTest::keyClick(p0, Qt::Key_0);
    QVERIFY(view->viewState().isFitting());
    QCOMPARE(view->viewState().zoom(), view->viewState().fitZoom());
    // Fit is the smaller fit of the panes: the whole image shows in each.
    QVERIFY(near(p0->visibleNormalisedRect(), QRectF(0, 0, 1, 1)));
    auto *actual = view->findChild<QToolButton *>(QStringLiteral("compareActualSizeButton"));
    QVERIFY(actual);
    actual->click();
    QCOMPARE(view->viewState().zoom(), 1.0);
}

void TestCompareView::pixelReadout()
{
    auto view = open({QStringLiteral("mark.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    ComparePane *p0 = view->pane(0);
    QVERIFY(view->pixelReadout().isEmpty());
    const QSize image(400, 300);
    auto hover = [&](ComparePane *pane, QPointF imagePoint) {
        const QPointF pos = view->viewState().imageToViewport(imagePoint, image, pane->size());
        QMouseEvent move(QEvent::MouseMove, pos, pane->mapToGlobal(pos), Qt::NoButton, Qt::MouseButtons(), Qt::NoModifier);
        QApplication::sendEvent(pane, &move);
    };
    hover(p0, QPointF(110.5, 90.5));
    QString text = view->pixelReadout();
    QVERIFY2(text.contains(QStringLiteral("mark.png")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("x 110, y 90")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("R 0 G 200 B 0 A 255")), qPrintable(text));
    hover(p0, QPointF(10.5, 10.5));
    text = view->pixelReadout();
    QVERIFY2(text.contains(QStringLiteral("x 10, y 10")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("R 220 G 30 B 30 A 255")), qPrintable(text));
    // The other pane reads its own image; the readout follows a zoom under a still cursor.
    hover(view->pane(1), QPointF(200.5, 150.5));
    QVERIFY2(view->pixelReadout().contains(QStringLiteral("blu1.png: x 200, y 150 · R 30 G 30 B 220")),
             qPrintable(view->pixelReadout()));
    // Outside the image (fit leaves a margin left and right) nothing is read.
    QMouseEvent outside(QEvent::MouseMove, QPointF(1, 1), p0->mapToGlobal(QPointF(1, 1)), Qt::NoButton,
                        Qt::MouseButtons(), Qt::NoModifier);
    QApplication::sendEvent(p0, &outside);
    QVERIFY2(view->pixelReadout().isEmpty(), qPrintable(view->pixelReadout()));
    auto *label = view->findChild<QLabel *>(QStringLiteral("compareReadout"));
    QVERIFY(label);
    QCOMPARE(label->text(), view->pixelReadout());
}

void TestCompareView::difference()
{
    auto view = open({QStringLiteral("difa.png"), QStringLiteral("difb.png")});
    QVERIFY(view);
    QSignalSpy spy(view.get(), &CompareView::differenceReady);
    view->setMode(CompareView::Mode::Difference);
    QCOMPARE(view->mode(), CompareView::Mode::Difference);
    QVERIFY(spy.wait(20000));
    const DiffResult result = spy.at(0).at(0).value<DiffResult>();
    QCOMPARE(result.changedPixels, qint64(200));
    QCOMPARE(result.changedBounds, QRect(60, 40, 20, 10));
    QVERIFY(view->difference().has_value());
    const QString text = view->differenceText();
    QVERIFY2(text.contains(QStringLiteral("1.0 %")), qPrintable(text));
    auto *label = view->findChild<QLabel *>(QStringLiteral("compareDifferenceLabel"));
    QVERIFY(label && label->isVisible());
    QCOMPARE(label->text(), text);
    // The heat map is painted over the changed rectangle: red-yellow there, dark elsewhere.
    ComparePane *overlay = view->overlayPane();
    QVERIFY(overlay->isVisible());
    QCoreApplication::processEvents();
    const QImage shot = overlay->grab().toImage();
    const ViewState st = view->viewState();
    const QPointF changed = st.imageToViewport(QPointF(70, 45), QSize(200, 100), overlay->size());
    const QPointF same = st.imageToViewport(QPointF(20, 20), QSize(200, 100), overlay->size());
    const QColor hot = shot.pixelColor(changed.toPoint());
    const QColor calm = shot.pixelColor(same.toPoint());
    QVERIFY2(hot.red() > 200 && hot.blue() < 60, qPrintable(hot.name()));
    QVERIFY2(calm.red() < 120, qPrintable(calm.name()));
}

void TestCompareView::overlayModesOnlyForTwo()
{
    auto three = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png"), QStringLiteral("grn1.png")});
    QVERIFY(three);
    QVERIFY(three->isModeAvailable(CompareView::Mode::SideBySide));
    QVERIFY(!three->isModeAvailable(CompareView::Mode::Swipe));
    QVERIFY(!three->isModeAvailable(CompareView::Mode::OnionSkin));
    QVERIFY(!three->isModeAvailable(CompareView::Mode::Difference));
    three->setMode(CompareView::Mode::Swipe);
    QCOMPARE(three->mode(), CompareView::Mode::SideBySide);
    auto *box = three->findChild<QComboBox *>(QStringLiteral("compareModeBox"));
    QVERIFY(box);
    auto *model = qobject_cast<QStandardItemModel *>(box->model());
    QVERIFY(model);
    QCOMPARE(model->rowCount(), 4);
    QVERIFY(model->item(0)->isEnabled());
    for (int row = 1; row < 4; ++row)
        QVERIFY(!model->item(row)->isEnabled());
    QVERIFY(three->pane(2));
    three.reset();

    auto two = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(two);
    box = two->findChild<QComboBox *>(QStringLiteral("compareModeBox"));
    model = qobject_cast<QStandardItemModel *>(box->model());
    for (int row = 0; row < 4; ++row)
        QVERIFY(model->item(row)->isEnabled());
    QVERIFY(two->isModeAvailable(CompareView::Mode::Swipe));
    two->setMode(CompareView::Mode::Swipe);
    QCOMPARE(two->mode(), CompareView::Mode::Swipe);
    QCOMPARE(box->currentData().toInt(), int(CompareView::Mode::Swipe));
    QVERIFY(two->findChild<QSlider *>(QStringLiteral("compareSwipeSlider"))->isVisible());
    QVERIFY(!two->findChild<QSlider *>(QStringLiteral("compareOpacitySlider"))->isVisible());
    QVERIFY(!two->pane(0)->isVisible());
    two->setMode(CompareView::Mode::OnionSkin);
    QVERIFY(!two->findChild<QSlider *>(QStringLiteral("compareSwipeSlider"))->isVisible());
    QVERIFY(two->findChild<QSlider *>(QStringLiteral("compareOpacitySlider"))->isVisible());
    two->setMode(CompareView::Mode::SideBySide);
    QVERIFY(two->pane(0)->isVisible());
}

void TestCompareView::swipeAndOnionPaint()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    view->setMode(CompareView::Mode::Swipe);
    QCoreApplication::processEvents();
    ComparePane *overlay = view->overlayPane();
    // Fit: the image spans the pane's height (or width) around the middle.
    const QRectF shown = view->viewState().imageRectInViewport(QSize(400, 300), overlay->size());
    const int y = int(shown.center().y());
    const int left = int(shown.left() + shown.width() * 0.2);
    const int right = int(shown.left() + shown.width() * 0.8);
    QImage shot = overlay->grab().toImage();
    QVERIFY2(close(shot.pixelColor(left, y), QColor(220, 30, 30)), qPrintable(shot.pixelColor(left, y).name()));
    QVERIFY2(close(shot.pixelColor(right, y), QColor(30, 30, 220)), qPrintable(shot.pixelColor(right, y).name()));
    view->setSwipePosition(0.9);
    shot = overlay->grab().toImage();
    QVERIFY(close(shot.pixelColor(right, y), QColor(220, 30, 30)));
    // Readout: the image on the cursor's side of the divider.
    const QPointF pos(right, y);
    QMouseEvent move(QEvent::MouseMove, pos, overlay->mapToGlobal(pos), Qt::NoButton, Qt::MouseButtons(), Qt::NoModifier);
    QApplication::sendEvent(overlay, &move);
    QVERIFY2(view->pixelReadout().startsWith(QStringLiteral("red1.png")), qPrintable(view->pixelReadout()));

    view->setMode(CompareView::Mode::OnionSkin);
    view->setOnionOpacity(0.5);
    shot = overlay->grab().toImage();
    QVERIFY2(close(shot.pixelColor(left, y), QColor(125, 30, 125), 8), qPrintable(shot.pixelColor(left, y).name()));
    view->setOnionOpacity(1.0);
    shot = overlay->grab().toImage();
    QVERIFY(close(shot.pixelColor(left, y), QColor(30, 30, 220)));
}

void TestCompareView::sideBySidePaints()
{
    auto view = open({QStringLiteral("mark.png"), QStringLiteral("grn1.png")});
    QVERIFY(view);
    ComparePane *p0 = view->pane(0);
    // Zoomed to 400 % on the green block: the pane's middle shows it.
    view->actualSize();
    for (int i = 0; i < 6; ++i)
        view->zoomIn();
    const QSize image(400, 300);
    const QPointF block = view->viewState().imageToViewport(QPointF(110, 90), image, p0->size());
    view->panBy(QPointF(p0->width() / 2.0, p0->height() / 2.0) - block);
    const QImage shot = p0->grab().toImage();
    const QColor middle = shot.pixelColor(p0->width() / 2, p0->height() / 2);
    QVERIFY2(close(middle, QColor(0, 200, 0)), qPrintable(middle.name()));
    const QImage shot1 = view->pane(1)->grab().toImage();
    QVERIFY(close(shot1.pixelColor(view->pane(1)->width() / 2, view->pane(1)->height() / 2), QColor(30, 200, 30)));
}

void TestCompareView::tabMovesFocus()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png"), QStringLiteral("grn1.png")});
    QVERIFY(view);
    view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(view.get()));
    view->pane(0)->setFocus();
    QTRY_VERIFY(view->pane(0)->hasFocus());
    QTest::keyClick(view->pane(0), Qt::Key_Tab);
    QVERIFY(view->pane(1)->hasFocus());
    QTest::keyClick(view->pane(1), Qt::Key_Tab);
    QVERIFY(view->pane(2)->hasFocus());
    QTest::keyClick(view->pane(2), Qt::Key_Backtab, Qt::ShiftModifier);
    QVERIFY(view->pane(1)->hasFocus());
    // Arrows pan with the focused pane.
    QTest::keyClick(view->pane(1), Qt::Key_1);
    const QPointF c = view->viewState().centre();
    QTest::keyClick(view->pane(1), Qt::Key_Left);
    QVERIFY(view->viewState().centre().x() < c.x());
}

void TestCompareView::escCloses()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QTest::keyClick(view->pane(0), Qt::Key_Escape);
    QVERIFY(!view->isVisible());
}

void TestCompareView::exifDateAndCamera()
{
    auto view = open({QStringLiteral("exmm.jpg"), QStringLiteral("exii.jpg"), QStringLiteral("red1.png")});
    QVERIFY(view);
    const QString mm = view->caption(0);
    QVERIFY2(mm.endsWith(QStringLiteral("\n2024-05-01 10:20 · Canon EOS R5")), qPrintable(mm));
    // A large JPEG: read for its first picture and its EXIF on the worker, then decoded in full.
    const QString ii = view->caption(1);
    QVERIFY2(ii.contains(QStringLiteral("1600 × 1200")), qPrintable(ii));
    QVERIFY2(ii.endsWith(QStringLiteral("\n2023-12-31 23:59 · Squint Cam 9")), qPrintable(ii));
    QCOMPARE(view->caption(2).count(QLatin1Char('\n')), 1); // no EXIF: name and size lines only
}

void TestCompareView::fourImagesInGrid()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png"), QStringLiteral("grn1.png"),
                      QStringLiteral("mark.png")});
    QVERIFY(view);
    for (QSize size : {QSize(1000, 700), QSize(1400, 1000)}) {
        view->resize(size);
        QTRY_COMPARE(view->size(), size);
        QCoreApplication::processEvents();
        QList<QRect> r;
        for (int i = 0; i < 4; ++i)
            r << geometryIn(view->pane(i), view.get());
        const QByteArray where = QByteArray::number(size.width()) + "x" + QByteArray::number(size.height());
        // Row 1: images 1 and 2; row 2: images 3 and 4, below them; two columns.
        QVERIFY2(r[0].top() == r[1].top() && r[2].top() == r[3].top(), where.constData());
        QVERIFY2(r[2].top() > r[0].bottom() && r[3].top() > r[1].bottom(), where.constData());
        QVERIFY2(r[0].left() == r[2].left() && r[1].left() == r[3].left(), where.constData());
        QVERIFY2(r[1].left() > r[0].right() && r[3].left() > r[2].right(), where.constData());
        // Each pane gets about half the width, and the panes share the zoom that fits them all.
        for (const QRect &rect : r)
            QVERIFY2(rect.width() > size.width() * 0.4 && rect.width() < size.width() * 0.55, where.constData());
        QVERIFY(view->viewState().isFitting());
        QVERIFY(near(view->pane(3)->visibleNormalisedRect(), QRectF(0, 0, 1, 1)));
    }
    // Tab still goes through the images in order.
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(view.get()));
    view->pane(1)->setFocus();
    QTRY_VERIFY(view->pane(1)->hasFocus());
    QTest::keyClick(view->pane(1), Qt::Key_Tab);
    QVERIFY(view->pane(2)->hasFocus());
}

void TestCompareView::threeImagesInRow()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png"), QStringLiteral("grn1.png")});
    QVERIFY(view);
    QList<QRect> r;
    for (int i = 0; i < 3; ++i)
        r << geometryIn(view->pane(i), view.get());
    QCOMPARE(r[1].top(), r[0].top());
    QCOMPARE(r[2].top(), r[0].top());
    QVERIFY(r[1].left() > r[0].right());
    QVERIFY(r[2].left() > r[1].right());
}

void TestCompareView::swipeDividerDrags()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    view->setMode(CompareView::Mode::Swipe);
    QCoreApplication::processEvents();
    ComparePane *overlay = view->overlayPane();
    auto *slider = view->findChild<QSlider *>(QStringLiteral("compareSwipeSlider"));
    QVERIFY(overlay->isVisible() && slider);
    const double w = overlay->width();
    const double y = overlay->height() / 2.0;
    QCOMPARE(view->swipePosition(), 0.5);
    const double line = std::round(0.5 * w);

    // The cursor says where the divider can be grabbed.
    sendMove(overlay, QPointF(line + 4, y), Qt::NoButton);
    QCOMPARE(overlay->cursor().shape(), Qt::SplitHCursor);
    sendMove(overlay, QPointF(line + 40, y), Qt::NoButton);
    QVERIFY(overlay->cursor().shape() != Qt::SplitHCursor);

    // Pressed 4 px right of the line and dragged: the divider follows the pointer, so does the slider,
    // and nothing pans.
    const double zoom = view->viewState().zoom();
    const QPointF centre = view->viewState().centre();
    QTest::mousePress(overlay, Qt::LeftButton, Qt::NoModifier, QPoint(int(line) + 4, int(y)));
    sendMove(overlay, QPointF(0.25 * w + 4, y), Qt::LeftButton);
    QVERIFY2(qAbs(view->swipePosition() - 0.25) < 0.002, qPrintable(QString::number(view->swipePosition())));
    QVERIFY2(qAbs(slider->value() - 250) <= 2, qPrintable(QString::number(slider->value())));
    QCOMPARE(overlay->cursor().shape(), Qt::SplitHCursor);
    sendMove(overlay, QPointF(0.8 * w + 4, y), Qt::LeftButton);
    QTest::mouseRelease(overlay, Qt::LeftButton, Qt::NoModifier, QPoint(int(0.8 * w) + 4, int(y)));
    QVERIFY2(qAbs(view->swipePosition() - 0.8) < 0.002, qPrintable(QString::number(view->swipePosition())));
    QVERIFY(qAbs(slider->value() - 800) <= 2);
    QCOMPARE(view->viewState().zoom(), zoom);
    QCOMPARE(view->viewState().centre(), centre);
    // What is painted follows: the first image now shows left of 80 %.
    const QRectF shown = view->viewState().imageRectInViewport(QSize(400, 300), overlay->size());
    const int probeX = int(0.7 * w);
    QVERIFY(shown.left() < probeX && probeX < shown.right());
    const QImage shot = overlay->grab().toImage();
    QVERIFY2(close(shot.pixelColor(probeX, int(y)), QColor(220, 30, 30)), qPrintable(shot.pixelColor(probeX, int(y)).name()));

    // Dragged past the edge: clamped.
    const double line2 = std::round(view->swipePosition() * w);
    QTest::mousePress(overlay, Qt::LeftButton, Qt::NoModifier, QPoint(int(line2) - 3, int(y)));
    sendMove(overlay, QPointF(w + 100, y), Qt::LeftButton);
    QTest::mouseRelease(overlay, Qt::LeftButton, Qt::NoModifier, QPoint(int(w) - 1, int(y)));
    QCOMPARE(view->swipePosition(), 1.0);
    view->setSwipePosition(0.8);

    // Away from the line a drag still pans, and the divider stays.
    view->actualSize();
    for (int i = 0; i < 6; ++i) // larger than the pane: room to pan
        view->zoomIn();
    const QPointF before = view->viewState().centre();
    QTest::mousePress(overlay, Qt::LeftButton, Qt::NoModifier, QPoint(int(0.3 * w), int(y)));
    sendMove(overlay, QPointF(0.3 * w + 60, y + 20), Qt::LeftButton);
    QTest::mouseRelease(overlay, Qt::LeftButton, Qt::NoModifier, QPoint(int(0.3 * w) + 60, int(y) + 20));
    QCOMPARE(view->swipePosition(), 0.8);
    QVERIFY(view->viewState().centre().x() < before.x() - 0.01); // normalised: the view looks left

    // Outside swipe mode the same spot pans.
    view->setMode(CompareView::Mode::OnionSkin);
    sendMove(overlay, QPointF(0.8 * w, y), Qt::NoButton);
    QVERIFY(overlay->cursor().shape() != Qt::SplitHCursor);
    QVERIFY(!overlay->isNearSwipeDivider(QPointF(0.8 * w, y)));
}

void TestCompareView::askAboutThese()
{
    // Opened in an order that is not alphabetical: the order shown is the order sent.
    auto view = open({QStringLiteral("grn1.png"), QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    auto *field = view->findChild<QLineEdit *>(QStringLiteral("compareAskPrompt"));
    auto *button = view->findChild<QPushButton *>(QStringLiteral("compareAskButton"));
    QVERIFY(field && button);
    QVERIFY(!field->accessibleName().isEmpty() && !button->accessibleName().isEmpty());
    QCOMPARE(button->text(), QStringLiteral("Ask About These"));
    QCOMPARE(field->text(), QStringLiteral("What are the differences between these images?"));
    QVERIFY(button->isEnabled());
    const QStringList expected{m_dir.filePath(QStringLiteral("grn1.png")), m_dir.filePath(QStringLiteral("red1.png")),
                               m_dir.filePath(QStringLiteral("blu1.png"))};
    // The captions number the images as they are sent.
    for (int i = 0; i < 3; ++i)
        QVERIFY2(view->caption(i).startsWith(QStringLiteral("Image %1: %2\n").arg(i + 1).arg(QFileInfo(expected[i]).fileName())),
                 qPrintable(view->caption(i)));

    QSignalSpy spy(view.get(), &CompareView::askRequested);
    field->selectAll();
    QTest::keyClicks(field, QStringLiteral("  Which one is sharper?  "));
    QCOMPARE(field->text(), QStringLiteral("  Which one is sharper?  "));
    QCOMPARE(view->askPrompt(), field->text());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toStringList(), expected);
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("Which one is sharper?"));

    // Enter in the field asks too; the question stays for another go.
    field->setText(QStringLiteral("Is Image 2 the brightest?"));
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.at(1).at(0).toStringList(), expected);
    QCOMPARE(spy.at(1).at(1).toString(), QStringLiteral("Is Image 2 the brightest?"));
    QCOMPARE(field->text(), QStringLiteral("Is Image 2 the brightest?"));
    QVERIFY(view->isVisible());
}

void TestCompareView::askKeysTypeIntoField()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(view.get()));
    auto *field = view->findChild<QLineEdit *>(QStringLiteral("compareAskPrompt"));
    QVERIFY(field);
    // The window opens with the keys on the images, not in the field.
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(view->pane(0)));
    view->actualSize();
    view->zoomIn(); // room to pan, so a stray arrow would show
    const double zoom = view->viewState().zoom();
    const QPointF centre = view->viewState().centre();
    field->setFocus();
    QTRY_VERIFY(field->hasFocus());
    field->clear();
    QSignalSpy changed(view.get(), &CompareView::viewStateChanged);
    QTest::keyClicks(field, QStringLiteral("+ - 0 1 = _"));
    QTest::keyClick(field, Qt::Key_Plus);
    QTest::keyClick(field, Qt::Key_Up);
    QTest::keyClick(field, Qt::Key_Down);
    QTest::keyClick(field, Qt::Key_PageDown);
    QTest::keyClick(field, Qt::Key_Left);
    QCOMPARE(field->text(), QStringLiteral("+ - 0 1 = _+"));
    QCOMPARE(view->viewState().zoom(), zoom);
    QCOMPARE(view->viewState().centre(), centre);
    QCOMPARE(changed.size(), 0);
    QVERIFY(field->hasFocus());
    // Esc leaves the field for the images (the window stays); there the keys are the view's again.
    QTest::keyClick(field, Qt::Key_Escape);
    QVERIFY(view->isVisible());
    QTRY_VERIFY(view->pane(0)->hasFocus());
    QTest::keyClick(view->pane(0), Qt::Key_Plus);
    QVERIFY(view->viewState().zoom() > zoom);
    QTest::keyClick(view->pane(0), Qt::Key_Escape);
    QVERIFY(!view->isVisible());
}

void TestCompareView::askEmptyPromptNotSent()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(view.get()));
    auto *field = view->findChild<QLineEdit *>(QStringLiteral("compareAskPrompt"));
    auto *button = view->findChild<QPushButton *>(QStringLiteral("compareAskButton"));
    QSignalSpy spy(view.get(), &CompareView::askRequested);
    for (const QString &blank : {QString(), QStringLiteral("   ")}) {
        field->setText(blank);
        view->pane(1)->setFocus();
        QTRY_VERIFY(view->pane(1)->hasFocus());
        button->click();
        QCOMPARE(spy.size(), 0);
        QVERIFY(field->hasFocus());
    }
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(spy.size(), 0);
    QTest::keyClicks(field, QStringLiteral("Why?"));
    QTest::keyClick(field, Qt::Key_Enter);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("Why?"));
}

void TestCompareView::askDisabled()
{
    auto view = open({QStringLiteral("red1.png"), QStringLiteral("blu1.png")});
    QVERIFY(view);
    auto *field = view->findChild<QLineEdit *>(QStringLiteral("compareAskPrompt"));
    auto *button = view->findChild<QPushButton *>(QStringLiteral("compareAskButton"));
    const QString normalTip = button->toolTip();
    QVERIFY(!normalTip.isEmpty());
    QSignalSpy spy(view.get(), &CompareView::askRequested);
    const QString why = QStringLiteral("An answer is streaming in the chat.");
    view->setAskEnabled(false, why);
    QVERIFY(!view->isAskEnabled());
    QVERIFY(!button->isEnabled());
    QCOMPARE(shownText(button->toolTip()), why);
    QTest::mouseClick(button, Qt::LeftButton);
    QTest::keyClick(field, Qt::Key_Return);
    view->ask();
    QCOMPARE(spy.size(), 0);
    QVERIFY(field->isEnabled()); // the question can still be edited meanwhile
    // Enabled with a reason (e.g. why the last ask failed): the tooltip says it.
    // (The reason may name a file, whatever its name: shown as text.)
    const QString failed = QStringLiteral("Can't ask about these images: <img src=x.png> <b>is</b> gone.");
    view->setAskEnabled(true, failed);
    QVERIFY(button->isEnabled());
    QCOMPARE(shownText(button->toolTip()), failed);
    QVERIFY2(!button->toolTip().contains(QStringLiteral("<img")), qPrintable(button->toolTip()));
    view->setAskEnabled(true);
    QVERIFY(button->isEnabled());
    QCOMPARE(button->toolTip(), normalTip);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("What are the differences between these images?"));
}

QTEST_MAIN(TestCompareView)
// A file's name is the outside world's text: the caption and its tooltip show it literally, never
// as HTML (a name like "<img src=...>" would otherwise load an image into the label).
void TestCompareView::hostileFileNameShowsLiterally()
{
    const QString name = QStringLiteral("<b>x <img src=red1.png>.png"); // no '/': it is a file name
    QVERIFY(solid(QSize(40, 30), QColor(220, 30, 30)).save(m_dir.filePath(name), "PNG"));
    auto view = open({name, QStringLiteral("red1.png")});
    QVERIFY(view);
    auto *label = view->findChild<QLabel *>(QStringLiteral("compareCaption0"));
    QVERIFY(label);
    QCOMPARE(label->textFormat(), Qt::PlainText);
    QVERIFY2(label->text().contains(name), qPrintable(label->text()));
    const QString tip = label->toolTip();
    QVERIFY2(tip.contains(name.toHtmlEscaped()), qPrintable(tip));
    QVERIFY2(!tip.contains(QStringLiteral("<img")) && !tip.contains(QStringLiteral("<b>")), qPrintable(tip));
    QVERIFY2(shownText(tip).contains(name), qPrintable(shownText(tip)));
}

#include "tst_compareview.moc"
