#include "ui/compare/compareview.h"

#include "core/util/format.h"
#include "core/images/metadata.h"
#include "core/util/safelinks.h"

#include <QBuffer>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QThreadPool>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>

namespace squint {

/// What the first worker stage delivers for one image: its facts and a first picture (and the
/// whole pyramid already when the image is small or can't be decoded scaled).
struct CompareFirstLoad
{
    QString error;
    ImageInfo info;
    QString date;
    QString camera;
    QImage first;
    std::shared_ptr<const ImagePyramid> pyramid;
    QByteArray bytes; ///< kept for the full decode when only a first picture was made
};

namespace {

/// The compare view's own workers. Not the global pool: in Qt 6.4 QPainter's smooth image drawing
/// splits its work over QThreadPool::globalInstance() and waits for it, so long decodes there would
/// stall painting until they end.
Q_GLOBAL_STATIC(QThreadPool, decodePool)

/// Images whose longer edge is at most this are decoded fully at once (no separate first picture).
constexpr int QuickEdge = 1024;

struct FullLoad
{
    std::shared_ptr<const ImagePyramid> pyramid;
    QString error;
};

/// The first non-empty text value among `keys` (compared case-insensitively) of the reader.
QString readerText(QImageReader &reader, const QStringList &keys)
{
    const QStringList present = reader.textKeys();
    for (const QString &key : keys) {
        for (const QString &p : present) {
            if (p.compare(key, Qt::CaseInsensitive) == 0) {
                const QString value = reader.text(p).simplified();
                if (!value.isEmpty())
                    return value;
            }
        }
    }
    return {};
}

/// An EXIF-style date ("2024:05:01 10:00:00") in the user's locale; other texts as they are.
QString displayDate(const QString &raw)
{
    for (const QString &pattern : {QStringLiteral("yyyy:MM:dd HH:mm:ss"), QStringLiteral("yyyy-MM-ddTHH:mm:ss"),
                                   QStringLiteral("yyyy-MM-dd HH:mm:ss")}) {
        const QDateTime dt = QDateTime::fromString(raw.left(19), pattern);
        if (dt.isValid())
            return dt.toString(QStringLiteral("yyyy-MM-dd HH:mm")); // unambiguous, like the EXIF itself
    }
    return raw;
}

QImage drawable(QImage image, bool alpha)
{
    const QImage::Format f = alpha ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32;
    if (image.format() != f)
        image.convertTo(f);
    return image;
}

CompareFirstLoad loadFirst(const QString &path, const std::shared_ptr<std::atomic_bool> &cancelled)
{
    CompareFirstLoad r;
    if (cancelled->load())
        return r; // the window is gone: nobody will look
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        r.error = CompareView::tr("The file can't be opened: %1").arg(file.errorString());
        return r;
    }
    if (file.size() > MaxFileBytes) {
        r.error = CompareView::tr("The file is %1, more than the %2 Squint reads as an image.")
                      .arg(formatBytes(file.size()), formatBytes(MaxFileBytes));
        return r;
    }
    r.bytes = file.readAll();
    const ProbeResult probe = probeImage(r.bytes, DecodeOptions{0});
    if (!probe.ok) {
        r.error = probe.error;
        r.bytes.clear();
        return r;
    }
    r.info = probe.info;
    // The date and camera: from the EXIF block (JPEG, PNG eXIf, WebP, TIFF), else from the text
    // keys Qt's readers expose (PNG text chunks, TIFF tags).
    const ExifSummary exif = readExifSummary(r.bytes);
    r.date = displayDate(exif.dateTime);
    r.camera = exif.camera;
    if (r.date.isEmpty() || r.camera.isEmpty()) {
        QBuffer buffer(&r.bytes);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer);
        if (r.date.isEmpty())
            r.date = displayDate(readerText(reader,
                                            {QStringLiteral("DateTimeOriginal"), QStringLiteral("DateTime"),
                                             QStringLiteral("Creation Time"), QStringLiteral("CreationDate"),
                                             QStringLiteral("Date")}));
        if (r.camera.isEmpty()) {
            const QString make = readerText(reader, {QStringLiteral("Make")});
            QString model = readerText(reader, {QStringLiteral("Model"), QStringLiteral("Camera")});
            if (!make.isEmpty() && !model.startsWith(make, Qt::CaseInsensitive))
                model = model.isEmpty() ? make : make + QLatin1Char(' ') + model;
            r.camera = model;
        }
    }
    QString error;
    const int longEdge = std::max(r.info.size.width(), r.info.size.height());
    if (r.info.format == "jpeg" && longEdge > QuickEdge) {
        // libjpeg decodes at 1/8 scale directly: a first picture in a fraction of the full decode.
        const QImage first = decodeImageScaled(r.bytes, std::max(512, (longEdge + 7) / 8), &error);
        if (first.isNull()) {
            r.error = error;
            r.bytes.clear();
            return r;
        }
        r.first = drawable(first, r.info.hasAlpha);
        return r;
    }
    const QImage full = decodeImage(r.bytes, &error);
    r.bytes.clear();
    if (full.isNull()) {
        r.error = error;
        return r;
    }
    r.info.size = full.size();
    r.pyramid = std::make_shared<const ImagePyramid>(full);
    r.first = r.pyramid->level(r.pyramid->levelCount() - 1);
    return r;
}

FullLoad loadFull(const QByteArray &bytes, const std::shared_ptr<std::atomic_bool> &cancelled)
{
    FullLoad r;
    if (cancelled->load())
        return r;
    QImage full = decodeImage(bytes, &r.error);
    if (full.isNull() || cancelled->load())
        return r;
    r.pyramid = std::make_shared<const ImagePyramid>(full);
    return r;
}

void drawPart(QPainter &p, const QImage &picture, const QRectF &normalised, const QRectF &target, bool smooth)
{
    if (picture.isNull() || normalised.isEmpty() || target.isEmpty())
        return;
    const QRectF source(normalised.x() * picture.width(), normalised.y() * picture.height(),
                        normalised.width() * picture.width(), normalised.height() * picture.height());
    p.setRenderHint(QPainter::SmoothPixmapTransform, smooth);
    p.drawImage(target, picture, source);
}

void drawMessage(QPainter &p, const QRect &r, const QString &text)
{
    p.setPen(QColor(220, 220, 220));
    p.drawText(r.adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, text);
}

const QColor Backdrop(48, 48, 48);

} // namespace

// --- ComparePane -------------------------------------------------------------------------------

ComparePane::ComparePane(CompareView *view, int imageIndex, QWidget *parent)
    : QWidget(parent)
    , m_view(view)
    , m_index(imageIndex)
{
    setObjectName(imageIndex < 0 ? QStringLiteral("compareOverlayPane")
                                 : QStringLiteral("comparePane%1").arg(imageIndex));
    setAccessibleName(imageIndex < 0 ? tr("Compared Images") : tr("Image %1").arg(imageIndex + 1));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(120, 120);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

bool ComparePane::hasPicture() const
{
    auto has = [this](int i) {
        return i < m_view->imageCount()
               && (!m_view->imageError(i).isEmpty() || !m_view->pictureFor(i, 1.0).isNull());
    };
    if (isOverlay())
        return has(0) && has(1);
    return has(m_index);
}

QRectF ComparePane::visibleNormalisedRect() const
{
    const QSize s = m_view->imageSize(referenceIndex());
    if (s.isEmpty())
        return {};
    const QRectF vis = m_view->m_state.visibleImageRect(s, size());
    return QRectF(vis.x() / s.width(), vis.y() / s.height(), vis.width() / s.width(), vis.height() / s.height());
}

bool ComparePane::isNearSwipeDivider(QPointF pos) const
{
    if (!isOverlay() || m_view->mode() != CompareView::Mode::Swipe || width() <= 0)
        return false;
    const double x = std::round(m_view->swipePosition() * width()); // where paintOverlay draws it
    return std::abs(pos.x() - x) <= SwipeGrabDistance;
}

void ComparePane::updateHoverCursor(QPointF pos)
{
    if (isNearSwipeDivider(pos))
        setCursor(Qt::SplitHCursor);
    else
        unsetCursor();
}

void ComparePane::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), Backdrop);
    if (isOverlay())
        paintOverlay(p);
    else
        paintSingle(p, m_index);
    if (hasFocus()) {
        p.setOpacity(1.0);
        p.setClipping(false);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
    }
}

void ComparePane::paintSingle(QPainter &p, int i)
{
    if (const QString error = m_view->imageError(i); !error.isEmpty()) {
        drawMessage(p, rect(), error);
        return;
    }
    const QSize s = m_view->imageSize(i);
    const ViewState st = m_view->viewState();
    const double zoom = st.zoom() * devicePixelRatioF();
    const QImage &picture = m_view->pictureFor(i, zoom);
    if (s.isEmpty() || picture.isNull()) {
        drawMessage(p, rect(), tr("Loading…"));
        return;
    }
    const QRectF vis = st.visibleImageRect(s, size());
    const QRectF target(st.imageToViewport(vis.topLeft(), s, size()), st.imageToViewport(vis.bottomRight(), s, size()));
    const QRectF norm(vis.x() / s.width(), vis.y() / s.height(), vis.width() / s.width(), vis.height() / s.height());
    drawPart(p, picture, norm, target, !(picture.size() == s && zoom >= 1.0));
}

void ComparePane::paintOverlay(QPainter &p)
{
    if (m_view->imageCount() < 2)
        return;
    for (int i = 0; i < 2; ++i) {
        if (const QString error = m_view->imageError(i); !error.isEmpty()) {
            drawMessage(p, rect(), error);
            return;
        }
    }
    const QSize sa = m_view->imageSize(0);
    const QSize sb = m_view->imageSize(1);
    const ViewState st = m_view->viewState();
    const double zoom = st.zoom() * devicePixelRatioF();
    const QImage &a = m_view->pictureFor(0, zoom);
    // The second image is stretched onto the first one's geometry.
    const double zoomB = sb.isEmpty() || sa.isEmpty() ? zoom : zoom * sa.width() / sb.width();
    const QImage &b = m_view->pictureFor(1, zoomB);
    if (sa.isEmpty() || a.isNull() || b.isNull()) {
        drawMessage(p, rect(), tr("Loading…"));
        return;
    }
    const QRectF vis = st.visibleImageRect(sa, size());
    const QRectF target(st.imageToViewport(vis.topLeft(), sa, size()), st.imageToViewport(vis.bottomRight(), sa, size()));
    const QRectF norm(vis.x() / sa.width(), vis.y() / sa.height(), vis.width() / sa.width(), vis.height() / sa.height());
    const bool smoothA = !(a.size() == sa && zoom >= 1.0);
    const bool smoothB = !(b.size() == sb && zoomB >= 1.0);

    switch (m_view->mode()) {
    case CompareView::Mode::Swipe: {
        const double x = std::round(m_view->swipePosition() * width());
        p.save();
        p.setClipRect(QRectF(0, 0, x, height()));
        drawPart(p, a, norm, target, smoothA);
        p.setClipRect(QRectF(x, 0, width() - x, height()));
        drawPart(p, b, norm, target, smoothB);
        p.restore();
        p.setPen(QPen(QColor(0, 0, 0, 160), 3));
        p.drawLine(QPointF(x, 0), QPointF(x, height()));
        p.setPen(QPen(Qt::white, 1));
        p.drawLine(QPointF(x, 0), QPointF(x, height()));
        break;
    }
    case CompareView::Mode::OnionSkin:
        drawPart(p, a, norm, target, smoothA);
        p.setOpacity(m_view->onionOpacity());
        drawPart(p, b, norm, target, smoothB);
        p.setOpacity(1.0);
        break;
    case CompareView::Mode::Difference: {
        p.setOpacity(0.3);
        drawPart(p, a, norm, target, smoothA);
        p.setOpacity(1.0);
        const QImage heat = m_view->heatMap();
        if (heat.isNull()) {
            drawMessage(p, rect(), tr("Computing the difference…"));
            break;
        }
        drawPart(p, heat, norm, target, zoom * heat.width() / sa.width() < 1.0);
        break;
    }
    case CompareView::Mode::SideBySide:
        break;
    }
}

void ComparePane::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_view->updateFit();
}

void ComparePane::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    m_view->paneWheel(this, event->position(), steps);
    event->accept();
}

void ComparePane::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && isNearSwipeDivider(event->position())) {
        m_draggingDivider = true;
        m_dividerGrabOffset = event->position().x() - m_view->swipePosition() * width();
        setCursor(Qt::SplitHCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton) {
        m_dragging = true;
        m_lastDrag = event->position();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void ComparePane::mouseMoveEvent(QMouseEvent *event)
{
    if (m_draggingDivider && (event->buttons() & Qt::LeftButton)) {
        if (width() > 0)
            m_view->setSwipePosition((event->position().x() - m_dividerGrabOffset) / width());
    } else if (m_dragging && (event->buttons() & Qt::LeftButton)) {
        const QPointF delta = event->position() - m_lastDrag;
        m_lastDrag = event->position();
        m_view->paneDrag(this, delta);
    } else if (!m_dragging && !m_draggingDivider) {
        updateHoverCursor(event->position());
    }
    m_view->paneHover(this, event->position());
}

void ComparePane::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && (m_dragging || m_draggingDivider)) {
        m_dragging = false;
        m_draggingDivider = false;
        updateHoverCursor(event->position());
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void ComparePane::leaveEvent(QEvent *event)
{
    m_view->paneHover(this, std::nullopt);
    QWidget::leaveEvent(event);
}

void ComparePane::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier) {
        if (m_view->paneKey(this, event->key())) {
            event->accept();
            return;
        }
    }
    QWidget::keyPressEvent(event); // ignored: the window handles zoom keys and Esc
}

void ComparePane::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    update();
}

void ComparePane::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

// --- CompareView -------------------------------------------------------------------------------

CompareView::CompareView(const QStringList &paths, QWidget *parent)
    : CompareView(paths, {}, parent)
{
}

CompareView::CompareView(const QStringList &paths, const QStringList &names, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_paths(paths.mid(0, MaxImages))
{
    setObjectName(QStringLiteral("compareView"));
    setAccessibleName(tr("Compare Images"));
    setWindowTitle(tr("Compare Images"));
    for (const QString &path : std::as_const(m_paths)) {
        Image im;
        im.path = path;
        const QString given = names.value(m_images.size());
        im.name = given.isEmpty() ? QFileInfo(path).fileName() : given;
        m_images.append(im);
    }

    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    auto *modeLabel = new QLabel(tr("&View:"), this);
    modeLabel->setObjectName(QStringLiteral("compareModeLabel"));
    modeLabel->setAccessibleName(tr("View"));
    top->addWidget(modeLabel);
    m_modeBox = new QComboBox(this);
    m_modeBox->setObjectName(QStringLiteral("compareModeBox"));
    m_modeBox->setAccessibleName(tr("Comparison View"));
    m_modeBox->setToolTip(tr("How to show the images: side by side, or for two images a swipe, an onion skin or their difference"));
    m_modeBox->addItem(tr("Side by side"), int(Mode::SideBySide));
    m_modeBox->addItem(tr("Swipe"), int(Mode::Swipe));
    m_modeBox->addItem(tr("Onion skin"), int(Mode::OnionSkin));
    m_modeBox->addItem(tr("Difference"), int(Mode::Difference));
    if (auto *model = qobject_cast<QStandardItemModel *>(m_modeBox->model())) {
        for (int row = 1; row < model->rowCount(); ++row) {
            QStandardItem *item = model->item(row);
            item->setEnabled(imageCount() == 2);
            if (imageCount() != 2)
                item->setToolTip(tr("Needs exactly two images"));
        }
    }
    modeLabel->setBuddy(m_modeBox);
    top->addWidget(m_modeBox);
    top->addStretch(1);

    auto makeButton = [this, top](const char *name, const QString &text, const QString &accessible, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setObjectName(QString::fromLatin1(name));
        b->setText(text);
        b->setAccessibleName(accessible);
        b->setToolTip(tip);
        top->addWidget(b);
        return b;
    };
    m_zoomOutButton = makeButton("compareZoomOutButton", tr("−"), tr("Zoom Out"), tr("Zoom out (-)"));
    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setTextFormat(Qt::PlainText);
    m_zoomLabel->setObjectName(QStringLiteral("compareZoomLabel"));
    m_zoomLabel->setAccessibleName(tr("Zoom"));
    m_zoomLabel->setMinimumWidth(m_zoomLabel->fontMetrics().horizontalAdvance(QStringLiteral("3200 %")) + 8);
    m_zoomLabel->setAlignment(Qt::AlignCenter);
    top->addWidget(m_zoomLabel);
    m_zoomInButton = makeButton("compareZoomInButton", tr("+"), tr("Zoom In"), tr("Zoom in (+)"));
    m_fitButton = makeButton("compareFitButton", tr("Fit"), tr("Fit to Window"), tr("Show the whole images (0)"));
    m_actualButton = makeButton("compareActualSizeButton", tr("100 %"), tr("Actual Size"),
                                tr("One image pixel per screen pixel (1)"));
    connect(m_zoomOutButton, &QToolButton::clicked, this, &CompareView::zoomOut);
    connect(m_zoomInButton, &QToolButton::clicked, this, &CompareView::zoomIn);
    connect(m_fitButton, &QToolButton::clicked, this, &CompareView::fitToView);
    connect(m_actualButton, &QToolButton::clicked, this, &CompareView::actualSize);
    layout->addLayout(top);

    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("compareStack"));
    m_stack->setAccessibleName(tr("Images"));

    auto *side = new QWidget(m_stack);
    side->setObjectName(QStringLiteral("compareSideBySide"));
    side->setAccessibleName(tr("Images Side by Side"));
    // Two or three images in a row; four in a 2 x 2 grid, so each keeps a usable size.
    auto *sideLayout = new QGridLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    const int columns = imageCount() == 4 ? 2 : std::max(1, imageCount());
    for (int c = 0; c < columns; ++c)
        sideLayout->setColumnStretch(c, 1);
    for (int r = 0; r < (imageCount() + columns - 1) / columns; ++r)
        sideLayout->setRowStretch(r, 1);
    for (int i = 0; i < imageCount(); ++i) {
        auto *column = new QVBoxLayout;
        auto *pane = new ComparePane(this, i, side);
        column->addWidget(pane, 1);
        auto *caption = new QLabel(side);
        caption->setObjectName(QStringLiteral("compareCaption%1").arg(i));
        caption->setAccessibleName(tr("Image %1 Details").arg(i + 1));
        caption->setWordWrap(true);
        caption->setTextFormat(Qt::PlainText); // file names and camera models come from the files
        caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
        column->addWidget(caption);
        sideLayout->addLayout(column, i / columns, i % columns);
        m_panes.append(pane);
        m_captions.append(caption);
    }
    for (int i = 1; i < m_panes.size(); ++i)
        setTabOrder(m_panes.at(i - 1), m_panes.at(i));
    m_stack->addWidget(side);

    auto *overlayPage = new QWidget(m_stack);
    overlayPage->setObjectName(QStringLiteral("compareOverlayPage"));
    overlayPage->setAccessibleName(tr("Images Overlaid"));
    auto *overlayLayout = new QVBoxLayout(overlayPage);
    overlayLayout->setContentsMargins(0, 0, 0, 0);
    m_overlay = new ComparePane(this, -1, overlayPage);
    overlayLayout->addWidget(m_overlay, 1);

    m_swipeRow = new QWidget(overlayPage);
    m_swipeRow->setObjectName(QStringLiteral("compareSwipeRow"));
    m_swipeRow->setAccessibleName(tr("Swipe"));
    auto *swipeLayout = new QHBoxLayout(m_swipeRow);
    swipeLayout->setContentsMargins(0, 0, 0, 0);
    auto *swipeLabel = new QLabel(tr("&Divider:"), m_swipeRow);
    swipeLabel->setObjectName(QStringLiteral("compareSwipeLabel"));
    swipeLabel->setAccessibleName(tr("Divider"));
    swipeLayout->addWidget(swipeLabel);
    m_swipeSlider = new QSlider(Qt::Horizontal, m_swipeRow);
    m_swipeSlider->setObjectName(QStringLiteral("compareSwipeSlider"));
    m_swipeSlider->setAccessibleName(tr("Divider Position"));
    m_swipeSlider->setToolTip(tr("The first image is shown left of the divider, the second one right of it"));
    m_swipeSlider->setRange(0, 1000);
    m_swipeSlider->setValue(500);
    swipeLabel->setBuddy(m_swipeSlider);
    swipeLayout->addWidget(m_swipeSlider, 1);
    overlayLayout->addWidget(m_swipeRow);

    m_onionRow = new QWidget(overlayPage);
    m_onionRow->setObjectName(QStringLiteral("compareOnionRow"));
    m_onionRow->setAccessibleName(tr("Onion Skin"));
    auto *onionLayout = new QHBoxLayout(m_onionRow);
    onionLayout->setContentsMargins(0, 0, 0, 0);
    auto *onionLabel = new QLabel(tr("&Opacity of the second image:"), m_onionRow);
    onionLabel->setObjectName(QStringLiteral("compareOpacityLabel"));
    onionLabel->setAccessibleName(tr("Opacity of the Second Image"));
    onionLayout->addWidget(onionLabel);
    m_onionSlider = new QSlider(Qt::Horizontal, m_onionRow);
    m_onionSlider->setObjectName(QStringLiteral("compareOpacitySlider"));
    m_onionSlider->setAccessibleName(tr("Opacity of the Second Image"));
    m_onionSlider->setToolTip(tr("How much of the second image shows over the first one"));
    m_onionSlider->setRange(0, 100);
    m_onionSlider->setValue(50);
    onionLabel->setBuddy(m_onionSlider);
    onionLayout->addWidget(m_onionSlider, 1);
    overlayLayout->addWidget(m_onionRow);

    m_diffLabel = new QLabel(overlayPage);

    m_diffLabel->setTextFormat(Qt::PlainText);
    m_diffLabel->setObjectName(QStringLiteral("compareDifferenceLabel"));
    m_diffLabel->setAccessibleName(tr("Difference"));
    m_diffLabel->setWordWrap(true);
    m_diffLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    overlayLayout->addWidget(m_diffLabel);

    m_overlayCaption = new QLabel(overlayPage);

    m_overlayCaption->setTextFormat(Qt::PlainText);
    m_overlayCaption->setObjectName(QStringLiteral("compareOverlayCaption"));
    m_overlayCaption->setAccessibleName(tr("Image Details"));
    m_overlayCaption->setWordWrap(true);
    m_overlayCaption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    overlayLayout->addWidget(m_overlayCaption);
    m_stack->addWidget(overlayPage);
    layout->addWidget(m_stack, 1);

    m_readout = new QLabel(this);

    m_readout->setTextFormat(Qt::PlainText);
    m_readout->setObjectName(QStringLiteral("compareReadout"));
    m_readout->setAccessibleName(tr("Pixel Under the Cursor"));
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setMinimumHeight(m_readout->fontMetrics().height() + 4);
    layout->addWidget(m_readout);

    // "Ask about these": a question about the images as shown (Image 1..N), for the chat.
    auto *askRow = new QHBoxLayout;
    auto *askLabel = new QLabel(tr("&Ask:"), this);
    askLabel->setObjectName(QStringLiteral("compareAskLabel"));
    askLabel->setAccessibleName(tr("Ask"));
    askRow->addWidget(askLabel);
    m_askPrompt = new QLineEdit(this);
    m_askPrompt->setObjectName(QStringLiteral("compareAskPrompt"));
    m_askPrompt->setAccessibleName(tr("Question About These Images"));
    m_askPrompt->setToolTip(tr("The question sent with these images, as Image 1, Image 2… in the order shown"));
    m_askPrompt->setText(tr("What are the differences between these images?"));
    m_askPrompt->setClearButtonEnabled(true);
    askLabel->setBuddy(m_askPrompt);
    askRow->addWidget(m_askPrompt, 1);
    m_askButton = new QPushButton(tr("Ask About These"), this);
    m_askButton->setObjectName(QStringLiteral("compareAskButton"));
    m_askButton->setAccessibleName(tr("Ask About These"));
    m_askButton->setAutoDefault(false);
    askRow->addWidget(m_askButton);
    layout->addLayout(askRow);
    connect(m_askButton, &QPushButton::clicked, this, &CompareView::ask);
    connect(m_askPrompt, &QLineEdit::returnPressed, this, &CompareView::ask);
    setAskEnabled(true);
    if (!m_panes.isEmpty()) {
        setTabOrder(m_panes.last(), m_askPrompt);
        setTabOrder(m_askPrompt, m_askButton);
    }

    connect(m_modeBox, &QComboBox::activated, this, [this](int row) {
        setMode(Mode(m_modeBox->itemData(row).toInt()));
    });
    connect(m_swipeSlider, &QSlider::valueChanged, this, [this] {
        m_overlay->update();
        updateReadout();
    });
    connect(m_onionSlider, &QSlider::valueChanged, m_overlay, qOverload<>(&QWidget::update));

    m_state.fitToView();
    updateModeWidgets();
    updateCaptions();
    stateChanged();
    resize(1200, 800);
    // The images have the keys when the window opens (not the mode box, which would take "0" and
    // "1" as a keyboard search).
    if (!m_panes.isEmpty())
        m_panes.first()->setFocus(Qt::OtherFocusReason);
    startLoading();
}

CompareView::~CompareView()
{
    m_cancelled->store(true);
}

bool CompareView::isModeAvailable(Mode mode) const
{
    return mode == Mode::SideBySide || imageCount() == 2;
}

void CompareView::setMode(Mode mode)
{
    if (!isModeAvailable(mode) || mode == m_mode)
        return;
    m_mode = mode;
    m_modeBox->setCurrentIndex(m_modeBox->findData(int(mode)));
    m_overlay->unsetCursor(); // the split cursor belongs to the swipe divider
    updateModeWidgets();
    m_hoverPane.clear();
    updateReadout();
    updateFit();
    startDifference();
    stateChanged();
    emit modeChanged(mode);
}

void CompareView::updateModeWidgets()
{
    const bool side = m_mode == Mode::SideBySide;
    const bool panesHadFocus = std::any_of(m_panes.begin(), m_panes.end(), [](ComparePane *p) { return p->hasFocus(); })
                               || m_overlay->hasFocus();
    m_stack->setCurrentIndex(side ? 0 : 1);
    m_swipeRow->setVisible(m_mode == Mode::Swipe);
    m_onionRow->setVisible(m_mode == Mode::OnionSkin);
    m_diffLabel->setVisible(m_mode == Mode::Difference);
    m_diffLabel->setText(differenceText());
    if (panesHadFocus) {
        if (side && !m_panes.isEmpty())
            m_panes.first()->setFocus();
        else if (!side)
            m_overlay->setFocus();
    }
}

bool CompareView::isReady() const
{
    return std::all_of(m_images.begin(), m_images.end(), [](const Image &im) { return im.firstDone; });
}

bool CompareView::isFullyLoaded() const
{
    return std::all_of(m_images.begin(), m_images.end(), [](const Image &im) { return im.fullDone; });
}

ComparePane *CompareView::pane(int i) const
{
    return i >= 0 && i < m_panes.size() ? m_panes.at(i) : nullptr;
}

QString CompareView::pixelReadout() const
{
    return m_readout->text();
}

QString CompareView::caption(int i) const
{
    return i >= 0 && i < m_captions.size() ? m_captions.at(i)->text() : QString();
}

QString CompareView::differenceText() const
{
    return m_diff ? describeDifference(*m_diff) : QString();
}

double CompareView::swipePosition() const
{
    return m_swipeSlider->value() / 1000.0;
}

void CompareView::setSwipePosition(double fraction)
{
    m_swipeSlider->setValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
}

double CompareView::onionOpacity() const
{
    return m_onionSlider->value() / 100.0;
}

void CompareView::setOnionOpacity(double opacity)
{
    m_onionSlider->setValue(int(std::lround(std::clamp(opacity, 0.0, 1.0) * 100)));
}

QSize CompareView::imageSize(int i) const
{
    if (i < 0 || i >= m_images.size() || !m_images.at(i).error.isEmpty())
        return {};
    return m_images.at(i).info.size;
}

const QImage &CompareView::pictureFor(int i, double zoom) const
{
    static const QImage none;
    if (i < 0 || i >= m_images.size())
        return none;
    const Image &im = m_images.at(i);
    if (im.pyramid && !im.pyramid->isNull())
        return im.pyramid->level(im.pyramid->levelFor(zoom));
    return im.first;
}

QString CompareView::imageError(int i) const
{
    return i >= 0 && i < m_images.size() ? m_images.at(i).error : QString();
}

void CompareView::startLoading()
{
    for (int i = 0; i < m_images.size(); ++i) {
        auto *watcher = new QFutureWatcher<CompareFirstLoad>(this);
        connect(watcher, &QFutureWatcher<CompareFirstLoad>::finished, this, [this, watcher, i] {
            onFirst(i, watcher->result());
            watcher->deleteLater();
        });
        // First pictures before full decodes: a higher priority in the shared pool.
        watcher->setFuture(QtConcurrent::task(&loadFirst)
                               .withArguments(m_images.at(i).path, m_cancelled)
                               .onThreadPool(*decodePool)
                               .withPriority(1)
                               .spawn());
    }
}

void CompareView::onFirst(int i, const CompareFirstLoad &loaded)
{
    Image &im = m_images[i];
    im.firstDone = true;
    im.error = loaded.error;
    im.info = loaded.info;
    im.date = loaded.date;
    im.camera = loaded.camera;
    im.first = loaded.first;
    if (!im.error.isEmpty() || loaded.pyramid) {
        im.pyramid = loaded.pyramid;
        im.fullDone = true;
    } else {
        auto *watcher = new QFutureWatcher<FullLoad>(this);
        connect(watcher, &QFutureWatcher<FullLoad>::finished, this, [this, watcher, i] {
            const FullLoad r = watcher->result();
            onFull(i, r.pyramid, r.error);
            watcher->deleteLater();
        });
        watcher->setFuture(QtConcurrent::task(&loadFull)
                               .withArguments(loaded.bytes, m_cancelled)
                               .onThreadPool(*decodePool)
                               .withPriority(0)
                               .spawn());
    }
    updateCaptions();
    updateFit();
    stateChanged();
    checkReady();
}

void CompareView::onFull(int i, std::shared_ptr<const ImagePyramid> pyramid, const QString &error)
{
    Image &im = m_images[i];
    im.fullDone = true;
    if (pyramid && !pyramid->isNull()) {
        im.pyramid = std::move(pyramid);
        im.info.size = im.pyramid->fullSize();
        im.first = QImage(); // the pyramid's levels replace it
    } else if (im.first.isNull()) {
        im.error = error.isEmpty() ? tr("The image can't be decoded.") : error;
    }
    // (when only the full decode failed, the first picture stays)
    updateCaptions();
    updateFit();
    stateChanged();
    updateReadout();
    checkReady();
    startDifference();
}

void CompareView::checkReady()
{
    if (!m_readyEmitted && isReady()) {
        m_readyEmitted = true;
        emit ready();
    }
    if (!m_fullEmitted && isFullyLoaded()) {
        m_fullEmitted = true;
        emit fullyLoaded();
    }
}

void CompareView::updateCaptions()
{
    QStringList overlay;
    for (int i = 0; i < m_images.size(); ++i) {
        const Image &im = m_images.at(i);
        // "Image N" matches the order the images are asked about (askRequested()).
        QStringList lines{tr("Image %1: %2").arg(QString::number(i + 1), im.name)};
        if (!im.error.isEmpty()) {
            lines << im.error;
        } else if (!im.firstDone) {
            lines << tr("Loading…");
        } else {
            lines << tr("%1 × %2 px · %3")
                         .arg(im.info.size.width())
                         .arg(im.info.size.height())
                         .arg(formatBytes(im.info.fileBytes));
            QStringList extra;
            if (!im.date.isEmpty())
                extra << im.date;
            if (!im.camera.isEmpty())
                extra << im.camera;
            if (!extra.isEmpty())
                lines << extra.join(QStringLiteral(" · "));
        }
        const QString text = lines.join(QLatin1Char('\n'));
        m_captions.at(i)->setText(text);
        m_captions.at(i)->setToolTip(plainToolTip(QDir::toNativeSeparators(im.path)));
        if (i < 2)
            overlay << lines.join(QStringLiteral(" · "));
    }
    m_overlayCaption->setText(overlay.join(QLatin1Char('\n')));
}

QList<ComparePane *> CompareView::activePanes() const
{
    if (m_mode == Mode::SideBySide)
        return m_panes;
    return {m_overlay};
}

ComparePane *CompareView::focusedOrFirstPane() const
{
    const QList<ComparePane *> panes = activePanes();
    for (ComparePane *p : panes) {
        if (p->hasFocus())
            return p;
    }
    return panes.isEmpty() ? nullptr : panes.first();
}

void CompareView::updateFit()
{
    double fit = 0;
    for (ComparePane *p : activePanes()) {
        const QSize s = imageSize(p->referenceIndex());
        const double f = ViewState::fit(s, p->size());
        if (f > 0)
            fit = fit > 0 ? std::min(fit, f) : f;
    }
    if (fit > 0 && fit != m_state.fitZoom()) {
        m_state.setFitZoom(fit);
        stateChanged();
    }
}

void CompareView::stateChanged()
{
    m_zoomLabel->setText(tr("%1 %").arg(QLocale().toString(m_state.zoom() * 100.0, 'f', m_state.zoom() < 0.1 ? 1 : 0)));
    m_zoomInButton->setEnabled(m_state.zoom() < ViewState::MaxZoom);
    m_zoomOutButton->setEnabled(m_state.zoom() > m_state.minZoom());
    for (ComparePane *p : activePanes())
        p->update();
    emit viewStateChanged();
}

void CompareView::zoomIn()
{
    m_state.zoomIn();
    stateChanged();
    updateReadout();
}

void CompareView::zoomOut()
{
    m_state.zoomOut();
    stateChanged();
    updateReadout();
}

void CompareView::fitToView()
{
    m_state.fitToView();
    stateChanged();
    updateReadout();
}

void CompareView::actualSize()
{
    m_state.setActualSize();
    stateChanged();
    updateReadout();
}

void CompareView::panBy(QPointF delta)
{
    if (ComparePane *p = activePanes().value(0))
        paneDrag(p, delta);
}

void CompareView::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (m_askPrompt->hasFocus()) {
        // Keys the question field did not take (Up, Down, Page Up...) are not the view's: typing
        // must never zoom or pan. Esc leaves the field for the images; a second Esc closes.
        if (event->key() == Qt::Key_Escape && mods == Qt::NoModifier) {
            if (ComparePane *p = activePanes().value(0))
                p->setFocus(Qt::ShortcutFocusReason);
            return;
        }
        QWidget::keyPressEvent(event);
        return;
    }
    if (mods == Qt::NoModifier || mods == Qt::ShiftModifier) {
        switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomIn();
            return;
        case Qt::Key_Minus:
        case Qt::Key_Underscore:
            zoomOut();
            return;
        case Qt::Key_0:
            fitToView();
            return;
        case Qt::Key_1:
            actualSize();
            return;
        case Qt::Key_Escape:
            close();
            return;
        default:
            break;
        }
        if (ComparePane *p = focusedOrFirstPane(); p && paneKey(p, event->key()))
            return;
    }
    QWidget::keyPressEvent(event);
}

QString CompareView::askPrompt() const
{
    return m_askPrompt->text();
}

void CompareView::setAskPrompt(const QString &prompt)
{
    m_askPrompt->setText(prompt);
}

void CompareView::setAskEnabled(bool enabled, const QString &reason)
{
    m_askEnabled = enabled;
    m_askButton->setEnabled(enabled);
    // The reason shows while disabled (why not) and also while enabled (e.g. why the last ask failed).
    m_askButton->setToolTip(
        reason.isEmpty() ? tr("Ask the chosen model this question about these images, in the order shown (Enter)")
                         : plainToolTip(reason)); // it may name a file
    m_askButton->setAccessibleDescription(reason);
}

void CompareView::ask()
{
    const QString prompt = m_askPrompt->text().trimmed();
    if (prompt.isEmpty()) {
        m_askPrompt->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (!m_askEnabled)
        return; // Enter in the field while asking is off: the button's tooltip says why
    emit askRequested(m_paths, prompt);
}

void CompareView::paneHover(ComparePane *pane, std::optional<QPointF> pos)
{
    if (pos) {
        m_hoverPane = pane;
        m_hoverPos = *pos;
    } else if (m_hoverPane == pane) {
        m_hoverPane.clear();
    }
    updateReadout();
}

QString CompareView::pixelText(int i, QPoint pixel) const
{
    const Image &im = m_images.at(i);
    const QSize s = imageSize(i);
    if (s.isEmpty())
        return {};
    const bool full = im.pyramid && !im.pyramid->isNull();
    const QImage &img = full ? im.pyramid->level(0) : im.first;
    if (img.isNull())
        return {};
    const int x = std::clamp(int(qint64(pixel.x()) * img.width() / s.width()), 0, img.width() - 1);
    const int y = std::clamp(int(qint64(pixel.y()) * img.height() / s.height()), 0, img.height() - 1);
    const QColor c = img.pixelColor(x, y);
    QString text = tr("%1: x %2, y %3 · R %4 G %5 B %6 A %7")
                       .arg(im.name)
                       .arg(pixel.x())
                       .arg(pixel.y())
                       .arg(c.red())
                       .arg(c.green())
                       .arg(c.blue())
                       .arg(c.alpha());
    if (!full)
        text += tr(" (from the first picture; full resolution still loading)");
    return text;
}

void CompareView::updateReadout()
{
    QString text;
    ComparePane *pane = m_hoverPane.data();
    if (pane && pane->isVisible()) {
        const int ref = pane->referenceIndex();
        const QSize s = imageSize(ref);
        if (const std::optional<QPoint> px = m_state.pixelAt(m_hoverPos, s, pane->size())) {
            if (!pane->isOverlay()) {
                text = pixelText(ref, *px);
            } else if (imageCount() >= 2) {
                // The second image is stretched onto the first one's geometry.
                const QSize sb = imageSize(1);
                QPoint pb;
                if (!sb.isEmpty())
                    pb = QPoint(std::min(sb.width() - 1, int(qint64(px->x()) * sb.width() / s.width())),
                                std::min(sb.height() - 1, int(qint64(px->y()) * sb.height() / s.height())));
                if (m_mode == Mode::Swipe)
                    text = m_hoverPos.x() < swipePosition() * pane->width() ? pixelText(0, *px) : pixelText(1, pb);
                else
                    text = pixelText(0, *px) + QStringLiteral("   |   ") + pixelText(1, pb);
            }
        }
    }
    m_readout->setText(text);
}

void CompareView::paneWheel(ComparePane *pane, QPointF pos, double steps)
{
    const QSize s = imageSize(pane->referenceIndex());
    if (s.isEmpty())
        return;
    m_state.zoomAt(std::pow(ViewState::ZoomStep, steps), pos, s, pane->size());
    stateChanged();
    updateReadout();
}

void CompareView::paneDrag(ComparePane *pane, QPointF delta)
{
    const QSize s = imageSize(pane->referenceIndex());
    if (s.isEmpty())
        return;
    m_state.panBy(delta, s);
    stateChanged();
    updateReadout();
}

bool CompareView::paneKey(ComparePane *pane, int key)
{
    const QSize s = imageSize(pane->referenceIndex());
    if (s.isEmpty())
        return false;
    if (!m_state.panByKey(key, s, pane->size()))
        return false;
    stateChanged();
    updateReadout();
    return true;
}

void CompareView::startDifference()
{
    if (m_mode != Mode::Difference || imageCount() != 2 || m_diff || m_diffRunning)
        return;
    if (!m_images.at(0).fullDone || !m_images.at(1).fullDone)
        return;
    auto full = [this](int i) {
        const Image &im = m_images.at(i);
        return im.pyramid && !im.pyramid->isNull() ? im.pyramid->level(0) : QImage();
    };
    const QImage a = full(0);
    const QImage b = full(1);
    m_diffRunning = true;
    auto *watcher = new QFutureWatcher<DiffResult>(this);
    connect(watcher, &QFutureWatcher<DiffResult>::finished, this, [this, watcher] {
        m_diff = watcher->result();
        m_diffRunning = false;
        watcher->deleteLater();
        m_diffLabel->setText(differenceText());
        m_overlay->update();
        emit differenceReady(*m_diff);
    });
    watcher->setFuture(QtConcurrent::run(decodePool(), [a, b] { return compareImages(a, b, DifferenceThreshold); }));
}

} // namespace squint
