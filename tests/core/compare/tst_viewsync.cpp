// Synchronised zoom and pan of the compare view: fit, zoom steps and limits, zooming about the
// cursor, panning by drag and by arrow keys, clamping, and the pane mappings.

#include "core/compare/viewsync.h"

#include <QTest>

using namespace squint;

namespace {

constexpr double Tight = 1e-9;

bool near(QPointF a, QPointF b, double tolerance = Tight)
{
    return qAbs(a.x() - b.x()) <= tolerance && qAbs(a.y() - b.y()) <= tolerance;
}

QString text(QPointF p)
{
    return QStringLiteral("(%1, %2)").arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17);
}

// The normalised image point shown at the middle of a pane.
QPointF shownAtMiddle(const ViewState &v, QSize image, QSize viewport)
{
    const QPointF p = v.viewportToImage(QPointF(viewport.width() / 2.0, viewport.height() / 2.0),
                                        image,
                                        viewport);
    return QPointF(p.x() / image.width(), p.y() / image.height());
}

const QSize BigImage(4000, 3000);
const QSize BigView(800, 600);

} // namespace

class TestViewSync : public QObject
{
    Q_OBJECT

private slots:
    void fit_data();
    void fit();
    void defaults();
    void zoomSteps();
    void zoomLimits();
    void fitFollowsViewport();
    void zoomAtKeepsPointUnderCursor_data();
    void zoomAtKeepsPointUnderCursor();
    void panFollowsCursor();
    void panByKey();
    void panClamps();
    void panesStayAligned();
    void mappingsRoundTrip();
    void pixelReadout();
    void visibleRect();
};

void TestViewSync::fit_data()
{
    QTest::addColumn<QSize>("image");
    QTest::addColumn<QSize>("viewport");
    QTest::addColumn<double>("zoom");
    QTest::newRow("small image") << QSize(400, 300) << QSize(800, 600) << 2.0;
    QTest::newRow("big image") << QSize(4000, 3000) << QSize(800, 600) << 0.2;
    QTest::newRow("wide image") << QSize(1000, 500) << QSize(500, 500) << 0.5;
    QTest::newRow("tall image") << QSize(300, 1200) << QSize(600, 600) << 0.5;
    QTest::newRow("1x1") << QSize(1, 1) << QSize(640, 480) << 480.0;
    QTest::newRow("empty image") << QSize() << QSize(640, 480) << 0.0;
    QTest::newRow("empty viewport") << QSize(10, 10) << QSize(0, 480) << 0.0;
}

void TestViewSync::fit()
{
    QFETCH(QSize, image);
    QFETCH(QSize, viewport);
    QFETCH(double, zoom);
    QVERIFY(ViewState::fit(image, viewport) == zoom);
}

void TestViewSync::defaults()
{
    const ViewState v;
    QVERIFY(v.zoom() == 1.0);
    QCOMPARE(v.centre(), QPointF(0.5, 0.5));
    QVERIFY(!v.isFitting());
    QVERIFY(v.minZoom() == 1.0 / 32);
    ViewState w;
    QVERIFY(w == v);
    w.zoomIn();
    QVERIFY(!(w == v));
}

void TestViewSync::zoomSteps()
{
    ViewState v;
    v.setFitZoom(0.2);
    v.fitToView();
    QVERIFY(v.isFitting());
    QVERIFY(v.zoom() == 0.2);
    v.zoomIn();
    QVERIFY(!v.isFitting());
    QVERIFY(qAbs(v.zoom() - 0.25) < Tight);
    v.zoomIn();
    QVERIFY(qAbs(v.zoom() - 0.3125) < Tight);
    v.zoomOut();
    v.zoomOut();
    QVERIFY(qAbs(v.zoom() - 0.2) < Tight);

    // Stepping past 100 % stops there once, both ways.
    v.setZoom(0.9);
    v.zoomIn();
    QVERIFY(v.zoom() == 1.0);
    v.zoomIn();
    QVERIFY(v.zoom() == 1.25);
    v.setZoom(1.1);
    v.zoomOut();
    QVERIFY(v.zoom() == 1.0);
    v.zoomOut();
    QVERIFY(v.zoom() == 0.8);

    // Zooming keeps the centre.
    v.setCentre(QPointF(0.3, 0.7));
    v.zoomIn();
    v.setActualSize();
    QVERIFY(v.zoom() == 1.0);
    QCOMPARE(v.centre(), QPointF(0.3, 0.7));
}

void TestViewSync::zoomLimits()
{
    ViewState v;
    v.setFitZoom(0.2);
    v.setZoom(30);
    v.zoomIn();
    QVERIFY(v.zoom() == ViewState::MaxZoom);
    v.zoomIn();
    QVERIFY(v.zoom() == 32.0);
    v.setZoom(1000);
    QVERIFY(v.zoom() == 32.0);

    v.setZoom(0.22);
    v.zoomOut();
    QVERIFY(v.zoom() == 0.2);
    v.zoomOut();
    QVERIFY(v.zoom() == 0.2);
    v.setZoom(0.001);
    QVERIFY(v.zoom() == 0.2);
    v.setZoom(-3);
    QVERIFY(v.zoom() == 0.2);
    v.setZoom(qQNaN());
    QVERIFY(v.zoom() == 0.2);

    // A small image (fit above 1): zooming out stops at 100 %.
    v.setFitZoom(2.0);
    QVERIFY(v.minZoom() == 1.0);
    QVERIFY(v.zoom() == 1.0); // raised to the new minimum
    v.setZoom(1.25);
    v.zoomOut();
    QVERIFY(v.zoom() == 1.0);
    v.zoomOut();
    QVERIFY(v.zoom() == 1.0);
    v.fitToView();
    QVERIFY(v.zoom() == 2.0);
}

void TestViewSync::fitFollowsViewport()
{
    ViewState v;
    v.setFitZoom(ViewState::fit(BigImage, BigView));
    v.fitToView();
    QVERIFY(v.zoom() == 0.2);
    v.setFitZoom(ViewState::fit(BigImage, QSize(1200, 900)));
    QVERIFY(v.isFitting());
    QVERIFY(qAbs(v.zoom() - 0.3) < Tight);
    // After a zoom the view no longer follows.
    v.zoomIn();
    const double z = v.zoom();
    v.setFitZoom(0.1);
    QVERIFY(v.zoom() == z);
    // After a pan neither.
    v.fitToView();
    v.panBy(QPointF(10, 0), BigImage);
    QVERIFY(!v.isFitting());
}

void TestViewSync::zoomAtKeepsPointUnderCursor_data()
{
    QTest::addColumn<double>("zoom");
    QTest::addColumn<QPointF>("centre");
    QTest::addColumn<QPointF>("cursor");
    QTest::addColumn<double>("factor");
    QTest::addColumn<double>("newZoom");
    QTest::newRow("in at corner") << 0.5 << QPointF(0.3, 0.4) << QPointF(100, 500) << 2.0 << 1.0;
    QTest::newRow("out at corner") << 2.0 << QPointF(0.3, 0.4) << QPointF(100, 500) << 0.5 << 1.0;
    QTest::newRow("in at middle") << 1.0 << QPointF(0.5, 0.5) << QPointF(400, 300) << 1.25 << 1.25;
    QTest::newRow("wheel step") << 3.0 << QPointF(0.61, 0.27) << QPointF(733.5, 12.25) << 1.1
                                << 3.3;
    QTest::newRow("clamped factor")
        << 16.0 << QPointF(0.5, 0.5) << QPointF(700, 100) << 8.0 << 32.0;
}

void TestViewSync::zoomAtKeepsPointUnderCursor()
{
    QFETCH(double, zoom);
    QFETCH(QPointF, centre);
    QFETCH(QPointF, cursor);
    QFETCH(double, factor);
    QFETCH(double, newZoom);
    ViewState v;
    v.setFitZoom(ViewState::fit(BigImage, BigView));
    v.setZoom(zoom);
    v.setCentre(centre);
    const QPointF before = v.viewportToImage(cursor, BigImage, BigView);
    v.zoomAt(factor, cursor, BigImage, BigView);
    QVERIFY(qAbs(v.zoom() - newZoom) < Tight);
    const QPointF after = v.imageToViewport(before, BigImage, BigView);
    QVERIFY2(near(after, cursor, 1e-7), qPrintable(text(after)));
    QVERIFY(near(v.viewportToImage(cursor, BigImage, BigView), before, 1e-7));
}

void TestViewSync::panFollowsCursor()
{
    ViewState v;
    v.setZoom(2.0);
    const QPointF cursor(300, 200);
    const QPointF grabbed = v.viewportToImage(cursor, BigImage, BigView);
    v.panBy(QPointF(100, -40), BigImage);
    // Dragging right by 100 at 200 % looks 50 image pixels further left.
    QVERIFY(qAbs(v.centre().x() - (0.5 - 50.0 / 4000)) < Tight);
    QVERIFY(qAbs(v.centre().y() - (0.5 + 20.0 / 3000)) < Tight);
    QVERIFY(near(v.imageToViewport(grabbed, BigImage, BigView), cursor + QPointF(100, -40), 1e-7));
}

void TestViewSync::panByKey()
{
    ViewState v;
    QVERIFY(v.panByKey(Qt::Key_Right, BigImage, BigView));
    QVERIFY(qAbs(v.centre().x() - 0.52) < Tight); // 10 % of 800 = 80 of 4000 image pixels
    QVERIFY(v.panByKey(Qt::Key_Down, BigImage, BigView));
    QVERIFY(qAbs(v.centre().y() - 0.52) < Tight); // 60 of 3000
    QVERIFY(v.panByKey(Qt::Key_Left, BigImage, BigView));
    QVERIFY(v.panByKey(Qt::Key_Left, BigImage, BigView));
    QVERIFY(qAbs(v.centre().x() - 0.48) < Tight);
    v.setZoom(4.0);
    QVERIFY(v.panByKey(Qt::Key_Up, BigImage, BigView));
    QVERIFY(qAbs(v.centre().y() - (0.52 - 15.0 / 3000)) < Tight); // 60 displayed = 15 image px
    const QPointF before = v.centre();
    QVERIFY(!v.panByKey(Qt::Key_A, BigImage, BigView));
    QVERIFY(!v.panByKey(Qt::Key_Plus, BigImage, BigView));
    QCOMPARE(v.centre(), before);
}

void TestViewSync::panClamps()
{
    ViewState v;
    v.panBy(QPointF(1e6, 1e6), BigImage);
    QCOMPARE(v.centre(), QPointF(0.0, 0.0));
    // The image still covers the middle of the viewport: it is not out of view.
    QVERIFY(v.imageRectInViewport(BigImage, BigView).contains(QPointF(400, 300)));
    v.panBy(QPointF(-1e7, 0), BigImage);
    QCOMPARE(v.centre(), QPointF(1.0, 0.0));
    for (int i = 0; i < 200; ++i)
        v.panByKey(Qt::Key_Down, BigImage, BigView);
    QCOMPARE(v.centre(), QPointF(1.0, 1.0));
    QVERIFY(v.imageRectInViewport(BigImage, BigView).intersects(QRectF(0, 0, 800, 600)));
    v.setCentre(QPointF(-1, 2));
    QCOMPARE(v.centre(), QPointF(0.0, 1.0));

    // Zooming at a point outside the image is stopped by the clamp too.
    v.setCentre(QPointF(0.0, 0.5));
    v.setZoom(0.2);
    v.zoomAt(4.0, QPointF(0, 300), BigImage, BigView);
    QVERIFY(v.centre().x() >= 0.0);
    QVERIFY(v.zoom() == 0.8);
}

void TestViewSync::panesStayAligned()
{
    // Two panes: different image sizes and viewports, one shared state.
    const QSize imageA(4000, 3000), viewA(800, 600);
    const QSize imageB(1024, 1024), viewB(500, 700);
    ViewState v;
    v.setFitZoom(std::min(ViewState::fit(imageA, viewA), ViewState::fit(imageB, viewB)));
    v.fitToView();

    auto check = [&](const char *step) {
        const QPointF a = shownAtMiddle(v, imageA, viewA);
        const QPointF b = shownAtMiddle(v, imageB, viewB);
        QVERIFY2(near(a, v.centre()), step);
        QVERIFY2(near(b, v.centre()), step);
    };
    check("fit");
    v.zoomAt(2.0, QPointF(100, 100), imageA, viewA);
    check("zoom in pane A");
    v.panBy(QPointF(-70, 30), imageB);
    check("pan in pane B");
    v.panByKey(Qt::Key_Right, imageA, viewA);
    check("key in pane A");
    v.zoomAt(1.5, QPointF(450, 650), imageB, viewB);
    check("zoom in pane B");
    v.zoomIn();
    v.setActualSize();
    check("100 %");
    QVERIFY(v.centre() != QPointF(0.5, 0.5));
}

void TestViewSync::mappingsRoundTrip()
{
    ViewState v;
    v.setZoom(0.37);
    v.setCentre(QPointF(0.123, 0.877));
    const QList<QPointF> points = {{0, 0}, {4000, 3000}, {1234.5, 17.25}, {-50, 3100}, {2000, 1500}};
    for (const QPointF &p : points) {
        const QPointF shown = v.imageToViewport(p, BigImage, BigView);
        QVERIFY2(near(v.viewportToImage(shown, BigImage, BigView), p, 1e-9), qPrintable(text(p)));
    }
    const QList<QPointF> viewportPoints = {{0, 0}, {800, 600}, {13.5, 599.75}, {400, 300}};
    for (const QPointF &q : viewportPoints) {
        const QPointF inImage = v.viewportToImage(q, QSize(640, 480), QSize(333, 222));
        QVERIFY(near(v.imageToViewport(inImage, QSize(640, 480), QSize(333, 222)), q, 1e-9));
    }
    // The middle of the viewport shows the centre; the image's corner sits where zoom says.
    QVERIFY(near(v.imageToViewport(QPointF(0.123 * 4000, 0.877 * 3000), BigImage, BigView),
                 QPointF(400, 300)));
    const QRectF drawn = v.imageRectInViewport(BigImage, BigView);
    QVERIFY(near(drawn.topLeft(), QPointF(400 - 0.123 * 4000 * 0.37, 300 - 0.877 * 3000 * 0.37)));
    QVERIFY(qAbs(drawn.width() - 4000 * 0.37) < Tight);
    QVERIFY(qAbs(drawn.height() - 3000 * 0.37) < Tight);
}

void TestViewSync::pixelReadout()
{
    ViewState v;
    v.setZoom(4.0);
    // At 400 % with the centre at (2000, 1500), viewport (400, 300) is the top-left corner of
    // pixel (2000, 1500), and each pixel covers 4 displayed pixels.
    QCOMPARE(v.pixelAt(QPointF(400, 300), BigImage, BigView),
             std::optional<QPoint>(QPoint(2000, 1500)));
    QCOMPARE(v.pixelAt(QPointF(403.99, 303.99), BigImage, BigView),
             std::optional<QPoint>(QPoint(2000, 1500)));
    QCOMPARE(v.pixelAt(QPointF(404, 300), BigImage, BigView),
             std::optional<QPoint>(QPoint(2001, 1500)));
    QCOMPARE(v.pixelAt(QPointF(399.9, 299.9), BigImage, BigView),
             std::optional<QPoint>(QPoint(1999, 1499)));

    // Outside the image: nothing.
    v.setCentre(QPointF(0, 0));
    QVERIFY(!v.pixelAt(QPointF(399, 300), BigImage, BigView).has_value());
    QVERIFY(!v.pixelAt(QPointF(400, 299), BigImage, BigView).has_value());
    QCOMPARE(v.pixelAt(QPointF(400, 300), BigImage, BigView), std::optional<QPoint>(QPoint(0, 0)));
    v.setCentre(QPointF(1, 1));
    QCOMPARE(v.pixelAt(QPointF(399, 299), BigImage, BigView),
             std::optional<QPoint>(QPoint(3999, 2999)));
    QVERIFY(!v.pixelAt(QPointF(400, 300), BigImage, BigView).has_value());
    QVERIFY(!v.pixelAt(QPointF(10, 10), QSize(), BigView).has_value());
}

void TestViewSync::visibleRect()
{
    ViewState v;
    QCOMPARE(v.visibleImageRect(BigImage, BigView), QRectF(1600, 1200, 800, 600));
    v.setFitZoom(ViewState::fit(BigImage, BigView));
    v.fitToView();
    QCOMPARE(v.visibleImageRect(BigImage, BigView), QRectF(0, 0, 4000, 3000));
    // A pane with a wider viewport shows the whole image too, clipped to it.
    QCOMPARE(v.visibleImageRect(BigImage, QSize(1600, 600)), QRectF(0, 0, 4000, 3000));
    v.setZoom(2.0);
    v.setCentre(QPointF(1, 0));
    QCOMPARE(v.visibleImageRect(BigImage, BigView), QRectF(3800, 0, 200, 150));
    QVERIFY(v.visibleImageRect(QSize(), BigView).isEmpty());
}

QTEST_GUILESS_MAIN(TestViewSync)
#include "tst_viewsync.moc"
