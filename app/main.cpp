// Squint's entry point: picks a headless run (--help, --version, subcommands) or the window.
#include "cli/commandline.h"
#include "core/application/appcontroller.h"
#include "core/application/singleinstance.h"
#include "core/capture/capture.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QNetworkProxyFactory>
#include <QProcessEnvironment>
#include <QTimer>
#include <QTranslator>

#include <utility>

namespace {
void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("squint"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SQUINT_VERSION));
}

void installTranslators(QCoreApplication &app)
{
    // Source strings are English; the English translation only adds plural forms ("1 image",
    // "2 images"), so it is the fallback for every locale Squint has no translation for.
    auto *own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("squint"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || own->load(QStringLiteral(":/i18n/squint_en.qm")))
        app.installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
}
} // namespace

int main(int argc, char *argv[])
{
    describeApplication();
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    // Requests go through the system's proxy settings (http_proxy and friends on Linux).
    QNetworkProxyFactory::setUseSystemConfiguration(true);

    switch (squint::cli::appNeeds(args)) {
    case squint::cli::AppNeeds::Core: {
        QCoreApplication app(argc, argv);
        installTranslators(app);
        return squint::cli::runHeadless(squint::cli::parse(QCoreApplication::arguments()));
    }
    case squint::cli::AppNeeds::HeadlessGui: {
        // Fonts and painting without a display.
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        installTranslators(app);
        return squint::cli::runHeadless(squint::cli::parse(QCoreApplication::arguments()));
    }
    case squint::cli::AppNeeds::Display: {
        // squint capture: the platform the screen is grabbed with (xcb on X11; the portal needs none).
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM",
                    squint::qpaPlatformForCapture(
                        squint::captureBackendFor(QProcessEnvironment::systemEnvironment(), true)));
        QGuiApplication app(argc, argv);
        installTranslators(app);
        return squint::cli::runHeadless(squint::cli::parse(QCoreApplication::arguments()));
    }
    case squint::cli::AppNeeds::Window:
        break;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Squint"));
    QApplication::setDesktopFileName(QStringLiteral(SQUINT_APP_ID));
    installTranslators(app);
    const squint::cli::Invocation inv = squint::cli::parse(QCoreApplication::arguments());
    if (inv.mode != squint::cli::Invocation::Mode::Gui)
        return squint::cli::runHeadless(inv);

    // squint --capture hands the request to the Squint already running, if there is one.
    squint::SingleInstance instance;
    if (inv.capture && instance.sendToRunning(QStringLiteral("capture")))
        return 0;
    instance.listen();

    squint::AppSetup setup;
    setup.model = inv.model;
    squint::AppController controller(std::move(setup));
    squint::MainWindow window(&controller);
    controller.start();
    window.show();
    controller.addInputs(inv.inputs);
    QObject::connect(&instance,
                     &squint::SingleInstance::messageReceived,
                     &window,
                     [&window](const QString &message) {
                         if (message == QLatin1String("capture"))
                             window.captureScreenRegion();
                     });
    if (inv.capture)
        QTimer::singleShot(0, &window, [&window] { window.captureScreenRegion(); });
    return app.exec();
}
