#include "ui/markup/markupeditor.h"

#include "core/images/imageinfo.h"

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace squint {

// ---- canvas ------------------------------------------------------------------------------------

MarkupCanvas::MarkupCanvas(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("markupCanvas"));
    setAccessibleName(tr("Image being marked up"));
    setAccessibleDescription(
        tr("Drag to draw with the chosen tool; click to place a callout or text."));
    setMouseTracking(false);
    setCursor(Qt::CrossCursor);
    setFocusPolicy(Qt::StrongFocus);
}

void MarkupCanvas::setRendered(const QImage &image)
{
    const bool resized = image.size() != m_rendered.size();
    m_rendered = image;
    if (resized) {
        updateGeometry();
        resize(sizeHint());
    }
    update();
}

void MarkupCanvas::setCrop(const QRect &crop)
{
    m_crop = crop;
    update();
}

void MarkupCanvas::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, 0.05, 16.0);
    updateGeometry();
    resize(sizeHint());
    update();
}

QSize MarkupCanvas::sizeHint() const
{
    if (m_rendered.isNull())
        return {200, 150};
    return QSize(std::max(1, int(m_rendered.width() * m_zoom)),
                 std::max(1, int(m_rendered.height() * m_zoom)));
}

QPoint MarkupCanvas::toImage(QPoint widgetPos) const
{
    const QPoint p(int(std::floor(widgetPos.x() / m_zoom)), int(std::floor(widgetPos.y() / m_zoom)));
    if (m_rendered.isNull())
        return p;
    return QPoint(std::clamp(p.x(), 0, m_rendered.width()),
                  std::clamp(p.y(), 0, m_rendered.height()));
}

QPoint MarkupCanvas::toWidget(QPoint imagePos) const
{
    return QPoint(int(std::lround(imagePos.x() * m_zoom)), int(std::lround(imagePos.y() * m_zoom)));
}

void MarkupCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    if (m_rendered.isNull()) {
        p.drawText(rect(), Qt::AlignCenter, tr("Opening the image…"));
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);
    p.drawImage(QRect(QPoint(0, 0), sizeHint()), m_rendered);
    auto widgetRect = [this](QRect r) {
        return QRect(toWidget(r.topLeft()), toWidget(r.bottomRight() + QPoint(1, 1)));
    };
    if (!m_crop.isNull()) {
        QPainterPath outside;
        outside.addRect(QRectF(rect()));
        QPainterPath kept;
        kept.addRect(QRectF(widgetRect(m_crop)));
        p.fillPath(outside.subtracted(kept), QColor(0, 0, 0, 140));
    }
    if (!m_dragging)
        return;
    p.setPen(QPen(palette().highlight().color(), 2, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    if (m_tool == Edit::Kind::Arrow)
        p.drawLine(toWidget(m_from), toWidget(m_to));
    else
        p.drawRect(widgetRect(QRect(m_from, m_to).normalized()));
}

void MarkupCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_rendered.isNull())
        return;
    m_from = m_to = toImage(event->position().toPoint());
    m_dragging = m_tool != Edit::Kind::Callout && m_tool != Edit::Kind::Text;
    update();
}

void MarkupCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return;
    m_to = toImage(event->position().toPoint());
    update();
}

void MarkupCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_rendered.isNull())
        return;
    const QPoint at = toImage(event->position().toPoint());
    if (m_tool == Edit::Kind::Callout || m_tool == Edit::Kind::Text) {
        emit pointClicked(at);
        return;
    }
    if (!m_dragging)
        return;
    m_dragging = false;
    m_to = at;
    update();
    if (m_tool == Edit::Kind::Arrow) {
        if (m_from != m_to)
            emit lineDrawn(QLine(m_from, m_to));
        return;
    }
    const QRect r = QRect(m_from, m_to).normalized().adjusted(0, 0, -1, -1);
    if (r.width() >= 2 && r.height() >= 2)
        emit rectDrawn(r);
}

// ---- editor ------------------------------------------------------------------------------------

namespace {
struct ToolInfo
{
    Edit::Kind kind;
    const char *objectName;
    Qt::Key key;
};
constexpr ToolInfo toolInfos[] = {
    {Edit::Kind::Rectangle, "markupRectangleTool", Qt::Key_R},
    {Edit::Kind::Arrow, "markupArrowTool", Qt::Key_A},
    {Edit::Kind::Callout, "markupCalloutTool", Qt::Key_N},
    {Edit::Kind::Text, "markupTextTool", Qt::Key_T},
    {Edit::Kind::Redact, "markupRedactTool", Qt::Key_B},
    {Edit::Kind::Pixelate, "markupPixelateTool", Qt::Key_P},
    {Edit::Kind::Crop, "markupCropTool", Qt::Key_C},
};

QImage decodeFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > MaxFileBytes) {
        *error = f.isOpen() ? MarkupEditor::tr("The image is too large to edit.")
                            : MarkupEditor::tr("Squint can't read the original any more: %1")
                                  .arg(f.errorString());
        return {};
    }
    return decodeImage(f.readAll(), error);
}

// The preview shows every mark but the crop, which the canvas draws as a dimmed frame.
EditList withoutCrops(const EditList &edits)
{
    EditList out;
    for (const Edit &e : edits)
        if (e.kind != Edit::Kind::Crop)
            out << e;
    return out;
}

QRect lastCrop(const EditList &edits)
{
    QRect crop;
    for (const Edit &e : edits)
        if (e.kind == Edit::Kind::Crop)
            crop = e.rect;
    return crop;
}
} // namespace

MarkupEditor::MarkupEditor(const QString &name,
                           const QString &originalPath,
                           const EditList &initial,
                           QWidget *parent)
    : QDialog(parent)
    , m_path(originalPath)
{
    setObjectName(QStringLiteral("markupEditor"));
    setWindowTitle(tr("Edit Image — %1").arg(name));
    setAccessibleName(tr("Image editor"));
    m_history.reset(initial);

    auto *layout = new QVBoxLayout(this);
    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("markupToolBar"));
    m_toolBar->setAccessibleName(tr("Markup tools"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    layout->addWidget(m_toolBar);

    m_tools = new QActionGroup(this);
    m_tools->setExclusive(true);
    const QHash<Edit::Kind, QString> labels{
        {Edit::Kind::Rectangle, tr("&Rectangle")},
        {Edit::Kind::Arrow, tr("&Arrow")},
        {Edit::Kind::Callout, tr("&Numbered Callout")},
        {Edit::Kind::Text, tr("&Text")},
        {Edit::Kind::Redact, tr("Redact (&Black Box)")},
        {Edit::Kind::Pixelate, tr("&Pixelate")},
        {Edit::Kind::Crop, tr("&Crop")},
    };
    const QHash<Edit::Kind, QString> tips{
        {Edit::Kind::Rectangle, tr("Drag to outline a part of the image")},
        {Edit::Kind::Arrow, tr("Drag from the tail to the point of the arrow")},
        {Edit::Kind::Callout, tr("Click to place the next number; the Text field is its note")},
        {Edit::Kind::Text, tr("Click where the text in the Text field goes")},
        {Edit::Kind::Redact,
         tr("Drag over what must not leave the computer: it becomes solid black")},
        {Edit::Kind::Pixelate, tr("Drag over a part to blur it into coarse blocks")},
        {Edit::Kind::Crop, tr("Drag the part of the image to keep")},
    };
    for (const ToolInfo &t : toolInfos) {
        QAction *a = m_toolBar->addAction(labels.value(t.kind));
        a->setObjectName(QString::fromLatin1(t.objectName));
        a->setCheckable(true);
        a->setShortcut(QKeySequence(t.key));
        a->setToolTip(
            QStringLiteral("%1 (%2)").arg(tips.value(t.kind),
                                          QKeySequence(t.key).toString(QKeySequence::NativeText)));
        a->setStatusTip(tips.value(t.kind));
        m_tools->addAction(a);
        m_toolActions.insert(int(t.kind), a);
        connect(a, &QAction::triggered, this, [this, kind = t.kind] { setTool(kind); });
    }
    m_toolBar->addSeparator();
    m_undoAction = m_toolBar->addAction(tr("&Undo"), this, &MarkupEditor::undo);
    m_undoAction->setObjectName(QStringLiteral("markupUndoAction"));
    m_undoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_redoAction = m_toolBar->addAction(tr("Re&do"), this, &MarkupEditor::redo);
    m_redoAction->setObjectName(QStringLiteral("markupRedoAction"));
    m_redoAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_toolBar->addSeparator();
    QAction *zin = m_toolBar->addAction(tr("Zoom &In"), this, &MarkupEditor::zoomIn);
    zin->setObjectName(QStringLiteral("markupZoomInAction"));
    zin->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction *zout = m_toolBar->addAction(tr("Zoom &Out"), this, &MarkupEditor::zoomOut);
    zout->setObjectName(QStringLiteral("markupZoomOutAction"));
    zout->setShortcut(QKeySequence::ZoomOut);
    QAction *zfit = m_toolBar->addAction(tr("&Fit"), this, &MarkupEditor::zoomToFit);
    zfit->setObjectName(QStringLiteral("markupZoomFitAction"));
    zfit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction *actual = m_toolBar->addAction(tr("&Actual Size"), this, [this] {
        m_canvas->setZoom(1.0);
    });
    actual->setObjectName(QStringLiteral("markupZoomActualAction"));
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));

    auto *options = new QHBoxLayout;
    auto *textLabel = new QLabel(tr("Te&xt:"), this);
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("markupText"));
    m_text->setAccessibleName(tr("Text for the Text tool and note for the next callout"));
    m_text->setPlaceholderText(tr("Text to place, or the note of the next callout"));
    m_text->setMaxLength(MaxEditText);
    textLabel->setBuddy(m_text);
    auto *colorLabel = new QLabel(tr("C&olour:"), this);
    m_color = new QComboBox(this);
    m_color->setObjectName(QStringLiteral("markupColour"));
    m_color->setAccessibleName(tr("Colour of new marks"));
    m_color->addItem(tr("Red"), QColor(0xe5, 0x1c, 0x23));
    m_color->addItem(tr("Yellow"), QColor(0xff, 0xd6, 0x00));
    m_color->addItem(tr("Blue"), QColor(0x1e, 0x6f, 0xff));
    m_color->addItem(tr("Green"), QColor(0x00, 0xa6, 0x50));
    colorLabel->setBuddy(m_color);
    m_legend = new QCheckBox(tr("Add the callout &notes to the prompt"), this);
    m_legend->setObjectName(QStringLiteral("markupLegendCheck"));
    m_legend->setAccessibleName(m_legend->text().remove(QLatin1Char('&')));
    m_legend->setToolTip(tr("Adds lines such as “1: the red box” to the question, so the model "
                            "knows what each number points at"));
    options->addWidget(textLabel);
    options->addWidget(m_text, 1);
    options->addWidget(colorLabel);
    options->addWidget(m_color);
    options->addWidget(m_legend);
    layout->addLayout(options);

    m_canvas = new MarkupCanvas;
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("markupScroll"));
    m_scroll->setAccessibleName(tr("Image"));
    m_scroll->setWidget(m_canvas);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setBackgroundRole(QPalette::Dark);
    layout->addWidget(m_scroll, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("markupStatus"));
    m_status->setAccessibleName(tr("Editor status"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel
                                             | QDialogButtonBox::Reset,
                                         this);
    buttons->setObjectName(QStringLiteral("markupButtons"));
    m_applyButton = buttons->button(QDialogButtonBox::Ok);
    m_applyButton->setText(tr("&Apply"));
    m_applyButton->setObjectName(QStringLiteral("markupApplyButton"));
    m_applyButton->setToolTip(
        tr("Send the marked-up copy instead of the original (the original file is not changed)"));
    QPushButton *reset = buttons->button(QDialogButtonBox::Reset);
    reset->setText(tr("Remove All Marks"));
    reset->setObjectName(QStringLiteral("markupResetButton"));
    connect(reset, &QPushButton::clicked, this, [this] {
        if (!edits().isEmpty()) {
            m_history.push({});
            editsChanged();
        }
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_canvas, &MarkupCanvas::rectDrawn, this, [this](const QRect &r) {
        Edit e{m_canvas->tool()};
        e.rect = r;
        addEdit(e);
    });
    connect(m_canvas, &MarkupCanvas::lineDrawn, this, [this](const QLine &line) {
        Edit e{Edit::Kind::Arrow};
        e.line = line;
        addEdit(e);
    });
    connect(m_canvas, &MarkupCanvas::pointClicked, this, [this](const QPoint &at) {
        Edit e{m_canvas->tool()};
        e.at = at;
        e.text = m_text->text().trimmed();
        if (e.kind == Edit::Kind::Text && e.text.isEmpty()) {
            m_status->setText(
                tr("Type the text in the Text field first, then click where it goes."));
            m_text->setFocus();
            return;
        }
        addEdit(e);
        if (e.kind == Edit::Kind::Callout)
            m_text->clear(); // the next callout gets its own note
    });

    connect(&m_decodeWatcher, &QFutureWatcher<QImage>::finished, this, [this] {
        m_original = m_decodeWatcher.result();
        if (m_original.isNull()) {
            m_status->setText(m_loadError);
            updateActions();
            return;
        }
        m_status->setText(tr("%1 × %2 pixels. The original file is never changed.")
                              .arg(m_original.width())
                              .arg(m_original.height()));
        m_preview = m_original;
        m_canvas->setRendered(m_original);
        zoomToFit();
        editsChanged();
        emit ready();
    });
    connect(&m_renderWatcher, &QFutureWatcher<QImage>::finished, this, [this] {
        m_rendering = false;
        m_preview = m_renderWatcher.result();
        m_canvas->setRendered(m_preview);
        if (m_renderQueued) {
            startRender();
            return;
        }
        emit rendered();
    });

    setTool(Edit::Kind::Rectangle);
    updateActions();
    resize(900, 700);
    const QString path = m_path;
    m_decodeWatcher.setFuture(
        QtConcurrent::run([path, error = &m_loadError] { return decodeFile(path, error); }));
}

MarkupEditor::~MarkupEditor()
{
    m_decodeWatcher.waitForFinished();
    m_renderWatcher.waitForFinished();
}

bool MarkupEditor::addLegendToPrompt() const
{
    return m_legend->isChecked();
}

QString MarkupEditor::promptLegend() const
{
    return addLegendToPrompt() ? calloutLegend(edits()) : QString();
}

void MarkupEditor::setTool(Edit::Kind tool)
{
    m_canvas->setTool(tool);
    if (QAction *a = m_toolActions.value(int(tool)))
        a->setChecked(true);
}

Edit::Kind MarkupEditor::tool() const
{
    return m_canvas->tool();
}

void MarkupEditor::addEdit(Edit edit)
{
    if (!isReady())
        return;
    const QSize size = m_original.size();
    if (edit.kind != Edit::Kind::Crop && edit.kind != Edit::Kind::Redact
        && edit.kind != Edit::Kind::Pixelate)
        edit.color = m_color->currentData().value<QColor>();
    // Sizes are fixed when the mark is made, so the mark looks the same wherever it is rendered.
    if (edit.kind == Edit::Kind::Rectangle || edit.kind == Edit::Kind::Arrow)
        edit.width = defaultStrokeWidth(size);
    else if (edit.kind == Edit::Kind::Callout || edit.kind == Edit::Kind::Text)
        edit.width = defaultFontPixels(size);
    else if (edit.kind == Edit::Kind::Pixelate)
        edit.blockSize = defaultBlockSize(edit.rect);
    m_history.add(edit);
    editsChanged();
}

bool MarkupEditor::undo()
{
    if (!m_history.undo())
        return false;
    editsChanged();
    return true;
}

bool MarkupEditor::redo()
{
    if (!m_history.redo())
        return false;
    editsChanged();
    return true;
}

void MarkupEditor::zoomIn()
{
    m_canvas->setZoom(m_canvas->zoom() * 1.25);
}

void MarkupEditor::zoomOut()
{
    m_canvas->setZoom(m_canvas->zoom() / 1.25);
}

void MarkupEditor::zoomToFit()
{
    if (m_original.isNull())
        return;
    const QSize view = m_scroll->viewport()->size() - QSize(4, 4);
    const double zoom = std::min(double(view.width()) / m_original.width(),
                                 double(view.height()) / m_original.height());
    m_canvas->setZoom(std::min(1.0, zoom));
}

void MarkupEditor::editsChanged()
{
    m_canvas->setCrop(lastCrop(edits()));
    updateActions();
    startRender();
}

void MarkupEditor::startRender()
{
    if (!isReady())
        return;
    if (m_rendering) {
        m_renderQueued = true; // one more render once this one is done, with the newest list
        return;
    }
    m_renderQueued = false;
    m_rendering = true;
    m_renderWatcher.setFuture(QtConcurrent::run(
        [image = m_original, edits = withoutCrops(edits())] { return applyEdits(image, edits); }));
}

void MarkupEditor::updateActions()
{
    m_undoAction->setEnabled(m_history.canUndo());
    m_redoAction->setEnabled(m_history.canRedo());
    const int marks = int(edits().size());
    m_applyButton->setEnabled(isReady());
    if (isReady())
        m_status->setText(
            hasRedaction(edits())
                ? tr("%n mark(s); redacted parts are replaced in what is sent.", nullptr, marks)
                : tr("%n mark(s). The original file is never changed.", nullptr, marks));
}

} // namespace squint
