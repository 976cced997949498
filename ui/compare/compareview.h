#pragma once

// The "compare images" window: 2 to 4 images side by side with synchronised zoom and pan, and for
// two images a swipe, an onion-skin and a difference view. Images are decoded and their pyramids
// built on worker threads; painting draws only the visible part from the pyramid level that suits
// the zoom, so zoom and pan never rescale a whole image.

#include "core/compare/imagediff.h"
#include "core/images/imageinfo.h"
#include "core/compare/viewsync.h"

#include <QImage>
#include <QList>
#include <QMetaType>
#include <QPointer>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QStackedWidget;
class QToolButton;

namespace squint {

class CompareView;
struct CompareFirstLoad;

/// One image area of the compare view. In side-by-side mode each pane shows its own image; the
/// single overlay pane of the two-image modes shows both (swipe, onion skin) or the difference.
class ComparePane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComparePane)
public:
    /// `imageIndex` is the image shown in side-by-side mode; -1 for the overlay pane.
    ComparePane(CompareView *view, int imageIndex, QWidget *parent = nullptr);

    int imageIndex() const { return m_index; }
    bool isOverlay() const { return m_index < 0; }
    /// The image whose geometry this pane maps with (the first one for the overlay pane).
    int referenceIndex() const { return m_index < 0 ? 0 : m_index; }
    /// Something (a first picture or the pyramid) is there to paint, or the image failed.
    bool hasPicture() const;
    /// The part of the image visible in this pane, in normalised image coordinates (0..1).
    QRectF visibleNormalisedRect() const;
    /// Swipe mode, overlay pane: how close (in pixels, either side) a press must be to the divider
    /// to drag it instead of panning.
    static constexpr double SwipeGrabDistance = 6.0;
    /// `pos` is close enough to the swipe divider to grab it (always false outside swipe mode).
    bool isNearSwipeDivider(QPointF pos) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    void paintSingle(QPainter &p, int index);
    void paintOverlay(QPainter &p);
    /// The cursor for a pointer at `pos` when no button is held: a split cursor over the divider.
    void updateHoverCursor(QPointF pos);

    CompareView *m_view;
    int m_index;
    bool m_dragging = false;
    bool m_draggingDivider = false;
    double m_dividerGrabOffset = 0; ///< pointer x minus divider x when the divider was grabbed
    QPointF m_lastDrag;
};

/// The compare window (a top-level, non-modal QWidget). Open it with
///     auto *w = new CompareView(paths, parent);   // 2..4 image files
///     w->setAttribute(Qt::WA_DeleteOnClose);
///     w->show();
/// Keys: + / - zoom, 0 fit, 1 100 %, arrows pan, Tab next image, Esc closes. Wheel zooms at the
/// cursor, drag pans; in swipe mode dragging the divider moves it. The status line shows the
/// full-resolution pixel under the cursor. Four images are shown in a 2 x 2 grid, two or three in
/// a row. Below the images, a question field and "Ask About These" emit askRequested(); while the
/// field has focus the view's keys type into it, and Esc there returns the focus to the images.
class CompareView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareView)
public:
    enum class Mode { SideBySide, Swipe, OnionSkin, Difference };
    Q_ENUM(Mode)

    static constexpr int MinImages = 2;
    static constexpr int MaxImages = 4;
    /// Threshold passed to compareImages() (of 255).
    static constexpr int DifferenceThreshold = 16;

    /// `paths`: 2 to 4 image files (extra paths are ignored). Loading starts at once.
    explicit CompareView(const QStringList &paths, QWidget *parent = nullptr);
    /// `names`: what the captions call the images (e.g. a turn's file names when `paths` are cache
    /// copies); empty entries use the file name.
    CompareView(const QStringList &paths, const QStringList &names, QWidget *parent = nullptr);
    ~CompareView() override;

    QStringList paths() const { return m_paths; }
    int imageCount() const { return int(m_images.size()); }

    ViewState viewState() const { return m_state; }
    Mode mode() const { return m_mode; }
    /// Swipe, onion skin and difference need exactly two images.
    bool isModeAvailable(Mode mode) const;
    /// Switches the mode; an unavailable mode is ignored.
    void setMode(Mode mode);

    /// Every image shows a first picture (or its error).
    bool isReady() const;
    /// Every image has its full-resolution pyramid (or failed).
    bool isFullyLoaded() const;

    /// Side-by-side pane of image `i` (nullptr when out of range).
    ComparePane *pane(int i) const;
    /// The pane of the swipe, onion-skin and difference modes.
    ComparePane *overlayPane() const { return m_overlay; }
    /// The text of the status line's pixel readout (empty when the cursor is over no image).
    QString pixelReadout() const;
    /// The caption under image `i`: "Image N: file name", size, bytes, EXIF date and camera when known.
    QString caption(int i) const;
    /// The last difference computed (Difference mode), if any.
    std::optional<DiffResult> difference() const { return m_diff; }
    /// The sentence shown in Difference mode (empty until the difference is computed).
    QString differenceText() const;

    /// Swipe divider position, 0..1 of the pane's width; onion-skin opacity of the second image, 0..1.
    double swipePosition() const;
    void setSwipePosition(double fraction);
    double onionOpacity() const;
    void setOnionOpacity(double opacity);

    // --- what panes need (also used by ComparePane) ---
    /// Full (oriented) size of image `i`; empty until its header is read or when it failed.
    QSize imageSize(int i) const;
    /// What to draw for image `i` at `zoom` (displayed pixels per full-image pixel, device pixels
    /// included): the pyramid level that suits, or the first picture; null when nothing yet.
    const QImage &pictureFor(int i, double zoom) const;
    /// Why image `i` can't be shown (empty when it can).
    QString imageError(int i) const;
    /// The heat map of the current difference (null until computed).
    QImage heatMap() const { return m_diff ? m_diff->heatMap : QImage(); }

    /// The question of the "Ask about these" field (as typed, not trimmed).
    QString askPrompt() const;
    void setAskPrompt(const QString &prompt);
    /// Enables or disables asking (the button, and Enter in the field). A non-empty `reason` (e.g.
    /// "No connection" or "An answer is streaming") becomes the button's tooltip; an empty one
    /// restores the usual tooltip.
    void setAskEnabled(bool enabled, const QString &reason = {});
    bool isAskEnabled() const { return m_askEnabled; }

public slots:
    void zoomIn();
    void zoomOut();
    void fitToView();
    void actualSize();
    /// Drags the content by `delta` displayed pixels (as a mouse drag on the first pane would).
    void panBy(QPointF delta);
    /// What the button and Enter in the question field do: emits askRequested() with the trimmed
    /// question, or, when it is empty, puts the focus in the field and sends nothing.
    void ask();

signals:
    /// Every image shows a first picture (emitted once).
    void ready();
    /// Every image has its full-resolution pyramid (emitted once).
    void fullyLoaded();
    void differenceReady(const squint::DiffResult &result);
    void viewStateChanged();
    void modeChanged(squint::CompareView::Mode mode);
    /// The user asks about these images: `paths` in the order shown (Image 1..N, as the captions
    /// say), `prompt` trimmed and never empty.
    void askRequested(const QStringList &paths, const QString &prompt);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    friend class ComparePane;

    struct Image
    {
        QString path;
        QString name;
        QString error;
        ImageInfo info;
        QString date;
        QString camera;
        QImage first;                                 ///< quick first picture (scaled decode)
        std::shared_ptr<const ImagePyramid> pyramid;  ///< full resolution, when built
        bool firstDone = false;
        bool fullDone = false;
    };

    void startLoading();
    void onFirst(int i, const CompareFirstLoad &loaded);
    void onFull(int i, std::shared_ptr<const ImagePyramid> pyramid, const QString &error);
    void checkReady();
    void updateCaptions();
    void updateFit();
    void stateChanged();
    void updateModeWidgets();
    void startDifference();
    /// The panes in use for the current mode.
    QList<ComparePane *> activePanes() const;
    ComparePane *focusedOrFirstPane() const;

    // called by panes
    void paneHover(ComparePane *pane, std::optional<QPointF> pos);
    void updateReadout();
    QString pixelText(int i, QPoint pixel) const;
    void paneWheel(ComparePane *pane, QPointF pos, double steps);
    void paneDrag(ComparePane *pane, QPointF delta);
    bool paneKey(ComparePane *pane, int key);

    QStringList m_paths;
    QList<Image> m_images;
    ViewState m_state;
    Mode m_mode = Mode::SideBySide;
    std::optional<DiffResult> m_diff;
    bool m_diffRunning = false;
    bool m_readyEmitted = false;
    bool m_fullEmitted = false;
    std::shared_ptr<std::atomic_bool> m_cancelled = std::make_shared<std::atomic_bool>(false);

    QComboBox *m_modeBox = nullptr;
    QToolButton *m_fitButton = nullptr;
    QToolButton *m_actualButton = nullptr;
    QToolButton *m_zoomInButton = nullptr;
    QToolButton *m_zoomOutButton = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QStackedWidget *m_stack = nullptr;
    QList<ComparePane *> m_panes;
    QList<QLabel *> m_captions;
    ComparePane *m_overlay = nullptr;
    QLabel *m_overlayCaption = nullptr;
    QWidget *m_swipeRow = nullptr;
    QSlider *m_swipeSlider = nullptr;
    QWidget *m_onionRow = nullptr;
    QSlider *m_onionSlider = nullptr;
    QLabel *m_diffLabel = nullptr;
    QLabel *m_readout = nullptr;
    QLineEdit *m_askPrompt = nullptr;
    QPushButton *m_askButton = nullptr;
    bool m_askEnabled = true;
    QPointer<ComparePane> m_hoverPane; ///< the pane under the cursor, for the readout
    QPointF m_hoverPos;
};

} // namespace squint

Q_DECLARE_METATYPE(squint::DiffResult)
