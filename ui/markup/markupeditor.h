#pragma once

#include "core/markup/editlist.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QHash>
#include <QImage>
#include <QWidget>

class QActionGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QToolBar;

namespace squint {

/// The image with its marks, at a zoom. Shows the last render of the edit list (made on a worker by
/// the editor) and the outline of the mark being dragged; turns mouse gestures into edits.
class MarkupCanvas final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkupCanvas)
public:
    explicit MarkupCanvas(QWidget *parent = nullptr);

    void setRendered(const QImage &image);
    /// The crop to show (the part outside is dimmed); null for none.
    void setCrop(const QRect &crop);
    void setTool(Edit::Kind tool) { m_tool = tool; }
    Edit::Kind tool() const { return m_tool; }
    void setZoom(double zoom);
    double zoom() const { return m_zoom; }
    /// Widget coordinates to original image pixels, and back.
    QPoint toImage(QPoint widgetPos) const;
    QPoint toWidget(QPoint imagePos) const;
    QSize sizeHint() const override;

signals:
    /// A finished gesture: a rectangle (crop, rectangle, redact, pixelate), a line (arrow) or a
    /// point (callout, text), in original pixels.
    void rectDrawn(const QRect &rect);
    void lineDrawn(const QLine &line);
    void pointClicked(const QPoint &at);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QImage m_rendered; ///< the edits applied but the crop, which is drawn over it
    QRect m_crop;
    Edit::Kind m_tool = Edit::Kind::Rectangle;
    double m_zoom = 1.0;
    bool m_dragging = false;
    QPoint m_from, m_to; ///< image pixels
};

/// The editor for one tray image: crop, rectangle, arrow, numbered callout, text and redaction
/// (black box or pixelate) with undo/redo and zoom. It decodes and renders on worker threads; the
/// result is an edit list the window hands to the composer, which makes the variant that is sent.
class MarkupEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkupEditor)
public:
    /// Edits the image at `originalPath` (never written), starting from `edits`.
    MarkupEditor(const QString &name,
                 const QString &originalPath,
                 const EditList &edits,
                 QWidget *parent = nullptr);
    ~MarkupEditor() override;

    /// True once the original is decoded and shown (the tools work from then on).
    bool isReady() const { return !m_original.isNull(); }
    /// True while no render is pending: what is shown is the current edit list.
    bool isIdle() const { return isReady() && !m_rendering && !m_renderQueued; }
    QString loadError() const { return m_loadError; }
    const EditList &edits() const { return m_history.current(); }
    /// Whether the user asked for the callout notes to go into the prompt.
    bool addLegendToPrompt() const;
    /// "1: ..." lines for the prompt, when asked for and any callout has a note; else empty.
    QString promptLegend() const;

    void setTool(Edit::Kind tool);
    Edit::Kind tool() const;
    bool undo();
    bool redo();
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    MarkupCanvas *canvas() const { return m_canvas; }
    /// The last rendered preview (the edits applied at full resolution).
    QImage preview() const { return m_preview; }

signals:
    void ready();
    void rendered();

private:
    void addEdit(Edit edit);
    void editsChanged();
    void startRender();
    void updateActions();

    QString m_path;
    QImage m_original;
    QImage m_preview;
    QString m_loadError;
    EditHistory m_history;
    MarkupCanvas *m_canvas = nullptr;
    QScrollArea *m_scroll = nullptr;
    QToolBar *m_toolBar = nullptr;
    QActionGroup *m_tools = nullptr;
    QHash<int, QAction *> m_toolActions; ///< by int(Edit::Kind)
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QLineEdit *m_text = nullptr;
    QComboBox *m_color = nullptr;
    QCheckBox *m_legend = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_applyButton = nullptr;
    QFutureWatcher<QImage> m_decodeWatcher;
    QFutureWatcher<QImage> m_renderWatcher;
    bool m_rendering = false;
    bool m_renderQueued = false;
};

} // namespace squint
