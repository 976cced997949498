#include "core/util/settings.h"

#include "core/catalog/catalog.h"

#include <QStandardPaths>
#include <QUrl>

namespace squint {

namespace {
QString defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/squint.ini");
}
constexpr int DefaultFolderCap = 1000;
} // namespace

Settings::Settings(const QString &iniPath, QObject *parent)
    : QObject(parent)
    , m_settings(iniPath.isEmpty() ? defaultPath() : iniPath, QSettings::IniFormat)
{
    if (m_settings.value(QStringLiteral("version")).toInt() < 1)
        m_settings.setValue(QStringLiteral("version"), 1);
}

QString Settings::lastModel() const
{
    return m_settings.value(QStringLiteral("model/last"), QStringLiteral("databricks-claude-sonnet-4-5")).toString();
}

void Settings::setLastModel(const QString &name) { m_settings.setValue(QStringLiteral("model/last"), name); }

int Settings::folderFileCap() const
{
    const int cap = m_settings.value(QStringLiteral("intake/folderFileCap"), DefaultFolderCap).toInt();
    return cap >= 1 && cap <= 100000 ? cap : DefaultFolderCap;
}

void Settings::setFolderFileCap(int cap) { m_settings.setValue(QStringLiteral("intake/folderFileCap"), cap); }

bool Settings::keepImageMetadata() const
{
    return m_settings.value(QStringLiteral("privacy/keepImageMetadata"), false).toBool();
}

void Settings::setKeepImageMetadata(bool on)
{
    if (on == keepImageMetadata())
        return;
    m_settings.setValue(QStringLiteral("privacy/keepImageMetadata"), on);
    emit keepImageMetadataChanged(on);
}

QString Settings::endpointGroup(const QString &endpoint)
{
    // QSettings keys can't hold '/' or '\\' safely; percent-encode the endpoint name.
    return QStringLiteral("limits/") + QString::fromLatin1(QUrl::toPercentEncoding(endpoint, "-_.:"));
}

QHash<QString, qint64> Settings::limitOverrides(const QString &endpoint) const
{
    QHash<QString, qint64> out;
    m_settings.beginGroup(endpointGroup(endpoint));
    for (const QString &field : LimitField::all()) {
        bool ok = false;
        const qint64 v = m_settings.value(field).toLongLong(&ok);
        if (ok && v >= 0)
            out.insert(field, v);
    }
    m_settings.endGroup();
    return out;
}

void Settings::setLimitOverrides(const QString &endpoint, const QHash<QString, qint64> &overrides)
{
    m_settings.remove(endpointGroup(endpoint));
    m_settings.beginGroup(endpointGroup(endpoint));
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        m_settings.setValue(it.key(), it.value());
    m_settings.endGroup();
    m_settings.sync();
    emit limitOverridesChanged(endpoint);
}

QByteArray Settings::windowGeometry() const { return m_settings.value(QStringLiteral("window/geometry")).toByteArray(); }
void Settings::setWindowGeometry(const QByteArray &g) { m_settings.setValue(QStringLiteral("window/geometry"), g); }
QByteArray Settings::windowState() const { return m_settings.value(QStringLiteral("window/state")).toByteArray(); }
void Settings::setWindowState(const QByteArray &s) { m_settings.setValue(QStringLiteral("window/state"), s); }
QByteArray Settings::splitterState(const QString &name) const
{
    return m_settings.value(QStringLiteral("window/splitter-") + name).toByteArray();
}
void Settings::setSplitterState(const QString &name, const QByteArray &s)
{
    m_settings.setValue(QStringLiteral("window/splitter-") + name, s);
}

bool Settings::sendWithEnter() const { return m_settings.value(QStringLiteral("prompt/sendWithEnter"), false).toBool(); }

void Settings::setSendWithEnter(bool on) { m_settings.setValue(QStringLiteral("prompt/sendWithEnter"), on); }

qint64 Settings::lastConversation() const
{
    return m_settings.value(QStringLiteral("history/lastConversation"), 0).toLongLong();
}

void Settings::setLastConversation(qint64 id)
{
    m_settings.setValue(QStringLiteral("history/lastConversation"), id);
}

ChatParameters Settings::chatParameters() const
{
    ChatParameters p;
    p.system = m_settings.value(QStringLiteral("chat/system")).toString();
    p.temperature = m_settings.value(QStringLiteral("chat/temperature"), -1.0).toDouble();
    p.maxTokens = m_settings.value(QStringLiteral("chat/maxTokens"), 0).toInt();
    if (p.temperature > 2)
        p.temperature = 2;
    if (p.maxTokens < 0)
        p.maxTokens = 0;
    return p;
}

void Settings::setChatParameters(const ChatParameters &p)
{
    m_settings.setValue(QStringLiteral("chat/system"), p.system);
    m_settings.setValue(QStringLiteral("chat/temperature"), p.temperature);
    m_settings.setValue(QStringLiteral("chat/maxTokens"), p.maxTokens);
}

} // namespace squint
