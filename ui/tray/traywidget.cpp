#include "ui/tray/traywidget.h"

#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/util/settings.h"
#include "ui/tray/pdfpagesdialog.h"
#include "ui/tray/traydelegate.h"

#include <QDrag>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace squint {

// ---------------------------------------------------------------------------------------------
// TrayView

TrayView::TrayView(Composer *composer, QWidget *parent)
    : QListView(parent)
    , m_composer(composer)
    , m_delegate(new TrayDelegate(this))
{
    setObjectName(QStringLiteral("trayView"));
    setAccessibleName(tr("Image tray"));
    setAccessibleDescription(tr("Images that go with the prompt. Drop or paste images here; Delete removes the selected ones."));

    setModel(composer->tray());
    setItemDelegate(m_delegate);

    // A plain list: every item needs room for its facts, and list mode reorders through the model.
    setViewMode(QListView::ListMode);
    setFlow(QListView::TopToBottom);
    setWrapping(false);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(false);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(false);
    setMouseTracking(true);

    // Drag and drop: internal moves reorder (TrayModel's own MIME type), anything else is intake.
    setMovement(QListView::Snap);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
    setDragEnabled(true);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setDropIndicatorShown(false); // we draw our own line: the base class's depends on its drop handling
}

QString TrayView::emptyHint()
{
    return tr("Drop images here, paste a screenshot, or use Add Images...");
}

QList<quint64> TrayView::selectedIds() const
{
    QList<quint64> ids;
    if (!selectionModel())
        return ids;
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : std::as_const(rows))
        ids << index.data(TrayModel::IdRole).toULongLong();
    return ids;
}

bool TrayView::isReorder(const QMimeData *mime) const
{
    if (!mime || !model())
        return false;
    // The model's private type marks items dragged inside the tray; shared types (file lists,
    // images) mean intake even when the model also lists them.
    static const QStringList shared = {QStringLiteral("text/uri-list"), QStringLiteral("text/plain"),
                                       QStringLiteral("application/x-qt-image")};
    const QStringList types = model()->mimeTypes();
    for (const QString &type : types) {
        if (!shared.contains(type) && !type.startsWith(QLatin1String("image/")) && mime->hasFormat(type))
            return true;
    }
    return false;
}

int TrayView::dropRowAt(QPoint pos) const
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid()) {
        // Above the first item or below the last one.
        if (model()->rowCount() > 0 && pos.y() < visualRect(model()->index(0, 0)).top())
            return 0;
        return model()->rowCount();
    }
    const QRect rect = visualRect(index);
    return pos.y() < rect.center().y() ? index.row() : index.row() + 1;
}

void TrayView::setDropRow(int row)
{
    if (m_dropRow == row)
        return;
    m_dropRow = row;
    viewport()->update();
}

void TrayView::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (isReorder(mime)) {
        event->setDropAction(Qt::MoveAction);
        event->accept();
    } else if (Composer::canAccept(mime)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void TrayView::dragMoveEvent(QDragMoveEvent *event)
{
    const QMimeData *mime = event->mimeData();
    const QPoint pos = event->position().toPoint();
    if (isReorder(mime)) {
        event->setDropAction(Qt::MoveAction);
        event->accept();
        setDropRow(dropRowAt(pos));
    } else if (Composer::canAccept(mime)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
        setDropRow(-1);
    } else {
        event->ignore();
        setDropRow(-1);
    }
    const int margin = autoScrollMargin();
    if (hasAutoScroll() && (pos.y() < margin || pos.y() > viewport()->height() - margin))
        startAutoScroll();
}

void TrayView::dragLeaveEvent(QDragLeaveEvent *event)
{
    stopAutoScroll();
    setDropRow(-1);
    event->accept();
}

void TrayView::dropEvent(QDropEvent *event)
{
    stopAutoScroll();
    setDropRow(-1);
    const QMimeData *mime = event->mimeData();
    if (isReorder(mime)) {
        // The model moves the rows itself (and answers false so that a stock view would not
        // remove the "source" rows afterwards); startDrag() below has no such step either.
        const int row = dropRowAt(event->position().toPoint());
        model()->dropMimeData(mime, Qt::MoveAction, row, 0, QModelIndex());
        event->setDropAction(Qt::MoveAction);
        event->accept();
        return;
    }
    if (Composer::canAccept(mime)) {
        m_composer->addMimeData(mime);
        event->setDropAction(Qt::CopyAction);
        event->accept();
        return;
    }
    event->ignore();
}

void TrayView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) && event->modifiers() == Qt::NoModifier) {
        event->accept();
        emit removeRequested();
        return;
    }
    QListView::keyPressEvent(event);
}

void TrayView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);

    QPainter p(viewport());
    if (model() && model()->rowCount() == 0) {
        // Empty state: say what the tray is for and how to fill it.
        QColor color = palette().color(QPalette::PlaceholderText);
        p.setPen(color);
        const QRect box = viewport()->rect().adjusted(24, 24, -24, -24);
        p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, emptyHint());
        return;
    }
    if (m_dropRow >= 0 && model()) {
        const int rows = model()->rowCount();
        int y = 0;
        if (m_dropRow < rows)
            y = visualRect(model()->index(m_dropRow, 0)).top();
        else if (rows > 0)
            y = visualRect(model()->index(rows - 1, 0)).bottom() + 1;
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.drawLine(QPoint(4, y), QPoint(viewport()->width() - 4, y));
    }
}

void TrayView::startDrag(Qt::DropActions supportedActions)
{
    // QAbstractItemView::startDrag() removes the source rows after a move; here the drop moves
    // them, so the drag is started without that step.
    QModelIndexList indexes = selectionModel() ? selectionModel()->selectedRows() : QModelIndexList();
    if (indexes.isEmpty())
        return;
    std::sort(indexes.begin(), indexes.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QMimeData *mime = model()->mimeData(indexes);
    if (!mime)
        return;
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    const QImage thumbnail = indexes.constFirst().data(TrayModel::ThumbnailRole).value<QImage>();
    if (!thumbnail.isNull()) {
        const qreal dpr = devicePixelRatioF();
        const int edge = qRound(TrayDelegate::ThumbEdge * dpr);
        QPixmap pixmap = QPixmap::fromImage(thumbnail.scaled(edge, edge, Qt::KeepAspectRatio, Qt::FastTransformation));
        pixmap.setDevicePixelRatio(dpr);
        drag->setPixmap(pixmap);
        drag->setHotSpot(QPoint(int(pixmap.deviceIndependentSize().width() / 2), 0));
    }
    drag->exec(supportedActions & Qt::MoveAction ? Qt::MoveAction : supportedActions, Qt::MoveAction);
}

// ---------------------------------------------------------------------------------------------
// TrayWidget

TrayWidget::TrayWidget(Composer *composer, QWidget *parent)
    : QWidget(parent)
    , m_composer(composer)
{
    setObjectName(QStringLiteral("trayWidget"));
    setAccessibleName(tr("Images"));

    m_view = new TrayView(composer, this);
    m_hint = m_view->accessibleDescription();

    m_addButton = new QPushButton(tr("Add Images..."), this);
    m_addButton->setObjectName(QStringLiteral("addImagesButton"));
    m_addButton->setAccessibleName(tr("Add Images"));
    m_addButton->setToolTip(tr("Choose image files to add to the tray"));

    m_removeButton = new QPushButton(tr("Remove"), this);
    m_removeButton->setObjectName(QStringLiteral("removeButton"));
    m_removeButton->setAccessibleName(tr("Remove Selected Images"));
    m_removeButton->setToolTip(tr("Remove the selected images from the tray (Delete)"));

    m_clearButton = new QPushButton(tr("Clear All"), this);
    m_clearButton->setObjectName(QStringLiteral("clearButton"));
    m_clearButton->setAccessibleName(tr("Clear All Images"));
    m_clearButton->setToolTip(tr("Remove every image from the tray"));

    m_fitButton = new QPushButton(tr("Fit to Model"), this);
    m_fitButton->setObjectName(QStringLiteral("fitButton"));
    m_fitButton->setAccessibleName(tr("Fit to Model"));
    m_fitButton->setToolTip(tr("Scale down and re-encode the images so the request fits the chosen model. "
                               "Your original files are not changed."));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("traySummaryLabel"));
    m_summary->setAccessibleName(tr("Tray summary"));
    m_summary->setTextFormat(Qt::PlainText);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addWidget(m_clearButton);
    buttons->addStretch(1);
    buttons->addWidget(m_fitButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);

    connect(m_addButton, &QPushButton::clicked, this, &TrayWidget::addImagesWithDialog);
    connect(m_removeButton, &QPushButton::clicked, this, &TrayWidget::removeSelected);
    connect(m_clearButton, &QPushButton::clicked, this, &TrayWidget::clearAll);
    connect(m_fitButton, &QPushButton::clicked, this, &TrayWidget::fitToModel);
    connect(m_view, &TrayView::removeRequested, this, &TrayWidget::removeSelected);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        emit selectionChanged();
    });
    TrayModel *tray = composer->tray();
    connect(tray, &QAbstractItemModel::rowsInserted, this, &TrayWidget::updateActions);
    connect(tray, &QAbstractItemModel::rowsRemoved, this, &TrayWidget::updateActions);
    connect(tray, &QAbstractItemModel::modelReset, this, &TrayWidget::updateActions);
    connect(composer, &Composer::busyChanged, this, &TrayWidget::updateActions);
    connect(composer, &Composer::evaluationChanged, this, &TrayWidget::updateActions);
    new PdfImportFlow(composer, this); // PDFs: which pages, then progress with Cancel
    updateActions();
}

bool TrayWidget::hasSelection() const
{
    return m_view->selectionModel() && m_view->selectionModel()->hasSelection();
}

QStringList TrayWidget::imageNameFilters()
{
    QStringList patterns;
    const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    for (const QByteArray &format : formats)
        patterns << QLatin1String("*.") + QString::fromLatin1(format);
#ifdef SQUINT_HAVE_HEIF
    for (const char *extra : {"heic", "heif", "avif"}) {
        const QString pattern = QLatin1String("*.") + QLatin1String(extra);
        if (!patterns.contains(pattern))
            patterns << pattern;
    }
#endif
    patterns.removeDuplicates();
    patterns << QStringLiteral("*.pdf"); // each chosen page becomes an image
    return {tr("Images and PDFs (%1)").arg(patterns.join(QLatin1Char(' '))), tr("All files (*)")};
}

void TrayWidget::addImagesWithDialog()
{
    const QString start = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add Images"), start,
                                                            imageNameFilters().join(QLatin1String(";;")));
    if (!files.isEmpty())
        m_composer->addPaths(files);
}

void TrayWidget::addFolderWithDialog()
{
    const QString start = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add Folder"), start);
    if (!folder.isEmpty())
        m_composer->addPaths({folder});
}

void TrayWidget::removeSelected()
{
    const QList<quint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    // Keep the keyboard user's place: select the item that takes the first removed one's row.
    const int firstRow = m_composer->tray()->rowOf(ids.constFirst()); // ids are in row order
    m_composer->remove(ids);
    const int rows = m_composer->tray()->rowCount();
    if (firstRow >= 0 && rows > 0) {
        const QModelIndex next = m_composer->tray()->index(qMin(firstRow, rows - 1), 0);
        m_view->selectionModel()->setCurrentIndex(next, QItemSelectionModel::ClearAndSelect);
    }
}

void TrayWidget::clearAll()
{
    m_composer->clear();
}

void TrayWidget::fitToModel()
{
    m_composer->fitToModel();
}

void TrayWidget::selectAll()
{
    m_view->selectAll();
    m_view->setFocus(Qt::ShortcutFocusReason);
}

void TrayWidget::updateActions()
{
    const int count = m_composer->tray()->rowCount();
    const bool busy = m_composer->isBusy();
    const bool selection = hasSelection();
    m_removeButton->setEnabled(selection);
    m_clearButton->setEnabled(count > 0);
    m_fitButton->setEnabled(count > 0 && !busy);

    QString summary;
    if (count == 0) {
        summary = tr("No images");
    } else {
        summary = tr("%n image(s)", nullptr, count);
        const int selected = int(m_view->selectionModel()->selectedRows().size());
        if (selected > 0)
            summary = tr("%1, %n selected", nullptr, selected).arg(summary);
    }
    const int pending = m_composer->pendingWork();
    if (busy && pending > 0)
        summary = tr("%1 \u2014 working on %n image(s)...", nullptr, pending).arg(summary);
    m_summary->setText(summary);
    m_view->setAccessibleDescription(summary + QLatin1String(". ") + m_hint);
}

} // namespace squint
