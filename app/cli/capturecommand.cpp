// squint capture: a screenshot to a file, for scripts and tests (the window has the overlay).

#include "cli/capturecommand.h"
#include "cli/clicontext.h"
#include "cli/output.h"

#include "core/capture/capture.h"
#include "core/images/imageprep.h"
#include "core/util/privatefiles.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QGuiApplication>
#include <QSaveFile>

namespace squint::cli {

int runCapture(const QStringList &args)
{
    const Command command(QStringLiteral("squint capture"));
    QCommandLineParser p;
    p.setApplicationDescription(Tr::tr(
        "Captures the screen, or the region X,Y,WIDTH,HEIGHT of it (in device pixels of the whole "
        "desktop), "
        "as a PNG file. On X11 the screens are grabbed directly; in a Wayland session the "
        "desktop's screenshot "
        "portal is asked (it may show its own confirmation).\n"
        "Exit status: 0 the file was written, 1 nothing could be captured or written, 2 usage."));
    p.addHelpOption();
    const QCommandLineOption region(QStringLiteral("region"),
                                    Tr::tr("Only this part of the screen: X,Y,WIDTH,HEIGHT."),
                                    Tr::tr("X,Y,W,H"));
    const QCommandLineOption output(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                    Tr::tr("The PNG file to write."),
                                    Tr::tr("FILE"));
    p.addOptions({region, output});
    command.parse(p, args);
    if (!p.isSet(output) || p.value(output).isEmpty() || !p.positionalArguments().isEmpty())
        return command.fail(
            Problem{Usage, Tr::tr("usage: squint capture [--region X,Y,W,H] -o FILE.png"), true});
    std::optional<QRect> rect;
    if (p.isSet(region)) {
        QString error;
        rect = parseCaptureRegion(p.value(region), &error);
        if (!rect)
            return command.fail(Usage, error);
    }

    const CaptureBackend backend = detectCaptureBackend();
    QImage image;
    QString error;
    switch (backend) {
    case CaptureBackend::None:
        return command.fail(Failure, noCaptureBackendText());
    case CaptureBackend::X11:
        if (QGuiApplication::platformName() != QLatin1String("xcb"))
            return command.fail(Failure,
                                Tr::tr("The X11 display could not be opened (Qt platform “%1”).")
                                    .arg(QGuiApplication::platformName()));
        image = grabAllScreens(&error);
        break;
    case CaptureBackend::Portal: {
        PortalScreenshot portal;
        QEventLoop loop;
        QObject::connect(&portal, &PortalScreenshot::captured, &loop, [&](const QImage &i) {
            image = i;
            loop.quit();
        });
        QObject::connect(&portal, &PortalScreenshot::cancelled, &loop, [&] {
            error = Tr::tr("The screenshot was cancelled.");
            loop.quit();
        });
        QObject::connect(&portal, &PortalScreenshot::failed, &loop, [&](const QString &e) {
            error = e;
            loop.quit();
        });
        Interruption interruption;
        QObject::connect(&interruption, &Interruption::interrupted, &loop, &QEventLoop::quit);
        portal.start(false);
        loop.exec();
        if (interruption.isInterrupted())
            return Interrupted;
        break;
    }
    }
    if (image.isNull())
        return command.fail(Failure,
                            error.isEmpty() ? Tr::tr("The screen could not be captured.") : error);
    if (rect) {
        const QRect clipped = rect->intersected(image.rect());
        if (clipped.isEmpty())
            return command.fail(Usage,
                                Tr::tr("The region is outside the screen, which is %1 × %2 pixels.")
                                    .arg(image.width())
                                    .arg(image.height()));
        image = image.copy(clipped);
    }
    const QByteArray png = encodeImage(image, "png");
    QSaveFile f(p.value(output));
    if (png.isEmpty() || !openPrivateFile(f, QIODevice::WriteOnly) || f.write(png) != png.size()
        || !f.commit())
        return command.fail(Failure,
                            Tr::tr("Could not write %1: %2").arg(p.value(output), f.errorString()));
    printErr(Tr::tr("Captured %1 × %2 pixels to %3")
                 .arg(image.width())
                 .arg(image.height())
                 .arg(p.value(output)));
    return Ok;
}

} // namespace squint::cli
