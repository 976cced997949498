#pragma once

#include <QStringList>

namespace squint::cli {

/// squint capture [--region X,Y,W,H] -o FILE.png: the screen (or a part of it) as a PNG, with no
/// overlay (X11 through Qt, Wayland through the screenshot portal); returns an ExitCode. main()
/// gives it a QGuiApplication on the xcb platform in an X11 session (AppNeeds::Display).
int runCapture(const QStringList &args);

} // namespace squint::cli
