#pragma once

#include <QListView>
#include <QWidget>

class QLabel;
class QPushButton;

namespace squint {

class Composer;
class TrayDelegate;

/// The tray list. Items are reordered by dragging them inside the list (the model moves them);
/// files, links and image data dropped from outside go to the composer. Paints a hint when empty.
class TrayView final : public QListView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayView)
public:
    explicit TrayView(Composer *composer, QWidget *parent = nullptr);

    QList<quint64> selectedIds() const;
    /// The hint painted while the tray is empty.
    static QString emptyHint();

signals:
    void removeRequested();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void startDrag(Qt::DropActions supportedActions) override;

private:
    bool isReorder(const QMimeData *mime) const;
    /// Row a drop at `pos` (viewport coordinates) inserts before.
    int dropRowAt(QPoint pos) const;
    void setDropRow(int row);

    Composer *m_composer = nullptr;
    TrayDelegate *m_delegate = nullptr;
    int m_dropRow = -1; ///< where the reorder indicator is drawn, -1 for none
};

/// The tray pane: buttons above the list (Add Images..., Remove, Clear All, Fit to Model).
/// Every action ends in a Composer call; nothing is decided here.
class TrayWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayWidget)
public:
    explicit TrayWidget(Composer *composer, QWidget *parent = nullptr);

    TrayView *view() const { return m_view; }
    QList<quint64> selectedIds() const { return m_view->selectedIds(); }
    bool hasSelection() const;

    void addImagesWithDialog();
    void addFolderWithDialog();
    void removeSelected();
    void clearAll();
    void fitToModel();
    void selectAll();

    /// Name filter for the Add Images dialog: every format this build reads, then "All files".
    static QStringList imageNameFilters();

signals:
    void selectionChanged();

private:
    void updateActions();

    Composer *m_composer = nullptr;
    TrayView *m_view = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    QPushButton *m_fitButton = nullptr;
    QLabel *m_summary = nullptr;
    QString m_hint; ///< the view's own accessible description, kept after the summary
};

} // namespace squint
