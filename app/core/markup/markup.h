#pragma once

#include "core/images/imageinfo.h"
#include "core/markup/editlist.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace squint {

class TrayModel;

/// The edited variant of a tray image: a PNG in the cache folder made from the original and an
/// edit list. PNG keeps redactions exact (no lossy blocks with traces of what was under them).
struct EditedFile
{
    QString path;
    ProbeResult probe; ///< of the edited file (info, thumbnail) when ok
    QByteArray sha256; ///< of the edited file
    QString error;     ///< why it could not be made
    bool ok() const { return error.isEmpty() && probe.ok; }
};

/// Decodes the original at `originalPath` (orientation applied), applies `edits`, encodes PNG with
/// no metadata and stores it in the cache folder. Blocking: call it on a worker thread.
EditedFile renderEditedFile(const QString &originalPath, const EditList &edits);

/// Makes edited variants for the tray off the GUI thread and puts them in the tray model. The item
/// gets a new id when its pixels change, so work still running for the old pixels (conversions, Fit)
/// finds no item to report to and can never send unedited pixels.
class MarkupApplier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkupApplier)
public:
    explicit MarkupApplier(TrayModel *tray, QObject *parent = nullptr);
    ~MarkupApplier() override;

    /// Applies `edits` to the original of tray item `id` (an empty list restores the original).
    void apply(quint64 id, const EditList &edits);
    bool isBusy() const { return m_running > 0; }

signals:
    /// The item now shows its edited variant under `newId`.
    void applied(quint64 oldId, quint64 newId);
    void failed(quint64 id, const QString &error);
    void busyChanged(bool busy);

private:
    QPointer<TrayModel> m_tray;
    QHash<quint64, int> m_generation; ///< per item: only the newest request lands
    int m_running = 0;
};

} // namespace squint
