#include "core/capture/capture.h"

#include "core/images/imageinfo.h"

#include <QCoreApplication>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QFile>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QPainter>
#include <QPixmap>
#include <QRandomGenerator>
#include <QScreen>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Capture)
};

const QString PortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString PortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString ScreenshotInterface = QStringLiteral("org.freedesktop.portal.Screenshot");
const QString RequestInterface = QStringLiteral("org.freedesktop.portal.Request");
} // namespace

CaptureBackend captureBackendFor(const QProcessEnvironment &env, bool portalReachable)
{
    const bool wayland = !env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty()
                         || env.value(QStringLiteral("XDG_SESSION_TYPE"))
                                    .compare(QLatin1String("wayland"), Qt::CaseInsensitive)
                                == 0;
    const bool x11 = !env.value(QStringLiteral("DISPLAY")).isEmpty();
    if (wayland)
        return portalReachable ? CaptureBackend::Portal : CaptureBackend::None;
    if (x11)
        return CaptureBackend::X11;
    return portalReachable ? CaptureBackend::Portal : CaptureBackend::None;
}

CaptureBackend detectCaptureBackend()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    bool portal = false;
    // Only asked when it matters: an X11 session never needs the bus.
    if (captureBackendFor(env, true) == CaptureBackend::Portal) {
        const QDBusConnection bus = QDBusConnection::sessionBus();
        if (bus.isConnected() && bus.interface()) {
            const QDBusReply<bool> registered = bus.interface()->isServiceRegistered(PortalService);
            // D-Bus activation starts the portal on first use: an activatable name counts.
            const QDBusReply<QStringList> activatable = bus.interface()->call(
                QStringLiteral("ListActivatableNames"));
            portal = (registered.isValid() && registered.value())
                     || (activatable.isValid() && activatable.value().contains(PortalService));
        }
    }
    return captureBackendFor(env, portal);
}

QByteArray qpaPlatformForCapture(CaptureBackend backend)
{
    return backend == CaptureBackend::X11 ? QByteArrayLiteral("xcb")
                                          : QByteArrayLiteral("offscreen");
}

QString noCaptureBackendText()
{
    return Tr::tr("This desktop offers no way to capture the screen: there is no X11 display "
                  "(DISPLAY) and no "
                  "screenshot portal (org.freedesktop.portal.Desktop on the session bus).");
}

std::optional<QRect> parseCaptureRegion(const QString &text, QString *error)
{
    const QStringList parts = text.split(QLatin1Char(','));
    int v[4] = {};
    bool ok = parts.size() == 4 && text.size() <= 64;
    for (int i = 0; ok && i < 4; ++i)
        v[i] = parts.at(i).trimmed().toInt(&ok);
    if (!ok || v[2] <= 0 || v[3] <= 0 || v[0] < 0 || v[1] < 0) {
        if (error)
            *error
                = Tr::tr(
                      "The region must be X,Y,WIDTH,HEIGHT in pixels (e.g. 0,0,800,600), not “%1”.")
                      .arg(text.left(64));
        return std::nullopt;
    }
    return QRect(v[0], v[1], v[2], v[3]);
}

QString captureName(const QDateTime &when)
{
    return Tr::tr("Screen capture %1.png").arg(when.toString(QStringLiteral("yyyy-MM-dd HH.mm.ss")));
}

QImage grabAllScreens(QString *error)
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    if (screens.isEmpty()) {
        if (error)
            *error = Tr::tr("There is no screen to capture.");
        return {};
    }
    // Each screen is placed at its position in device pixels, so a high-DPI screen keeps its real
    // resolution next to a normal one.
    struct Part
    {
        QRect rect;
        QImage image;
    };
    QList<Part> parts;
    QRect all;
    for (QScreen *s : screens) {
        const QPixmap pix = s->grabWindow(0);
        if (pix.isNull())
            continue;
        const qreal dpr = s->devicePixelRatio();
        const QPoint at(qRound(s->geometry().x() * dpr), qRound(s->geometry().y() * dpr));
        Part p{QRect(at, pix.size()), pix.toImage()};
        all = all.united(p.rect);
        parts << p;
    }
    if (parts.isEmpty()) {
        if (error)
            *error = Tr::tr("The screen could not be captured.");
        return {};
    }
    if (parts.size() == 1) {
        QImage img = parts.constFirst().image;
        img.setDevicePixelRatio(1.0);
        return img.convertToFormat(QImage::Format_RGB32);
    }
    QImage out(all.size(), QImage::Format_RGB32);
    out.fill(Qt::black);
    QPainter p(&out);
    for (Part &part : parts) {
        part.image.setDevicePixelRatio(1.0);
        p.drawImage(part.rect.topLeft() - all.topLeft(), part.image);
    }
    return out;
}

PortalScreenshot::PortalScreenshot(QDBusConnection bus, QObject *parent)
    : QObject(parent)
    , m_bus(std::move(bus))
{}

void PortalScreenshot::start(bool interactive, const QString &parentWindow)
{
    if (!m_bus.isConnected()) {
        finishWith(
            Tr::tr("The session bus is not available, so the screenshot portal can't be asked."));
        return;
    }
    // The request's object path is known before the call: subscribe first, so that a portal that
    // answers at once is not missed (xdg-desktop-portal documents this for every Request).
    const QString token = QStringLiteral("squint%1").arg(QRandomGenerator::global()->generate());
    QString sender = m_bus.baseService();
    sender.remove(0, 1).replace(QLatin1Char('.'), QLatin1Char('_'));
    m_requestPath = PortalPath + QStringLiteral("/request/") + sender + QLatin1Char('/') + token;
    m_bus.connect(PortalService,
                  m_requestPath,
                  RequestInterface,
                  QStringLiteral("Response"),
                  this,
                  SLOT(onResponse(uint, QVariantMap)));

    QDBusMessage call = QDBusMessage::createMethodCall(PortalService,
                                                       PortalPath,
                                                       ScreenshotInterface,
                                                       QStringLiteral("Screenshot"));
    QVariantMap options;
    options.insert(QStringLiteral("handle_token"), token);
    options.insert(QStringLiteral("interactive"), interactive);
    options.insert(QStringLiteral("modal"), true);
    call << parentWindow << options;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, 5 * 60 * 1000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QDBusObjectPath> reply = *w;
        if (reply.isError()) {
            finishWith(
                Tr::tr("The screenshot portal refused: %1").arg(reply.error().message().left(300)));
            return;
        }
        // Older portals pick the path themselves: follow the one they give.
        const QString path = reply.value().path();
        if (!m_done && path != m_requestPath) {
            m_bus.connect(PortalService,
                          path,
                          RequestInterface,
                          QStringLiteral("Response"),
                          this,
                          SLOT(onResponse(uint, QVariantMap)));
            m_requestPath = path;
        }
    });
}

void PortalScreenshot::onResponse(uint response, const QVariantMap &results)
{
    if (m_done)
        return;
    if (response == 1) {
        m_done = true;
        emit cancelled();
        return;
    }
    if (response != 0) {
        finishWith(Tr::tr("The screenshot portal could not take the screenshot."));
        return;
    }
    const QUrl uri(results.value(QStringLiteral("uri")).toString());
    if (!uri.isLocalFile()) {
        finishWith(Tr::tr("The screenshot portal gave no file Squint can read."));
        return;
    }
    m_done = true;
    // Reading, decoding and removing the portal's file happen on a worker thread.
    auto *watcher = new QFutureWatcher<QImage>(this);
    auto error = std::make_shared<QString>();
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, error] {
        watcher->deleteLater();
        const QImage image = watcher->result();
        if (image.isNull())
            emit failed(error->isEmpty() ? Tr::tr("The screenshot could not be read.") : *error);
        else
            emit captured(image);
    });
    watcher->setFuture(QtConcurrent::run([path = uri.toLocalFile(), error] {
        QFile f(path);
        QImage image;
        if (!f.open(QIODevice::ReadOnly)) {
            *error = Tr::tr("The screenshot could not be read: %1").arg(f.errorString());
            return image;
        }
        const QByteArray bytes = f.size() <= MaxFileBytes ? f.readAll() : QByteArray();
        f.close();
        QFile::remove(path); // the portal's copy: Squint keeps its own in the cache folder
        image = decodeImage(bytes, error.get());
        return image;
    }));
}

void PortalScreenshot::finishWith(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    emit failed(error);
}

} // namespace squint
