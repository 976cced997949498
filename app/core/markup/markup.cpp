#include "core/markup/markup.h"

#include "core/compose/traymodel.h"
#include "core/images/intake.h"
#include "core/util/hash.h"

#include <QCoreApplication>
#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Markup)
};
} // namespace

EditedFile renderEditedFile(const QString &originalPath, const EditList &edits)
{
    EditedFile out;
    QFile f(originalPath);
    if (!f.open(QIODevice::ReadOnly)) {
        out.error = Tr::tr("Squint can't read the original any more: %1").arg(f.errorString());
        return out;
    }
    if (f.size() > MaxFileBytes) {
        out.error = Tr::tr("The original is too large to edit.");
        return out;
    }
    const QByteArray bytes = f.readAll();
    QString error;
    const QImage original = decodeImage(bytes, &error);
    if (original.isNull()) {
        out.error = error.isEmpty() ? Tr::tr("Squint can't decode the original.") : error;
        return out;
    }
    const QImage edited = applyEdits(original, edits);
    const QByteArray png = encodeImage(edited, "png");
    if (png.isEmpty()) {
        out.error = Tr::tr("Squint can't encode the edited image.");
        return out;
    }
    out.path = storeInCache(png, QStringLiteral("png"), &out.error);
    if (out.path.isEmpty())
        return out;
    const IngestResult r = ingestBytes(png);
    out.probe = r.probe;
    out.sha256 = r.sha256;
    if (!r.probe.ok)
        out.error = r.probe.error;
    return out;
}

MarkupApplier::MarkupApplier(TrayModel *tray, QObject *parent)
    : QObject(parent)
    , m_tray(tray)
{}

MarkupApplier::~MarkupApplier()
{
    // The futures hold copies of what they need; waiting here keeps no worker past the app's end.
    for (auto *w : findChildren<QFutureWatcher<EditedFile> *>())
        w->waitForFinished();
}

void MarkupApplier::apply(quint64 id, const EditList &edits)
{
    const TrayItem *item = m_tray ? m_tray->itemById(id) : nullptr;
    if (!item || item->stage != ItemFacts::Stage::Ready)
        return;
    if (edits.isEmpty()) {
        m_generation[id]++;
        const quint64 newId = m_tray->clearEdits(id);
        emit applied(id, newId);
        return;
    }
    const QString original = item->originalPath.isEmpty() ? item->path : item->originalPath;
    const int generation = ++m_generation[id];
    auto *watcher = new QFutureWatcher<EditedFile>(this);
    connect(watcher,
            &QFutureWatcher<EditedFile>::finished,
            this,
            [this, watcher, id, edits, generation] {
                watcher->deleteLater();
                const EditedFile file = watcher->result();
                if (--m_running == 0)
                    emit busyChanged(false);
                if (m_generation.value(id) != generation || !m_tray || !m_tray->itemById(id))
                    return; // a newer edit of this item, or the item is gone
                m_generation.remove(id);
                if (!file.ok()) {
                    emit failed(id, file.error);
                    return;
                }
                const quint64 newId = m_tray->setEdited(id,
                                                        file.path,
                                                        file.probe.info,
                                                        file.sha256,
                                                        file.probe.thumbnail,
                                                        editListToJson(edits));
                emit applied(id, newId);
            });
    if (m_running++ == 0)
        emit busyChanged(true);
    watcher->setFuture(
        QtConcurrent::run([original, edits] { return renderEditedFile(original, edits); }));
}

} // namespace squint
